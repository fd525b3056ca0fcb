// A minimal LSP client for tests and benchmarks: starts dist/server.js --stdio as a child
// process and speaks JSON-RPC to it, answering the server's own requests like VS Code does.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { SERVER_ENV } from '../../src/extension/server-env';

export const SERVER = path.join(__dirname, '..', '..', '..', 'dist', 'server.js');

/** The server's environment as the extension gives it (src/extension/server-env.ts), plus `extra`. */
export function serverEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...SERVER_ENV, ...extra };
}

export interface ClientOptions {
  /** The goForCloud section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Whether to advertise workspace/diagnostic/refresh support (default true). */
  refreshSupport?: boolean;
  /** Extra environment variables of the server process. */
  env?: Record<string, string>;
}

export class LspClient {
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  refreshes = 0;
  configurationRequests = 0;
  settings: Record<string, unknown>;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  private exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
    opts: ClientOptions,
  ) {
    this.settings = opts.settings ?? {};
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((i) => (i.section === 'goForCloud' ? this.settings : null));
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    connection.listen();
  }

  static async start(opts: ClientOptions = {}, rootDir?: string): Promise<{ client: LspClient; init: InitializeResult }> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv(opts.env) });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, connection, opts);
    const init = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: rootDir ? uriOf(rootDir) : null,
      capabilities: {
        workspace: {
          configuration: true,
          diagnostics: { refreshSupport: opts.refreshSupport ?? true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } } },
      },
    });
    await connection.sendNotification('initialized', {});
    return { client, init };
  }

  async open(file: string, text: string, languageId = 'go'): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Sends incremental changes (each against the text left by the previous one). */
  async change(uri: string, edits: TextEdit[]): Promise<void> {
    let text = this.text(uri);
    for (const e of edits) text = applyTextEdits(text, [e]);
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
  }

  async replaceAll(uri: string, text: string): Promise<void> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async diagnostics(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  /** The full report's items (fails on an `unchanged` report). */
  async diagnosticItems(uri: string): Promise<Diagnostic[]> {
    const report = await this.diagnostics(uri);
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  /** Applies a workspace edit to the client's copy and sends it as an incremental change. */
  async applyEdit(uri: string, edit: WorkspaceEdit): Promise<void> {
    const edits = editsFor(uri, edit, this.version(uri));
    const newText = applyTextEdits(this.text(uri), edits);
    await this.replaceAll(uri, newText);
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async stop(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.proc.kill(), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** The edits of a workspace edit for one document; a versioned edit must match `version`. */
export function editsFor(uri: string, edit: WorkspaceEdit, version: number): TextEdit[] {
  const out: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
    if (change.textDocument.version !== null && change.textDocument.version !== version) {
      throw new Error(`edit for version ${change.textDocument.version}, document is at ${version}`);
    }
    out.push(...(change.edits as TextEdit[]));
  }
  out.push(...(edit.changes?.[uri] ?? []));
  return out;
}

/** Applies LSP edits, all given against the original text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = edits.map((e, i) => ({ e, i, s: offset(e.range.start), t: offset(e.range.end) })).sort((a, b) => b.s - a.s || b.i - a.i);
  for (const { e, s, t } of sorted) text = text.slice(0, s) + e.newText + text.slice(t);
  return text;
}

/** Polls `ok` until it holds; fails with `what` after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

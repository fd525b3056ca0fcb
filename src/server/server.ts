// Language server entry: `node dist/server.js --stdio` or `--node-ipc` (as createConnection reads
// argv). Pull diagnostics and code actions for Go, go.mod, Dockerfiles and CI workflows.
import { grammarReady } from './preload';
import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type Range,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver/node';
import { Analyzer } from '../analysis/analyzer';
import type { EngineOptions } from '../analysis/engine';
import { declaredQuerySources } from '../analysis/parser';
import type { RatedFinding } from '../analysis/types';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { analyzeDocument, toDiagnostic } from './diagnostics';
import { documentPath, DocumentStore, MAX_ANALYZED_CHARS, type OpenDocument } from './documents';
import { finishParseLater, KEYSTROKE_PARSE_BUDGET_MS } from './parse-budget';
import { compilingQueries, rehearsingTyping, rereading, warmUp, type Rehearsal } from './rehearsal';
import { SettingsCache, type Settings } from './settings';
import { mark, startupLine } from './startup';
import { WorkspaceDiagnostics } from './workspace-diagnostics';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!process.argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
  process.stderr.write('go-for-cloud language server: pass --stdio or --node-ipc\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
const ready = grammarReady;
const documents = new DocumentStore();
const analyzer = new Analyzer(documents.overlay);
const client = { configuration: false, refresh: false, watchers: false, documentChanges: false, folders: false };
const settings = new SettingsCache(connection, () => client.configuration);
const workspaceDiagnostics = new WorkspaceDiagnostics({
  settings: (uri) => settings.get(uri),
  openPaths: () => documents.all().map((d) => d.path),
  localGoVersion: () => localGoVersion,
  watchesFiles: () => client.watchers,
  log: (message) => connection.console.error(message),
});

// Result ids let the client skip unchanged documents: a document's findings depend on its
// version, the settings, and its package-mates (the directory's generation).
let worldGeneration = 0;
/** The user's `go` version, from the client (it runs `go` only in trusted workspaces). */
let localGoVersion: string | undefined;
const dirGenerations = new Map<string, number>();
const bumpDir = (dir: string) => dirGenerations.set(dir, (dirGenerations.get(dir) ?? 0) + 1);
const resultId = (doc: OpenDocument) =>
  `${doc.version}:${settings.generation}:${worldGeneration}:${dirGenerations.get(path.dirname(doc.path)) ?? 0}`;

const toldTooLarge = new Set<string>();
/** The keystroke path is warmed up once per process, after the first Go diagnostics (rehearsal.ts). */
let warmedUp = false;
/** Documents whose tree is being split into parts in idle time (documents.ts splitStep). */
const splitting = new Set<OpenDocument>();
const onRuleError: EngineOptions['onRuleError'] = (rule, error) => {
  connection.console.error(`rule ${rule.id} failed and is skipped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
};

function logFailure(what: string, error: unknown): void {
  connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** When the last message from the client came in (background work stands aside for a moment). */
let lastMessageAt = 0;

/** Handlers never throw: a failure is logged and answered with the fallback. */
async function guard<T>(what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
  lastMessageAt = Date.now();
  try {
    return await run();
  } catch (error) {
    logFailure(what, error);
    return fallback;
  }
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function analyzable(doc: OpenDocument): boolean {
  if (!doc.tooLarge) return true;
  if (!toldTooLarge.has(doc.uri)) {
    toldTooLarge.add(doc.uri);
    connection.console.info(`${doc.path}: larger than ${MAX_ANALYZED_CHARS / 1024 / 1024} MB, not analysed`);
  }
  return false;
}

function refreshDiagnostics(): void {
  if (client.refresh) void connection.languages.diagnostics.refresh().catch((e) => logFailure('diagnostic refresh', e));
}

connection.onInitialize((params): InitializeResult => {
  mark('initialize');
  const caps = params.capabilities;
  client.configuration = !!caps.workspace?.configuration;
  client.refresh = !!caps.workspace?.diagnostics?.refreshSupport;
  client.watchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  client.folders = !!caps.workspace?.workspaceFolders;
  workspaceDiagnostics.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init?.settings) settings.changed({ goForCloud: init.settings });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      diagnosticProvider: { identifier: 'go-for-cloud', interFileDependencies: true, workspaceDiagnostics: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'go-for-cloud' },
  };
});

connection.onNotification('goForCloud/localGoVersion', (version: unknown) =>
  guard('localGoVersion', undefined, () => {
    if (typeof version !== 'string' || !/^go1\.\d+/.test(version) || version === localGoVersion) return;
    localGoVersion = version;
    worldGeneration++;
    refreshDiagnostics();
  }),
);

connection.onInitialized(() => {
  if (client.watchers) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.go' },
          { globPattern: '**/go.mod' },
          // Workspace diagnostics also cover Dockerfiles and CI workflows.
          { globPattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}' },
          { globPattern: '**/.github/workflows/*.{yml,yaml}' },
        ],
      })
      .catch((e) => logFailure('file watcher registration', e));
  }
  if (client.folders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) =>
      workspaceDiagnostics.updateFolders(e.added.map((f) => f.uri), e.removed.map((f) => f.uri)),
    );
  }
});

connection.onDidOpenTextDocument((p) =>
  guard('didOpen', undefined, () => {
    const doc = documents.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    bumpDir(path.dirname(doc.path));
    // Asked now, so the client answers while the server still loads the grammar or parses:
    // the pull that follows finds the answer waiting (settings.ts keeps it per document).
    void settings.get(doc.uri);
  }),
);

connection.onDidChangeTextDocument((p) =>
  guard('didChange', undefined, () => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return;
    doc.applyChanges(p.contentChanges, p.textDocument.version);
    bumpDir(path.dirname(doc.path));
    workspaceDiagnostics.noteActivity();
  }),
);

connection.onDidCloseTextDocument((p) =>
  guard('didClose', undefined, () => {
    const doc = documents.get(p.textDocument.uri);
    documents.close(p.textDocument.uri);
    settings.forget(p.textDocument.uri);
    toldTooLarge.delete(p.textDocument.uri);
    if (doc) bumpDir(path.dirname(doc.path));
  }),
);

connection.onDidChangeWatchedFiles((p) =>
  guard('didChangeWatchedFiles', undefined, () => {
    for (const change of p.changes) {
      if (!change.uri.startsWith('file:')) continue;
      workspaceDiagnostics.changed(change.uri);
      const file = documentPath(change.uri, '');
      if (path.basename(file) === 'go.mod') {
        analyzer.modules.invalidate(file);
        worldGeneration++;
      } else {
        analyzer.packages.invalidate(file);
        bumpDir(path.dirname(file));
      }
    }
    refreshDiagnostics();
  }),
);

connection.onDidChangeConfiguration((p) =>
  guard('didChangeConfiguration', undefined, () => {
    settings.changed(p.settings);
    refreshDiagnostics();
  }),
);

connection.languages.diagnostics.on((params) =>
  guard<DocumentDiagnosticReport>('diagnostics', { kind: 'full', items: [] }, async () => {
    await ready;
    const doc = documents.get(params.textDocument.uri);
    // A document that just closed: what the workspace report says, so its problems do not blink.
    if (!doc) return { kind: 'full', items: workspaceDiagnostics.findingsOf(params.textDocument.uri) ?? [] };
    const current = await settings.get(doc.uri);
    const id = resultId(doc);
    if (params.previousResultId === id) return { kind: 'unchanged', resultId: id };
    if (!current.enable || !analyzable(doc)) return { kind: 'full', resultId: id, items: [] };
    if (!doc.parseWithin(KEYSTROKE_PARSE_BUDGET_MS)) {
      // A provisional answer: its result id never matches, so the next pull gets the real one.
      finishParseLater(doc, () => documents.get(doc.uri) === doc, refreshDiagnostics);
      return { kind: 'full', resultId: `${id}:provisional`, items: doc.provisionalFindings().map((f) => toDiagnostic(f, doc.version)) };
    }
    const findings = analyzeDocument(analyzer, doc, { ...current, localGoVersion }, onRuleError);
    doc.settle(findings);
    splitInIdleTime(doc);
    if (!warmedUp && doc.kind === 'go') {
      warmedUp = true;
      warmUpOnce(doc, { ...current, localGoVersion }, id);
    }
    const startup = startupLine();
    if (startup) connection.console.log(startup);
    return { kind: 'full', resultId: id, items: findings.map((f) => toDiagnostic(f, doc.version)) };
  }).finally(() => workspaceDiagnostics.noteActivity()),
);

/** Splits a large document's tree into parts (documents.ts) in idle turns, once it is parsed. */
function splitInIdleTime(doc: OpenDocument): void {
  if (!doc.splittable || splitting.has(doc)) return;
  splitting.add(doc);
  warmUp(
    (function* () {
      const before = doc.partCount;
      try {
        while (documents.get(doc.uri) === doc && doc.splitStep()) yield;
      } finally {
        splitting.delete(doc);
      }
      if (doc.partCount > before) connection.console.log(`parsed ${path.basename(doc.path)} in ${doc.partCount} parts (a keystroke reparses one)`);
    })(),
    () => lastMessageAt,
    (error) => logFailure('splitting a document into parts', error),
  );
}

/**
 * After the first Go document's diagnostics, in idle turns (rehearsal.ts): the queries, then
 * typing rehearsed on a copy of it, then the document itself re-read while nothing changes.
 */
function warmUpOnce(doc: OpenDocument, current: Settings, id: string): void {
  const rehearsal: Rehearsal = {
    text: doc.text,
    analyzer,
    settings: current,
    done: (n, ms) => connection.console.log(`warmed up: ${n} keystrokes rehearsed on a scratch copy in ${ms.toFixed(0)} ms of idle time`),
  };
  const rehearse = process.env.GO_FOR_CLOUD_REHEARSAL !== '0';
  const unchanged = () => documents.get(doc.uri) === doc && doc.parsed && resultId(doc) === id;
  warmUp(
    (function* () {
      yield* compilingQueries(declaredQuerySources());
      if (!rehearse) return;
      yield* rehearsingTyping(rehearsal);
      // A re-read is an edit, which would cancel a split under way: after it.
      while (splitting.has(doc) && documents.get(doc.uri) === doc) yield;
      yield* rereading(doc, () => analyzeDocument(analyzer, doc, current, () => undefined), unchanged);
    })(),
    () => lastMessageAt,
    (error) => logFailure('warming up', error),
  );
}

connection.languages.diagnostics.onWorkspace((params, token, _workDone, resultProgress) =>
  guard<WorkspaceDiagnosticReport>('workspace diagnostics', { items: [] }, async () => {
    await ready;
    return workspaceDiagnostics.report(params, token, resultProgress);
  }),
);

connection.onCodeAction((params) =>
  guard('codeAction', [], async () => {
    await ready;
    const doc = documents.get(params.textDocument.uri);
    const current = doc ? await settings.get(doc.uri) : undefined;
    const built = new Map<string, RatedFinding[]>();
    const analyse = (how: Parameters<typeof analyzeDocument>[4]) =>
      doc && current?.enable && analyzable(doc) ? analyzeDocument(analyzer, doc, { ...current, localGoVersion }, onRuleError, how) : [];
    return codeActions(params, {
      doc,
      documentChanges: client.documentChanges,
      currentFindings: () => analyse({ withFixes: true }),
      // The finding's rule again, building its fixes (once per rule and request).
      fixesNow: (d) => {
        const rule = String(d.code);
        if (!built.has(rule)) built.set(rule, analyse({ withFixes: true, only: [rule] }));
        return built.get(rule)!.find((f) => f.rule === rule && sameRange(f.range, d.range))?.fixes ?? [];
      },
    });
  }),
);

connection.onShutdown(async () => {
  for (const doc of documents.all()) documents.close(doc.uri);
  analyzer.packages.clear();
  await workspaceDiagnostics.close();
});

process.on('uncaughtException', (error) => logFailure('server', error));
process.on('unhandledRejection', (error) => logFailure('server', error));

ready.catch((error) => logFailure('loading the Go grammar', error));

connection.listen();
mark('server loaded');

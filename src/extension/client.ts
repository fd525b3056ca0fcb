// Starts and supervises the language server (dist/server.js over IPC). A crashing server is
// restarted a few times; past that budget the user gets an error with a "Restart" button
// instead of a restart loop. goForCloud.enable=false stops it.
import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandlerResult, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV } from './server-env';

/** Restarts allowed within RESTART_WINDOW_MS before giving up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export const RESTART_COMMAND = 'goForCloud.restartServer';

/** Which documents the server analyses: Go sources, go.mod, Dockerfiles, CI workflows. */
export const DOCUMENT_SELECTOR = [
  { language: 'go', scheme: 'file' },
  { language: 'go', scheme: 'untitled' },
  { scheme: 'file', pattern: '**/go.mod' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
];

export class ServerController implements vscode.Disposable {
  client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private crashes: number[] = [];
  /** Workspace pulls still to send after goForCloud.workspaceDiagnostics left "workspace". */
  private clearingPulls = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get enabled(): boolean {
    return vscode.workspace.getConfiguration('goForCloud').get<boolean>('enable', true);
  }

  /** Resolves once the server is running (at once when it is disabled). */
  whenReady(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  /**
   * start() once activate() has returned: loading the language client is most of the start-up
   * cost, and nothing in activation needs it. whenReady() waits for it meanwhile.
   */
  startAfterActivation(): void {
    if (!this.enabled) return;
    const deferred: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      if (this.starting !== deferred) return this.whenReady(); // stopped or started meanwhile
      this.starting = undefined;
      const t0 = performance.now();
      return this.start().then(() => this.output.info(`language client loaded and server running in ${(performance.now() - t0).toFixed(0)} ms`));
    });
    this.starting = deferred;
    deferred.catch(() => undefined);
  }

  start(): Promise<void> {
    if (this.client || !this.enabled) return this.whenReady();
    // Loaded on first start, not at activation: activation stays light.
    const lc = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: lc.TransportKind.ipc, options: { env: SERVER_ENV } },
      debug: { module, transport: lc.TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'], env: SERVER_ENV } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      synchronize: { configurationSection: 'goForCloud' },
      // A saved package-mate can change another file's findings (e.g. a Shutdown added).
      diagnosticPullOptions: { onChange: true, onSave: true },
      middleware: { provideWorkspaceDiagnostics: (ids, token, report, next) => (this.wantsWorkspacePull() ? next(ids, token, report) : { items: [] }) },
      errorHandler: {
        error: (_error, _message, count): ErrorHandlerResult => ({
          action: count !== undefined && count <= 3 ? lc.ErrorAction.Continue : lc.ErrorAction.Shutdown,
        }),
        closed: () => this.onClosed(lc.CloseAction),
      },
    };
    // The id makes the client honour goForCloud.trace.server.
    const client = new lc.LanguageClient('goForCloud', 'Go for Cloud', serverOptions, clientOptions);
    this.client = client;
    this.starting = client.start().catch((error: unknown) => {
      this.output.appendLine(`Go for Cloud: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      if (this.client === client) this.client = undefined;
      throw error;
    });
    // A local Go newer than the release table counts as supported. Asking it runs `go`, so only
    // in trusted workspaces, with goPath from user settings; never before the first diagnostics.
    void this.starting.then(() => this.sendLocalGoVersion(client)).catch(() => {});
    return this.starting;
  }

  /**
   * The client pulls workspace diagnostics every few seconds while the server offers them; ask
   * only under the "workspace" scope, plus twice after leaving it, so the server clears them.
   */
  private wantsWorkspacePull(): boolean {
    if (vscode.workspace.getConfiguration('goForCloud').get<string>('workspaceDiagnostics') === 'workspace') {
      this.clearingPulls = 2;
      return true;
    }
    if (this.clearingPulls === 0) return false;
    this.clearingPulls--;
    return true;
  }

  private async sendLocalGoVersion(client: LanguageClient): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const { detectLocalGoVersion } = await import('../toolchain/dockerfile-facts.js');
    const { configuredGoPath } = await import('./build/trust.js');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const version = await detectLocalGoVersion(folder, configuredGoPath());
    if (version && this.client === client) await client.sendNotification('goForCloud/localGoVersion', version);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (!client) return;
    try {
      await client.stop(2000);
    } catch (error) {
      this.output.appendLine(`Go for Cloud: stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async restart(): Promise<void> {
    this.crashes = [];
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
  }

  private onClosed(actions: typeof import('vscode-languageclient/node').CloseAction): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.crashes.length <= MAX_RESTARTS) {
      this.output.appendLine(`Go for Cloud: the language server stopped unexpectedly; restarting (${this.crashes.length}/${MAX_RESTARTS}).`);
      return { action: actions.Restart, handled: true };
    }
    const message = `The Go for Cloud language server crashed ${this.crashes.length} times in ${RESTART_WINDOW_MS / 60000} minutes and was not restarted.`;
    this.output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Restart', 'Show Output').then((choice) => {
      if (choice === 'Restart') void vscode.commands.executeCommand(RESTART_COMMAND);
      if (choice === 'Show Output') this.output.show();
    });
    return { action: actions.DoNotRestart, handled: true };
  }
}

/** Creates the controller, starts the server when enabled and follows goForCloud.enable. */
export function registerLanguageServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ServerController {
  const controller = new ServerController(context, output);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      if (!controller.enabled) {
        void vscode.window.showInformationMessage('Go for Cloud is disabled (goForCloud.enable).');
        return;
      }
      output.appendLine('Go for Cloud: restarting the language server.');
      await controller.restart();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('goForCloud.enable')) return;
      void (controller.enabled ? controller.start() : controller.stop()).catch(() => undefined);
    }),
  );
  controller.startAfterActivation();
  return controller;
}

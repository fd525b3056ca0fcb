// Extension entry. activate() stays light: features register commands and providers here and
// load their heavy modules on first use.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerLanguageServer, type ServerController } from './client';
import { registerDockerfileCommand } from './dockerfile-command';
import { registerDocs } from './docs';
import { registerBuildFeatures } from './build';
import { registerInsightFeatures } from './insight';
import { registerBuildInfoCommands } from './buildinfo';

/** What activate() returns: used by the integration tests (and other extensions). */
export interface GoForCloudApi {
  readonly outputChannel: vscode.LogOutputChannel;
  /** The running language client, undefined while stopped or disabled. */
  readonly client: LanguageClient | undefined;
  /** Resolves when the language server is running (at once when disabled). */
  whenReady(): Promise<void>;
  restartServer(): Promise<void>;
}

/** A feature's registration: adds its commands, providers and listeners to context.subscriptions. */
type Register = (context: vscode.ExtensionContext, output: vscode.LogOutputChannel) => void;

// One line per feature; keep them cheap (no heavy imports at activation).
const FEATURES: Register[] = [
  registerBuildFeatures,
  registerInsightFeatures,
  registerBuildInfoCommands,
  registerDocs,
  registerDockerfileCommand,
];

let server: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): GoForCloudApi {
  const output = vscode.window.createOutputChannel('Go for Cloud', { log: true });
  context.subscriptions.push(output);
  const controller = registerLanguageServer(context, output);
  server = controller;
  for (const register of FEATURES) register(context, output);
  return {
    outputChannel: output,
    get client() {
      return controller.client;
    },
    whenReady: () => controller.whenReady(),
    restartServer: () => controller.restart(),
  };
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}

// Registers cross-compiling: the command, a status-bar item that rebuilds the last target
// set, and the `go-for-cloud` task provider.
import * as vscode from 'vscode';
import { LAST_KEY, type LastBuild } from './state';
import { registerTaskProvider } from './tasks';

export function registerBuildFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const item = vscode.window.createStatusBarItem('goForCloud.lastBuild', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Go for Cloud: last cross-compile';
  const refresh = () => {
    const last = context.workspaceState.get<LastBuild>(LAST_KEY);
    if (!last) return item.hide();
    item.text = `$(package) ${last.targets[0]}${last.targets.length > 1 ? ` +${last.targets.length - 1}` : ''}`;
    item.tooltip = `Rebuild ${last.pkg} for ${last.targets.join(', ')}`;
    item.command = 'goForCloud.rebuildLast';
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand('goForCloud.crossCompile', async (args?: { pkg?: string; targets?: string[] }) => {
      const { crossCompileCommand } = await import('./cross-compile.js');
      const result = await crossCompileCommand(context, output, args);
      refresh();
      return result;
    }),
    vscode.commands.registerCommand('goForCloud.rebuildLast', async () => {
      const last = context.workspaceState.get<LastBuild>(LAST_KEY);
      if (!last) return vscode.commands.executeCommand('goForCloud.crossCompile');
      return vscode.commands.executeCommand('goForCloud.crossCompile', { pkg: last.pkg, targets: last.targets });
    }),
    registerTaskProvider(context, async (folder) => {
      const { findMainPackages } = await import('../../toolchain/main-packages.js');
      const { ModuleFinder } = await import('../../analysis/module.js');
      const mod = new ModuleFinder().find(folder.uri.fsPath);
      if (!mod) return [];
      return (await findMainPackages(mod.dir)).map((m) => ({ pattern: m.pattern, moduleDir: mod.dir }));
    }),
  );
}

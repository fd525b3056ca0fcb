// Runtime insight commands: trace runs and charts, profile capture and flame graphs, core
// dumps. Modules load on first use; anything that starts a process needs a trusted folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredGoPath, requireTrust } from '../build/trust';

async function pickFile(title: string, filters?: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters });
  return picked?.[0];
}

function workspaceFolderPath(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Builds a main package of the workspace into storage, or takes a binary the user picks. */
async function chooseBinary(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<{ binary: string; cwd: string } | undefined> {
  const { ModuleFinder } = await import('../../analysis/module.js');
  const { findMainPackages } = await import('../../toolchain/main-packages.js');
  const root = workspaceFolderPath();
  const mod = root ? new ModuleFinder().find(root) : undefined;
  const mains = mod ? await findMainPackages(mod.dir) : [];
  const items = [...mains.map((m) => ({ label: m.pattern, description: 'build and run', m })), { label: '$(file-binary) Choose a binary…', description: '', m: undefined }];
  const pick = await vscode.window.showQuickPick(items, { title: 'Go for Cloud: what to run' });
  if (!pick) return undefined;
  if (!pick.m || !mod) {
    const file = await pickFile('Go binary to run');
    return file && { binary: file.fsPath, cwd: root ?? path.dirname(file.fsPath) };
  }
  const { findGo } = await import('../../toolchain/find-go.js');
  const { runGo } = await import('../../toolchain/go-command.js');
  let goBin: string;
  try {
    goBin = findGo({ configured: configuredGoPath() });
  } catch (e) {
    void vscode.window.showErrorMessage(`Go for Cloud: ${(e as Error).message}`);
    return undefined;
  }
  const outDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const binary = path.join(outDir, 'bin', pick.m.name + (process.platform === 'win32' ? '.exe' : ''));
  const r = await runGo(goBin, ['build', '-o', binary, pick.m.pattern], { cwd: mod.dir, timeoutMs: 10 * 60_000, onOutput: (t) => output.append(t) });
  if (r.exitCode !== 0) {
    void vscode.window.showErrorMessage(`Go for Cloud: go build ${pick.m.pattern} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`, 'Show Output').then((c) => c && output.show());
    return undefined;
  }
  return { binary, cwd: mod.dir };
}

export function registerInsightFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('goForCloud.openProfile', async (uri?: vscode.Uri) => {
    const file = uri ?? (await pickFile('Profile to open', { 'pprof profiles': ['gz', 'pb', 'pprof', 'prof'], 'All files': ['*'] }));
    if (!file) return undefined;
    const { openProfile } = await import('./profile-view.js');
    return openProfile(context, file);
  });

  reg('goForCloud.chartTraceLog', async (uri?: vscode.Uri) => {
    const file = uri ?? vscode.window.activeTextEditor?.document.uri ?? (await pickFile('GODEBUG trace log'));
    if (!file) return undefined;
    const { openTraceLog } = await import('./trace-view.js');
    return openTraceLog(context, file);
  });

  reg('goForCloud.captureProfile', async (args?: { url?: string; kind?: string; seconds?: number; folder?: string }) => {
    const { captureProfile, PROFILE_KINDS } = await import('./capture-profile.js');
    const base = args?.url ?? (await vscode.window.showInputBox({ title: 'Go for Cloud: service with net/http/pprof', value: 'http://localhost:6060', prompt: 'Base URL; /debug/pprof/<kind> is appended' }));
    if (!base) return undefined;
    const kind = (args?.kind ?? (await vscode.window.showQuickPick([...PROFILE_KINDS], { title: 'Profile kind' }))) as (typeof PROFILE_KINDS)[number] | undefined;
    if (!kind || !PROFILE_KINDS.includes(kind)) return undefined;
    let seconds = args?.seconds ?? 30;
    if (kind === 'profile' && !args?.seconds) {
      const s = await vscode.window.showInputBox({ title: 'CPU profile length (seconds)', value: '30', validateInput: (v) => (/^\d+$/.test(v) && +v > 0 && +v <= 600 ? undefined : '1 to 600') });
      if (!s) return undefined;
      seconds = Number(s);
    }
    const folder = args?.folder ?? workspaceFolderPath() ?? (context.globalStorageUri.fsPath);
    const captured = await captureProfile(base, kind, seconds, folder);
    if (captured) {
      output.info(`profile saved to ${captured.file}${captured.buildInfoFile ? ` with build info in ${captured.buildInfoFile}` : ''}`);
      await vscode.commands.executeCommand('goForCloud.openProfile', vscode.Uri.file(captured.file));
    }
    return captured;
  });

  reg('goForCloud.runWithTrace', async (args?: { binary?: string; cwd?: string; intervalMs?: number }) => {
    if (!requireTrust('Running with a GC and scheduler trace')) return undefined;
    const target = args?.binary ? { binary: args.binary, cwd: args.cwd ?? path.dirname(args.binary) } : await chooseBinary(context, output);
    if (!target) return undefined;
    const interval = args?.intervalMs ?? vscode.workspace.getConfiguration('goForCloud.trace').get<number>('schedtraceInterval', 1000);
    const { runTraced } = await import('./run-with-trace.js');
    const run = runTraced(context, target.binary, target.cwd, interval);
    // Tests (and callers with a short program) may await the whole run; the palette does not.
    return args?.binary ? run : undefined;
  });

  reg('goForCloud.runWithCoreDumps', async (uri?: vscode.Uri) => {
    if (!requireTrust('Running with core dumps')) return undefined;
    const target = uri ? { binary: uri.fsPath, cwd: path.dirname(uri.fsPath) } : await chooseBinary(context, output);
    if (!target) return undefined;
    const { runWithCoreDumps } = await import('./core-dumps.js');
    return runWithCoreDumps(target.binary, target.cwd);
  });

  reg('goForCloud.openCoreDump', async () => {
    if (!requireTrust('Opening a core dump with Delve')) return undefined;
    const binary = await pickFile('The Go binary that crashed');
    if (!binary) return undefined;
    const core = await pickFile('Its core dump');
    if (!core) return undefined;
    const { openCoreDump } = await import('./core-dumps.js');
    return openCoreDump(binary.fsPath, core.fsPath);
  });
}

// "Go for Cloud: Cross-Compile…": pick a main package and targets, build them in parallel
// under a cancellable progress notification, then summarise what each binary really is.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildInfoFindings } from '../../buildinfo/findings';
import { ModuleFinder } from '../../analysis/module';
import { planBuild, DEFAULT_OUTPUT } from '../../toolchain/build-plan';
import { describeBuilt, formatSummary, type BinaryFacts } from '../../toolchain/build-summary';
import { findGo, GoNotFoundError } from '../../toolchain/find-go';
import { distList, goEnv } from '../../toolchain/go-command';
import { gitVersion } from '../../toolchain/git-version';
import { binaryName, findMainPackages, type MainPackage } from '../../toolchain/main-packages';
import { runBuild } from '../../toolchain/run-build';
import { COMMON_TARGETS, parseTarget, targetName, type DistTarget, type Target } from '../../toolchain/targets';
import { LAST_KEY, type LastBuild } from './state';
import { configuredGoPath, requireTrust } from './trust';

const RECENT_KEY = 'goForCloud.recentTargets';

export interface CrossCompileResult {
  facts: BinaryFacts[];
  warnings: string[];
}

function goBinary(): string | undefined {
  try {
    return findGo({ configured: configuredGoPath() });
  } catch (e) {
    if (!(e instanceof GoNotFoundError)) throw e;
    const install = 'Install Go';
    const set = 'Set goForCloud.goPath';
    void vscode.window.showErrorMessage(`Go for Cloud: ${e.message}`, install, set).then((c) => {
      if (c === install) void vscode.env.openExternal(vscode.Uri.parse('https://go.dev/doc/install'));
      if (c === set) void vscode.commands.executeCommand('workbench.action.openSettings', 'goForCloud.goPath');
    });
    return undefined;
  }
}

async function pickModuleDir(): Promise<string | undefined> {
  const finder = new ModuleFinder();
  const active = vscode.window.activeTextEditor?.document.uri;
  const start = active?.scheme === 'file' ? path.dirname(active.fsPath) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return start ? finder.find(start)?.dir : undefined;
}

async function pickTargets(context: vscode.ExtensionContext, dist: DistTarget[] | undefined): Promise<Target[] | undefined> {
  const recent = context.globalState.get<string[]>(RECENT_KEY, []);
  const all = dist ? dist.map((d) => `${d.GOOS}/${d.GOARCH}`) : [...COMMON_TARGETS];
  const firstClass = new Set(dist?.filter((d) => d.FirstClass).map((d) => `${d.GOOS}/${d.GOARCH}`) ?? []);
  const ordered = [...recent.filter((t) => all.includes(t) || parseTarget(t)), ...all.filter((t) => !recent.includes(t))];
  const items = ordered.map((t) => ({
    label: t,
    description: [recent.includes(t) ? 'recently used' : '', firstClass.has(t) ? 'first-class port' : ''].filter(Boolean).join(' · '),
    picked: recent.includes(t),
  }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Go for Cloud: targets to build', placeHolder: 'Select GOOS/GOARCH targets' });
  if (!chosen?.length) return undefined;
  await context.globalState.update(RECENT_KEY, [...new Set([...chosen.map((c) => c.label), ...recent])].slice(0, 12));
  return chosen.map((c) => parseTarget(c.label)).filter((t): t is Target => !!t);
}

/** Builds a package for targets with progress and cancel; the summary goes to the output channel. */
export async function crossCompile(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  request: { moduleDir: string; pkg: MainPackage; targets: Target[] },
): Promise<CrossCompileResult | undefined> {
  const goBin = goBinary();
  if (!goBin) return undefined;
  const env = await goEnv(goBin, request.moduleDir);
  const dist = await distList(goBin, request.moduleDir).catch(() => undefined);
  const config = vscode.workspace.getConfiguration('goForCloud.build');
  const version = config.get<boolean>('stamp', true) ? await gitVersion(request.moduleDir) : undefined;
  const modulePath = new ModuleFinder().find(request.moduleDir)?.modulePath ?? '';
  const plan = planBuild(
    {
      pkg: request.pkg.pattern,
      name: binaryName(request.pkg, modulePath),
      targets: request.targets,
      static: config.get<boolean>('static', true),
      stamp: config.get<boolean>('stamp', true),
      trimpath: true,
      strip: config.get<boolean>('strip', true),
      versionVariable: request.pkg.versionVariable,
      version,
      output: config.get<string>('output', DEFAULT_OUTPUT) || DEFAULT_OUTPUT,
      usesCgo: request.pkg.usesCgo,
      host: { goos: env.GOOS, goarch: env.GOARCH },
    },
    dist,
  );
  output.show(true);
  output.info(`cross-compiling ${request.pkg.pattern} for ${request.targets.map(targetName).join(', ')} with ${env.GOVERSION}`);
  for (const w of plan.warnings) output.warn(w);
  for (const r of plan.refused) output.warn(`refused ${targetName(r.target)}: ${r.reason}`);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Go for Cloud: cross-compiling', cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      let done = 0;
      return runBuild(plan, {
        goBin,
        cwd: request.moduleDir,
        signal: ac.signal,
        concurrency: os.cpus().length,
        onOutput: (t, chunk) => output.append(chunk.split('\n').map((l) => (l ? `[${t}] ${l}` : l)).join('\n')),
        onStepDone: (r) => progress.report({ increment: 100 / plan.steps.length, message: `${r.target} ${r.ok ? 'done' : r.cancelled ? 'cancelled' : 'failed'} (${++done}/${plan.steps.length})` }),
      });
    },
  );
  const built = await Promise.all(results.map((r) => describeBuilt(r)));
  const facts = built.map((b) => b.facts);
  const warnings = [...plan.warnings];
  for (const { facts: f, info } of built) {
    for (const finding of info ? buildInfoFindings(info) : []) warnings.push(`${f.target}: ${finding.message}`);
  }
  output.info('\n' + formatSummary(facts, request.moduleDir) + warnings.map((w) => `warning: ${w}`).join('\n'));
  const ok = facts.filter((f) => f.ok).length;
  const failed = facts.length - ok;
  const msg = `Go for Cloud: built ${ok} of ${facts.length} target${facts.length === 1 ? '' : 's'}${failed ? `, ${failed} failed or cancelled` : ''}${warnings.length ? `, ${warnings.length} warning(s)` : ''}.`;
  void (failed ? vscode.window.showWarningMessage(msg, 'Show Output') : vscode.window.showInformationMessage(msg, 'Show Output')).then((c) => {
    if (c) output.show();
  });
  await context.workspaceState.update(LAST_KEY, { moduleDir: request.moduleDir, pkg: request.pkg.pattern, targets: request.targets.map(targetName) } satisfies LastBuild);
  return { facts, warnings };
}

export async function crossCompileCommand(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, args?: { pkg?: string; targets?: string[] }): Promise<CrossCompileResult | undefined> {
  if (!requireTrust('Cross-compiling')) return undefined;
  const moduleDir = await pickModuleDir();
  if (!moduleDir) {
    void vscode.window.showErrorMessage('Go for Cloud: no go.mod found for the active file or the workspace.');
    return undefined;
  }
  const mains = await findMainPackages(moduleDir);
  if (!mains.length) {
    void vscode.window.showErrorMessage(`Go for Cloud: no main package in the module at ${moduleDir}.`);
    return undefined;
  }
  let pkg = args?.pkg ? mains.find((m) => m.pattern === args.pkg) : mains.length === 1 ? mains[0] : undefined;
  if (!pkg) {
    const pick = await vscode.window.showQuickPick(mains.map((m) => ({ label: m.pattern, description: m.versionVariable ? `stamps ${m.versionVariable}` : '', m })), { title: 'Go for Cloud: main package to build' });
    pkg = pick?.m;
  }
  if (!pkg) return undefined;
  let targets = args?.targets?.map(parseTarget).filter((t): t is Target => !!t);
  if (!targets?.length) {
    const goBin = goBinary();
    if (!goBin) return undefined;
    targets = await pickTargets(context, await distList(goBin, moduleDir).catch(() => undefined));
  }
  if (!targets?.length) return undefined;
  return crossCompile(context, output, { moduleDir, pkg, targets });
}


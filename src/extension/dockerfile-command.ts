// "Go for Cloud: Generate Dockerfile": pick a module's main package, write a multi-stage
// Dockerfile and a .dockerignore at the module root, never overwriting without asking.
// Works in untrusted workspaces too: there it only reads and writes files; in trusted ones it
// also asks the user's own `go` for its version (a newer Go than the release table counts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredGoPath } from './build/trust';

export const GENERATE_DOCKERFILE_COMMAND = 'goForCloud.generateDockerfile';

export function registerDockerfileCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(GENERATE_DOCKERFILE_COMMAND, async (target?: vscode.Uri) => {
      try {
        await generateDockerfile(target);
      } catch (error) {
        void vscode.window.showErrorMessage(`Generate Dockerfile: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

/** The go.mod to use: the one governing `target`, else the only one, else the user's pick. */
async function chooseModule(target?: vscode.Uri): Promise<string | undefined> {
  const mods = (await vscode.workspace.findFiles('**/go.mod', '**/{vendor,node_modules,testdata,.*}/**', 200)).map((u) => path.dirname(u.fsPath));
  if (target?.scheme === 'file') {
    const governing = mods.filter((m) => target.fsPath === m || target.fsPath.startsWith(m + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (governing) return governing;
  }
  if (!mods.length) throw new Error('no go.mod in this workspace');
  if (mods.length === 1) return mods[0];
  const pick = await vscode.window.showQuickPick(
    mods.sort().map((m) => ({ label: vscode.workspace.asRelativePath(m) || '.', dir: m })),
    { title: 'Generate Dockerfile: which module?' },
  );
  return pick?.dir;
}

async function generateDockerfile(target?: vscode.Uri): Promise<void> {
  const moduleRoot = await chooseModule(target);
  if (!moduleRoot) return;
  // Heavy modules (tree-sitter) load on first use, not at activation.
  const { findMainPackages } = await import('../toolchain/main-packages.js');
  const { detectLocalGoVersion, generateFor } = await import('../toolchain/dockerfile-facts.js');
  const mains = await findMainPackages(moduleRoot);
  if (!mains.length) throw new Error(`${vscode.workspace.asRelativePath(moduleRoot)} has no main package`);
  let pkg = target ? mains.find((m) => m.dir === target.fsPath || m.dir === path.dirname(target.fsPath)) : undefined;
  if (!pkg) {
    const pick =
      mains.length === 1
        ? { pkg: mains[0] }
        : await vscode.window.showQuickPick(
            mains.map((m) => ({ label: m.pattern, description: m.versionVariable ? `stamps ${m.versionVariable}` : undefined, pkg: m })),
            { title: 'Generate Dockerfile: which main package?' },
          );
    if (!pick) return;
    pkg = pick.pkg;
  }
  const config = vscode.workspace.getConfiguration('goForCloud');
  // Running `go` is for trusted workspaces only, with goPath from user or machine settings.
  const localGoVersion = vscode.workspace.isTrusted ? await detectLocalGoVersion(moduleRoot, configuredGoPath()) : undefined;
  const files = await generateFor(moduleRoot, pkg, { supportedGoReleases: config.get<string[]>('supportedGoReleases'), localGoVersion });
  const dockerfile = vscode.Uri.file(path.join(moduleRoot, 'Dockerfile'));
  const wrote = await writeUnlessRefused(dockerfile, files.dockerfile);
  await writeUnlessRefused(vscode.Uri.file(path.join(moduleRoot, '.dockerignore')), files.dockerignore);
  if (wrote) await vscode.window.showTextDocument(dockerfile);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes the file; an existing one only after a modal "Overwrite". */
async function writeUnlessRefused(uri: vscode.Uri, text: string): Promise<boolean> {
  if (await exists(uri)) {
    const answer = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri)} already exists. Overwrite it?`,
      { modal: true, detail: 'The generated file replaces it completely.' },
      'Overwrite',
    );
    if (answer !== 'Overwrite') return false;
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return true;
}

// "Inspect Go Binary", "Go Processes" and "Compare Go Binaries": build info as read-only
// virtual documents (scheme go-buildinfo:, language go-buildinfo) with the findings as
// diagnostics. These only read bytes (and /proc), so they also work in Restricted Mode.
// The readers and renderers load on first use, not at activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildInfo } from '../../buildinfo';
import type { Rendered } from './render';

export const BUILDINFO_SCHEME = 'go-buildinfo';
const SUFFIX = '.go-buildinfo';
const SOURCE = 'go-for-cloud';

/** go-buildinfo:<binary path>.go-buildinfo — the binary's path is recoverable after a reload. */
export function inspectUri(binary: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: BUILDINFO_SCHEME, path: binary.path + SUFFIX });
}

function compareUri(a: vscode.Uri, b: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({
    scheme: BUILDINFO_SCHEME,
    path: `/compare/${path.basename(a.fsPath)} vs ${path.basename(b.fsPath)}${SUFFIX}`,
    query: JSON.stringify({ a: a.fsPath, b: b.fsPath }),
  });
}

async function read(file: string): Promise<{ ok: true; info: BuildInfo } | { ok: false; message: string }> {
  const { BuildInfoError, readBuildInfo } = await import('../../buildinfo/index.js');
  try {
    return { ok: true, info: await readBuildInfo(file) };
  } catch (e) {
    if (e instanceof BuildInfoError) return { ok: false, message: `could not read Go build info from ${file}: ${e.message}` };
    throw e;
  }
}

class BuildInfoDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('go-for-cloud-buildinfo');

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const r = await this.render(uri);
    this.diagnostics.set(
      uri,
      r.findings.map(({ finding, line }) => {
        const text = r.text.split('\n')[line] ?? '';
        const start = text.length - text.trimStart().length;
        const d = new vscode.Diagnostic(
          new vscode.Range(line, start, line, text.length),
          finding.message,
          finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
        );
        d.source = SOURCE;
        d.code = finding.id;
        return d;
      }),
    );
    return r.text;
  }

  private async render(uri: vscode.Uri): Promise<Rendered> {
    const { renderBuildInfo, renderDiff, renderError } = await import('./render.js');
    if (uri.query) {
      const { a, b } = JSON.parse(uri.query) as { a: string; b: string };
      const [ra, rb] = await Promise.all([read(a), read(b)]);
      if (!ra.ok) return renderError(a, ra.message);
      if (!rb.ok) return renderError(b, rb.message);
      return renderDiff(a, ra.info, b, rb.info);
    }
    const file = vscode.Uri.from({ scheme: 'file', path: uri.path.slice(0, -SUFFIX.length) }).fsPath;
    const r = await read(file);
    return r.ok ? renderBuildInfo(file, r.info) : renderError(file, r.message);
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}

async function show(docs: BuildInfoDocuments, uri: vscode.Uri): Promise<vscode.Uri> {
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) docs.refresh(uri); // the binary may have been rebuilt
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'go-buildinfo') doc = await vscode.languages.setTextDocumentLanguage(doc, 'go-buildinfo');
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}

async function pickFile(title: string, many = false): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({ title, canSelectMany: many, canSelectFiles: true, canSelectFolders: false, openLabel: 'Inspect' });
}

/** Opens the build info of a binary; returns the document's URI, or undefined when it is not a Go binary. */
async function inspectBinary(docs: BuildInfoDocuments, arg?: unknown): Promise<vscode.Uri | undefined> {
  const binary = arg instanceof vscode.Uri ? arg : (await pickFile('Inspect Go Binary'))?.[0];
  if (!binary) return undefined;
  if (binary.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Inspect Go Binary reads local files only, not ${binary.scheme}: URIs.`);
    return undefined;
  }
  const r = await read(binary.fsPath);
  if (!r.ok) {
    void vscode.window.showErrorMessage(r.message);
    return undefined;
  }
  return show(docs, inspectUri(binary));
}

async function compareBinaries(docs: BuildInfoDocuments, arg?: unknown, selected?: unknown): Promise<vscode.Uri | undefined> {
  let files = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (files.length !== 2) files = arg instanceof vscode.Uri ? [arg] : [];
  if (!files.length) files = (await pickFile('Compare Go Binaries: choose two binaries (or the first)', true)) ?? [];
  if (files.length === 1) files.push(...((await pickFile(`Compare ${path.basename(files[0].fsPath)} with…`)) ?? []));
  if (files.length < 2) return undefined;
  return show(docs, compareUri(files[0], files[1]));
}

async function goProcesses(docs: BuildInfoDocuments): Promise<vscode.Uri | undefined> {
  const { listGoProcesses, UnsupportedPlatformError } = await import('../../buildinfo/processes.js');
  const { buildInfoFindings } = await import('../../buildinfo/findings.js');
  let scan;
  try {
    scan = await listGoProcesses();
  } catch (e) {
    if (e instanceof UnsupportedPlatformError) {
      void vscode.window.showErrorMessage(`Go for Cloud: ${e.message}.`);
      return undefined;
    }
    throw e;
  }
  if (!scan.processes.length) {
    void vscode.window.showInformationMessage(`No Go programs found${scan.unreadable ? ` (${scan.unreadable} could not be inspected: permission denied)` : ''}.`);
    return undefined;
  }
  const now = new Date();
  const items = scan.processes.map((p) => {
    const findings = buildInfoFindings(p.info, now);
    return {
      label: `${p.name} (${p.pid})`,
      description: p.info.goVersion,
      detail: `${findings.length ? findings.map((f) => f.id).join(', ') : 'no findings'} · ${p.exe}`,
      process: p,
    };
  });
  const pick = await vscode.window.showQuickPick(items, { title: 'Go for Cloud: Go Processes', placeHolder: 'Running Go programs: choose one to inspect its build info', matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  // The executable's own path reads better; /proc/<pid>/exe still works when it was replaced.
  const exe = pick.process.exe.endsWith(' (deleted)') ? pick.process.readFrom : pick.process.exe;
  return show(docs, inspectUri(vscode.Uri.file(exe)));
}

export function registerBuildInfoCommands(context: vscode.ExtensionContext): void {
  const docs = new BuildInfoDocuments();
  context.subscriptions.push(
    docs.diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(BUILDINFO_SCHEME, docs),
    vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === BUILDINFO_SCHEME && docs.diagnostics.delete(d.uri)),
    vscode.commands.registerCommand('goForCloud.inspectBinary', (arg?: unknown) => inspectBinary(docs, arg)),
    vscode.commands.registerCommand('goForCloud.compareBinaries', (arg?: unknown, selected?: unknown) => compareBinaries(docs, arg, selected)),
    vscode.commands.registerCommand('goForCloud.goProcesses', () => goProcesses(docs)),
  );
}

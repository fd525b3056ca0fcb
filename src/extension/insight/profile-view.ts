// "Open Profile": a flame graph and a top-functions table for a pprof profile, decoded in
// the extension host with pprof-format (no Go toolchain), drawn on a canvas in a webview.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildFlameTree } from '../../insight/flame-tree';
import { decodeProfile, ProfileError, topFunctions, total, type DecodedProfile } from '../../insight/profile';
import { openSourceAt } from './source-lookup';
import { webviewHtml } from './webview';

/** Profiles above this size are refused before reading (a pprof of that size is not one). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface RenderStats {
  rects: number;
  ms: number;
  sampleType: string;
}

export interface ProfileView {
  panel: vscode.WebviewPanel;
  /** Resolves when the webview has drawn the flame graph (tests wait on it). */
  rendered: Promise<RenderStats>;
  /** What the webview's "go to source" does. */
  goToSource(file: string, line: number): Promise<vscode.TextEditor | undefined>;
}

function payload(p: DecodedProfile, index: number, name: string) {
  return {
    type: 'load',
    title: name,
    sampleTypes: p.sampleTypes,
    index,
    unit: p.sampleTypes[index].unit,
    total: total(p, index),
    tree: buildFlameTree(p, index),
    top: topFunctions(p, index).slice(0, 200),
  };
}

export async function openProfile(context: vscode.ExtensionContext, file: vscode.Uri): Promise<ProfileView | undefined> {
  let decoded: DecodedProfile;
  try {
    const stat = fs.statSync(file.fsPath);
    if (stat.size > MAX_FILE_BYTES) throw new ProfileError(`file is ${Math.round(stat.size / 1e6)} MB, larger than any profile`);
    decoded = decodeProfile(fs.readFileSync(file.fsPath));
  } catch (e) {
    const reason = e instanceof ProfileError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    void vscode.window.showErrorMessage(`Go for Cloud: cannot open ${path.basename(file.fsPath)} as a profile: ${reason}`);
    return undefined;
  }
  const name = path.basename(file.fsPath);
  const panel = vscode.window.createWebviewPanel('goForCloud.profile', `Profile: ${name}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.webview.html = webviewHtml(panel.webview, context.extensionUri, {
    title: name,
    styles: ['media/insight.css'],
    scripts: ['media/flamegraph.js'],
    body: `<header><select id="sampleType" aria-label="Sample type"></select><input id="search" type="search" placeholder="Search functions (regexp)" aria-label="Search"><span id="matched"></span><button id="reset">Reset zoom</button></header>
<div id="details" aria-live="polite"></div>
<canvas id="flame" role="img" aria-label="Flame graph"></canvas>
<table id="top"><thead><tr><th data-k="flat">flat</th><th>flat%</th><th data-k="cum">cum</th><th>cum%</th><th data-k="name">function</th></tr></thead><tbody></tbody></table>`,
  });
  let resolveRendered: (s: RenderStats) => void = () => {};
  const rendered = new Promise<RenderStats>((r) => (resolveRendered = r));
  let index = decoded.defaultIndex;
  panel.webview.onDidReceiveMessage(async (msg: { type: string; file?: string; line?: number; index?: number; rects?: number; ms?: number }) => {
    if (msg.type === 'ready') void panel.webview.postMessage(payload(decoded, index, name));
    else if (msg.type === 'rendered') resolveRendered({ rects: msg.rects ?? 0, ms: msg.ms ?? 0, sampleType: decoded.sampleTypes[index].type });
    else if (msg.type === 'open' && msg.file !== undefined) await openSourceAt(msg.file, msg.line ?? 1);
    else if (msg.type === 'sampleType' && typeof msg.index === 'number' && decoded.sampleTypes[msg.index]) {
      index = msg.index;
      void panel.webview.postMessage(payload(decoded, index, name));
    }
  });
  return { panel, rendered, goToSource: (f, l) => openSourceAt(f, l) };
}

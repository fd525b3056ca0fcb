// Shared helpers for tests running inside the VS Code extension host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoForCloudApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'go-for-cloud.go-for-cloud';
export const SOURCE = 'go-for-cloud';

/** The fixture workspace folder the runner opened (a temporary copy: tests may change it). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Activates the extension and waits until its language server runs. */
export async function activate(): Promise<GoForCloudApi> {
  const ext = vscode.extensions.getExtension<GoForCloudApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  await api.whenReady();
  return api;
}

export async function openInEditor(relPath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceDir(), relPath));
  return vscode.window.showTextDocument(doc);
}

/** Puts the document back to what is on disk, through an edit (the server sees a change). */
export async function resetToDisk(doc: vscode.TextDocument): Promise<void> {
  const disk = fs.readFileSync(doc.uri.fsPath, 'utf8');
  if (doc.getText() === disk) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk);
  assert.ok(await vscode.workspace.applyEdit(edit), 'reset edit applied');
}

export function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && (code === undefined || diagnosticCode(d) === code));
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for this extension's diagnostics of one rule on `uri`; `count` exact when given. */
export function waitForDiagnostics(uri: vscode.Uri, code: string, count?: number, ms?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`${count ?? 'some'} ${code} diagnostic(s) on ${path.basename(uri.fsPath)}`, () => {
    const found = ours(uri, code);
    return (count === undefined ? found.length > 0 : found.length === count) ? found : undefined;
  }, ms);
}

/** The range of the first occurrence of `text` in the document (after `after`, when given). */
export function rangeOf(doc: vscode.TextDocument, text: string, after?: string): vscode.Range {
  const all = doc.getText();
  const from = after === undefined ? 0 : all.indexOf(after);
  assert.ok(from >= 0, `"${after}" in ${path.basename(doc.uri.fsPath)}`);
  const at = all.indexOf(text, from);
  assert.ok(at >= 0, `"${text}" in ${path.basename(doc.uri.fsPath)}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

/** Code actions the providers offer for a range, resolved (edits filled in). */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
    100,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" carries an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" applied`);
}

export async function setRuleSeverity(id: string, value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('goForCloud').update(`rules.${id}`, value, vscode.ConfigurationTarget.Workspace);
}

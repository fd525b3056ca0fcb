// Maps a file path recorded in a profile (absolute build path, or a module path with
// -trimpath) to a file of the workspace: the exact path when it exists, else the workspace
// file sharing the longest path suffix with it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export async function findSourceFile(recorded: string): Promise<vscode.Uri | undefined> {
  if (!recorded) return undefined;
  if (fs.existsSync(recorded) && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(recorded))) return vscode.Uri.file(recorded);
  const parts = recorded.split(/[\\/]/).filter(Boolean);
  const base = parts[parts.length - 1];
  if (!base?.endsWith('.go')) return undefined;
  const candidates = await vscode.workspace.findFiles(`**/${base}`, '**/{node_modules,vendor,.git}/**', 50);
  let best: { uri: vscode.Uri; score: number } | undefined;
  for (const uri of candidates) {
    const cand = uri.fsPath.split(/[\\/]/).filter(Boolean);
    let score = 0;
    while (score < Math.min(cand.length, parts.length) && cand[cand.length - 1 - score] === parts[parts.length - 1 - score]) score++;
    if (!best || score > best.score) best = { uri, score };
  }
  // A bare file-name match is too weak when the profile names a directory too.
  return best && (best.score >= 2 || parts.length === 1) ? best.uri : undefined;
}

export async function openSourceAt(recorded: string, line: number): Promise<vscode.TextEditor | undefined> {
  const uri = await findSourceFile(recorded);
  if (!uri) {
    void vscode.window.showInformationMessage(`Go for Cloud: ${recorded || 'this function'} is not in the workspace.`);
    return undefined;
  }
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  return vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: true, viewColumn: vscode.ViewColumn.One });
}

// goForCloud.workspaceDiagnostics = "workspace" in a real VS Code: a file nobody opened gets its
// problems (workspace/diagnostic through vscode-languageclient), and they go away with the scope.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, ours, waitFor, workspaceDir } from './helpers';

const SOURCE = `package wsdiag

import (
	"context"
	"net/http"
)

func lookup(ctx context.Context) error { return ctx.Err() }

func Handle(w http.ResponseWriter, r *http.Request) {
	_ = lookup(context.Background())
}
`;

const setScope = (value: string | undefined) =>
  vscode.workspace.getConfiguration('goForCloud').update('workspaceDiagnostics', value, vscode.ConfigurationTarget.Workspace);

describe('workspace diagnostics in VS Code', () => {
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    await activate();
    dir = path.join(workspaceDir(), 'wsdiag');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'handler.go');
    fs.writeFileSync(file, SOURCE);
    uri = vscode.Uri.file(file);
  });

  after(async () => {
    await setScope(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows problems of a file that is not open, and clears them when the scope goes back', async () => {
    assert.deepEqual(ours(uri), [], 'nothing before the scope is "workspace"');
    await setScope('workspace');
    const found = await waitFor('dropped-context on the unopened handler.go', () => {
      const d = ours(uri, 'dropped-context');
      return d.length ? d : undefined;
    }, 30_000);
    assert.equal(found[0].range.start.line, 10);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath), 'handler.go was never opened');
    await setScope('openFiles');
    await waitFor('the unopened file\'s problems cleared', () => ours(uri).length === 0, 30_000);
  });
});

// The suite really runs inside a VS Code extension host, with this extension loaded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('extension host', () => {
  it('runs inside VS Code with the Go for Cloud extension under development', async () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    const ext = vscode.extensions.getExtension('go-for-cloud.go-for-cloud');
    assert.ok(ext, 'extension go-for-cloud.go-for-cloud is loaded');
    assert.equal(ext.packageJSON.name, 'go-for-cloud');
  });

  it('opens the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0].uri.scheme, 'file');
  });
});

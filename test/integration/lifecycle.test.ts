// The graceful-shutdown quick fix in a real VS Code: applied from the light bulb's action list
// to test/fixtures/workspace/lifecycle/main.go, saved, then compiled and vetted with Go.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, applyAction, codeActions, openInEditor, ours, rangeOf, waitForDiagnostics, workspaceDir } from './helpers';

const FILE = 'lifecycle/main.go';
const RULE = 'missing-graceful-shutdown';

function go(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'go',
      args,
      { cwd, timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === -1 ? error.message : ''}` });
      },
    );
  });
}

describe('lifecycle rules in VS Code', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await activate();
    doc = (await openInEditor(FILE)).document;
  });

  it('reports the server that never shuts down, at its start call', async () => {
    const [d] = await waitForDiagnostics(doc.uri, RULE, 1);
    assert.deepEqual(d.range, rangeOf(doc, 'http.ListenAndServe(":8080", mux)'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /SIGTERM/);
  });

  it('the quick fix writes the graceful shutdown, and the package builds and vets with go', async function () {
    this.timeout(180_000);
    const [d] = ours(doc.uri, RULE);
    const actions = await codeActions(doc.uri, d.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /SIGTERM/);
    await applyAction(fix);
    // save() is false when the document is no longer dirty (already written): what matters
    // is that the fixed text is on disk for `go build`.
    await doc.save();
    assert.equal(doc.isDirty, false, 'saved');
    assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), doc.getText(), 'the fixed text is on disk');

    const text = doc.getText();
    assert.equal(text, fs.readFileSync(path.join(workspaceDir(), `${FILE}.golden`), 'utf8'));
    assert.match(text, /signal\.NotifyContext\(context\.Background\(\), os\.Interrupt, syscall\.SIGTERM\)/);
    assert.match(text, /srv\.Shutdown\(shutdownCtx\)/);
    assert.match(text, /!errors\.Is\(err, http\.ErrServerClosed\)/);
    await waitForDiagnostics(doc.uri, RULE, 0);

    const build = await go(['build', '-o', os.devNull, './lifecycle'], workspaceDir());
    assert.equal(build.code, 0, `go build ./lifecycle failed:\n${build.output}`);
    const vet = await go(['vet', './lifecycle'], workspaceDir());
    assert.equal(vet.code, 0, `go vet ./lifecycle failed:\n${vet.output}`);
  });
});

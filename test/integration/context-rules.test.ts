// The context rules end to end in a real VS Code: diagnostics on open, quick fixes, fix-all,
// per-rule settings and the restart command. Fixture: test/fixtures/workspace/handlers.go.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activate,
  applyAction,
  codeActions,
  diagnosticCode,
  openInEditor,
  ours,
  rangeOf,
  resetToDisk,
  setRuleSeverity,
  waitFor,
  waitForDiagnostics,
  workspaceDir,
} from './helpers';

const FILE = 'handlers.go';
const GOLDEN = `${FILE}.golden`; // the source after every preferred fix, gofmt-clean

describe('context rules in VS Code', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await activate();
    doc = (await openInEditor(FILE)).document;
  });

  beforeEach(async () => {
    await resetToDisk(doc);
    await waitForDiagnostics(doc.uri, 'dropped-context', 1);
    await waitForDiagnostics(doc.uri, 'context-less-call', 1);
  });

  after(async () => {
    await setRuleSeverity('dropped-context', undefined);
    await resetToDisk(doc);
  });

  it('reports both findings on open, on the right code, with source go-for-cloud', () => {
    const dropped = ours(doc.uri, 'dropped-context')[0];
    assert.equal(doc.getText(dropped.range), 'context.Background()');
    assert.deepEqual(dropped.range, rangeOf(doc, 'context.Background()'));
    assert.equal(dropped.severity, vscode.DiagnosticSeverity.Warning);
    const call = ours(doc.uri, 'context-less-call')[0];
    assert.ok(rangeOf(doc, 'http.NewRequest(').intersection(call.range), `context-less-call at http.NewRequest, got ${doc.getText(call.range)}`);
    assert.deepEqual(
      ours(doc.uri).map(diagnosticCode).sort(),
      ['context-less-call', 'dropped-context'],
      'no other findings in the fixture',
    );
  });

  it('quick fix: context.Background() in a handler becomes r.Context()', async () => {
    const [d] = ours(doc.uri, 'dropped-context');
    // vscode.executeCodeActionProvider drops `diagnostics` from its results: tell actions apart
    // by title; only this finding covers the range.
    const actions = await codeActions(doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable dropped-context for this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for dropped-context'), titles.join(' | '));
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `one preferred fix among: ${titles.join(' | ')}`);
    assert.equal(preferred[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    await applyAction(preferred[0]);
    assert.match(doc.getText(), /context\.WithTimeout\(r\.Context\(\), 2\*time\.Second\)/);
    assert.ok(!doc.getText().includes('context.Background()'));
    await waitForDiagnostics(doc.uri, 'dropped-context', 0);
    assert.equal(ours(doc.uri, 'context-less-call').length, 1, 'the other finding stays');
  });

  it('quick fix: http.NewRequest becomes http.NewRequestWithContext(r.Context(), …)', async () => {
    const [d] = ours(doc.uri, 'context-less-call');
    const actions = await codeActions(doc.uri, d.range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `one preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await applyAction(preferred[0]);
    assert.ok(doc.getText().includes('http.NewRequestWithContext(r.Context(), http.MethodGet, backend+"/healthz", nil)'), doc.getText());
    await waitForDiagnostics(doc.uri, 'context-less-call', 0);
  });

  it('"Disable for this line" adds a //nolint comment that silences the finding', async () => {
    const [d] = ours(doc.uri, 'dropped-context');
    const disable = (await codeActions(doc.uri, d.range)).find((a) => a.title === 'Disable dropped-context for this line');
    assert.ok(disable);
    await applyAction(disable);
    assert.match(doc.getText(), /nolint:dropped-context/);
    await waitForDiagnostics(doc.uri, 'dropped-context', 0);
  });

  it('fix-all (source.fixAll.go-for-cloud) applies every preferred fix: the golden file', async () => {
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const actions = await codeActions(doc.uri, whole, 'source.fixAll.go-for-cloud');
    assert.equal(actions.length, 1, `one fix-all action, got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(actions[0].kind?.value, 'source.fixAll.go-for-cloud');
    await applyAction(actions[0]);
    assert.equal(doc.getText(), fs.readFileSync(path.join(workspaceDir(), GOLDEN), 'utf8'));
    await waitFor('no findings after fix-all', () => ours(doc.uri).length === 0);
  });

  it('a rule set to "off" in workspace settings disappears, and comes back when restored', async () => {
    await setRuleSeverity('dropped-context', 'off');
    await waitForDiagnostics(doc.uri, 'dropped-context', 0);
    assert.equal(ours(doc.uri, 'context-less-call').length, 1, 'other rules keep reporting');
    await setRuleSeverity('dropped-context', 'error');
    const [d] = await waitFor('dropped-context as an error', () => {
      const found = ours(doc.uri, 'dropped-context');
      return found.length === 1 && found[0].severity === vscode.DiagnosticSeverity.Error ? found : undefined;
    });
    assert.equal(doc.getText(d.range), 'context.Background()');
    await setRuleSeverity('dropped-context', undefined);
    await waitFor('dropped-context back to a warning', () => ours(doc.uri, 'dropped-context')[0]?.severity === vscode.DiagnosticSeverity.Warning);
  });

  it('"Show documentation for dropped-context" opens the rule\'s page', async () => {
    const [d] = ours(doc.uri, 'dropped-context');
    const show = (await codeActions(doc.uri, d.range)).find((a) => a.title === 'Show documentation for dropped-context');
    assert.ok(show?.command, 'the action runs a command');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(show.command.command, ...(show.command.arguments ?? []));
    assert.ok(uri, 'the command returns the page it opened');
    const page = await vscode.workspace.openTextDocument(uri);
    assert.match(page.getText(), /^# dropped-context/m);
    assert.match(page.getText(), /nolint:dropped-context/);
  });

  it('"Go for Cloud: Restart Language Server" brings up a server that analyses new edits', async () => {
    await vscode.commands.executeCommand('goForCloud.restartServer');
    // A new handler typed after the restart must be analysed by the new server.
    const end = doc.positionAt(doc.getText().length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, end, '\nfunc Later(w http.ResponseWriter, r *http.Request) {\n\t_ = context.TODO()\n}\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const found = await waitForDiagnostics(doc.uri, 'dropped-context', 2);
    assert.ok(found.some((d) => doc.getText(d.range) === 'context.TODO()'));
  });
});

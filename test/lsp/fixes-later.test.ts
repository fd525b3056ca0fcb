// On the keystroke path, fixes that read or edit other declarations (removing an import nobody
// else uses, hoisting a client to package level) are not built: the diagnostic says
// `fixesLater`, so it stays in the declaration cache, and code actions build the fix then.
// What they build must be exactly what a full analysis (the CLI's) gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { Analyzer } from '../../src/analysis/analyzer';
import { loadGo } from '../../src/analysis/parser';
import { LspClient } from './lsp-client';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

describe('language server: fixes built when code actions ask', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  before(() => loadGo());

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-later-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/svc\n\ngo 1.22\n');
    ({ client } = await LspClient.start({}, dir));
  });

  afterEach(async () => {
    if (client.alive) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const fixture of ['dropped-context/handlers/lastuse.go', 'per-request-init/nethttp/main.go']) {
    it(`${fixture}: each quick fix equals the full analysis's preferred fix`, async () => {
      const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
      const file = path.join(dir, path.basename(fixture));
      fs.writeFileSync(file, text);
      const full = new Analyzer().analyze(file, text);
      const uri = await client.open(file, text);
      const diags = (await client.diagnosticItems(uri)).filter((d) => d.source === 'go-for-cloud');
      const later = diags.filter((d) => (d.data as { fixesLater?: boolean }).fixesLater);
      assert.ok(later.length >= 2, `fixes left for later: ${later.length} of ${diags.length}`);
      for (const d of later) {
        assert.deepEqual((d.data as { fixes: unknown[] }).fixes, [], 'no fix is carried');
        const expected = full.find((f) => f.rule === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character);
        assert.ok(expected?.fixes.length, `the full analysis has a fix for line ${d.range.start.line}`);
        const actions = await client.codeActions(uri, d.range, [d]);
        const preferred = actions.find((a) => a.isPreferred);
        assert.equal(preferred?.title, expected.fixes[0].title);
        assert.deepEqual(editsOf(preferred!.edit!, uri), expected.fixes[0].edits);
      }
    });
  }

  it('a fix left for later is refused once the document has changed', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'dropped-context/handlers/lastuse.go'), 'utf8');
    const uri = await client.open(path.join(dir, 'lastuse.go'), text);
    const [d] = (await client.diagnosticItems(uri)).filter((x: Diagnostic) => x.code === 'dropped-context');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '// edited\n' }]);
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.ok(!actions.some((a) => a.edit && a.title.startsWith('Use ')), JSON.stringify(actions.map((a) => a.title)));
  });
});

function editsOf(edit: { documentChanges?: unknown[]; changes?: Record<string, TextEdit[]> }, uri: string): TextEdit[] {
  if (edit.changes) return edit.changes[uri];
  const change = (edit.documentChanges as { textDocument: { uri: string }; edits: TextEdit[] }[]).find((c) => c.textDocument.uri === uri);
  return change?.edits ?? [];
}

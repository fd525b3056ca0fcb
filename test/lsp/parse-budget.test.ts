// A keystroke's reparse has a time budget (src/server/parse-budget.ts). With a budget of zero
// every reparse stops at once, so this suite sees the provisional path on any machine: the pull
// answers with the last findings moved through the edit, the parse finishes in the background,
// the server asks the client to pull again, and that pull gives the real analysis.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, until } from './lsp-client';

const handler = (i: number) => `func h${i}(w http.ResponseWriter, r *http.Request) {\n\tctx := context.Background()\n\t_ = ctx\n}\n`;
const TEXT = `package api\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n${Array.from({ length: 200 }, (_, i) => handler(i)).join('\n')}`;
const lines = (items: Diagnostic[]) => items.filter((d) => d.code === 'dropped-context').map((d) => d.range.start.line);

describe('language server: a reparse past its budget', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-budget-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/api\n\ngo 1.22\n');
    ({ client } = await LspClient.start({ env: { GO_FOR_CLOUD_PARSE_BUDGET_MS: '0' } }, dir));
  });

  afterEach(async () => {
    if (client.alive) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the moved findings at once, then asks for a pull that gets the real ones', async () => {
    const uri = await client.open(path.join(dir, 'main.go'), TEXT);
    const first = await client.diagnostics(uri);
    assert.equal(first.kind, 'full');
    const before = lines(first.items);
    assert.equal(before.length, 200, 'a first parse has no budget: every finding');

    // An unclosed call on a new line inside h0: every later finding moves down a line.
    await client.change(uri, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '\tlog(\n' }]);
    const refreshesBefore = client.refreshes;
    const provisional = await client.diagnostics(uri, first.kind === 'full' ? first.resultId : undefined);
    assert.equal(provisional.kind, 'full');
    assert.match(provisional.resultId ?? '', /:provisional$/);
    assert.deepEqual(lines(provisional.items), before.map((l) => l + 1), 'the same findings, moved through the edit');
    assert.ok(
      provisional.items.every((d) => (d.data as { fixes: unknown[]; fixesLater?: boolean }).fixes.length === 0 && !(d.data as { fixesLater?: boolean }).fixesLater),
      'fixes wait for the real analysis',
    );

    await until('workspace/diagnostic/refresh', () => client.refreshes > refreshesBefore);
    const real = await client.diagnostics(uri, provisional.resultId);
    assert.equal(real.kind, 'full', 'a provisional result id never counts as unchanged');
    assert.doesNotMatch(real.resultId ?? '', /provisional/);
    assert.ok(real.items.every((d) => (d.data as { version: number }).version === 2));

    // Closing the call: provisional again, and then the real findings with their fixes.
    await client.change(uri, [{ range: { start: { line: 8, character: 5 }, end: { line: 8, character: 5 } }, newText: ')' }]);
    const again = await client.diagnostics(uri, real.resultId);
    assert.match(again.kind === 'full' ? (again.resultId ?? '') : '', /:provisional$/);
    await until('the next refresh', () => client.refreshes > refreshesBefore + 1);
    const closed = await client.diagnosticItems(uri);
    assert.deepEqual(lines(closed), before.map((l) => l + 1));
    assert.ok(closed.every((d) => (d.data as { fixesLater?: boolean }).fixesLater), 'the real findings offer their fixes again');
  });

  it('a code action on a stopped parse finishes it and offers the real fixes', async () => {
    const uri = await client.open(path.join(dir, 'main.go'), TEXT);
    await client.diagnostics(uri);
    await client.change(uri, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '\t_ = 1\n' }]);
    const provisional = await client.diagnosticItems(uri);
    const d = provisional.find((x) => x.code === 'dropped-context')!;
    const actions = await client.codeActions(uri, d.range, [d]);
    // The provisional diagnostic carries no fix; its "Disable" and documentation actions work.
    assert.ok(actions.some((a) => a.title.startsWith('Disable dropped-context')), JSON.stringify(actions.map((a) => a.title)));
    const fixAll = await client.codeActions(uri, d.range, [], ['source.fixAll.go-for-cloud']);
    assert.equal(fixAll.length, 1, 'fix-all parses to the end and fixes every finding');
  });
});

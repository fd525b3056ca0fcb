// A large open document is split into parts in idle time (src/server/parts.ts), so a keystroke
// reparses one part. Through the real server: the split happens after the first diagnostics,
// and what keystrokes then report, in the part typed into and in the parts after it (which only
// shift), is what a fresh server reports for the same text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyTextEdits, LspClient, until } from './lsp-client';

const handler = (i: number) =>
  `// h${i} serves a request.\nfunc h${i}(w http.ResponseWriter, r *http.Request) {\n\tctx := context.Background()\n\t_ = ctx\n}\n\ntype t${i} struct{ n int }\n`;
const COUNT = 150;
const TEXT = `package api\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n${Array.from({ length: COUNT }, (_, i) => handler(i)).join('\n')}`;

describe('language server: a large document parsed in parts', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-parts-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/api\n\ngo 1.22\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits in idle time, and keystrokes before, inside and across parts report what a fresh server reports', async () => {
    const file = path.join(dir, 'main.go');
    const { client } = await LspClient.start({ env: { GO_FOR_CLOUD_REHEARSAL: '0' } }, dir);
    try {
      const uri = await client.open(file, TEXT);
      const first = await client.diagnosticItems(uri);
      assert.equal(first.filter((d) => d.code === 'dropped-context').length, COUNT);
      await until('the split', () => client.logs.some((l) => /parsed main\.go in \d+ parts/.test(l)));
      const parts = Number(/in (\d+) parts/.exec(client.logs.find((l) => l.startsWith('parsed main.go'))!)![1]);
      assert.ok(parts >= 5, `${parts} parts`);

      let text = TEXT;
      const lineOf = (i: number) => text.split('\n').findIndex((l) => l.startsWith(`func h${i}(`));
      const edit = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string) => {
        text = applyTextEdits(text, [{ range, newText }]);
        await client.change(uri, [{ range, newText }]);
      };
      // Early in the file: every part after it shifts. The fix the rule offers, typed in.
      const early = lineOf(3) + 1;
      await edit({ start: { line: early, character: 8 }, end: { line: early, character: 28 } }, 'r.Context()');
      // A line break added and a statement typed in the middle of the file, key by key.
      const middle = lineOf(80) + 1;
      await edit({ start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, '\t\n');
      for (const [c, ch] of [...'x := context.TODO()'].entries()) await edit({ start: { line: middle, character: 1 + c }, end: { line: middle, character: 1 + c } }, ch);
      await edit({ start: { line: middle, character: 1 }, end: { line: middle, character: 1 } }, '_ = 1\n\t');
      // Across many parts: twenty declarations deleted in one change.
      const from = lineOf(100);
      await edit({ start: { line: from, character: 0 }, end: { line: lineOf(120), character: 0 } }, '');
      const items = await client.diagnosticItems(uri);

      const fresh = await LspClient.start({ env: { GO_FOR_CLOUD_REHEARSAL: '0' } }, dir);
      try {
        const expected = await fresh.client.diagnosticItems(await fresh.client.open(file, text));
        const key = (d: { code?: unknown; range: { start: { line: number; character: number } } }) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`;
        assert.deepEqual(items.map(key).sort(), expected.map(key).sort());
        // COUNT handlers, one fixed, twenty deleted, one added in the middle (x := context.TODO()).
        assert.equal(items.filter((d) => d.code === 'dropped-context').length, COUNT - 1 - 20 + 1);
      } finally {
        await fresh.client.stop();
      }
    } finally {
      await client.stop();
    }
  });
});

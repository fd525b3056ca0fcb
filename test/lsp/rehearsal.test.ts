// After the first diagnostics of a Go document the server rehearses typing on a scratch copy in
// idle time (src/server/rehearsal.ts), so the first real keystrokes run warm code. It must touch
// nothing real: not the document, its diagnostics, its result id, nor its package.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keystrokes, scratchText } from '../../src/server/rehearsal';
import { LspClient, until } from './lsp-client';

const handler = (i: number) => `func h${i}(w http.ResponseWriter, r *http.Request) {\n\tctx := context.Background()\n\t_ = ctx\n}\n`;
const TEXT = `package api\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n${Array.from({ length: 30 }, (_, i) => handler(i)).join('\n')}`;

describe('language server: typing rehearsed once in idle time', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-rehearsal-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/api\n\ngo 1.22\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs after the first diagnostics and leaves the real document, its findings and its result id as they were', async () => {
    const { client } = await LspClient.start({}, dir);
    try {
      const uri = await client.open(path.join(dir, 'main.go'), TEXT);
      const first = await client.diagnostics(uri);
      assert.equal(first.kind, 'full');
      await until('the rehearsal', () => client.logs.some((l) => /warmed up: \d+ keystrokes rehearsed/.test(l)));
      assert.match(client.logs.find((l) => l.startsWith('warmed up'))!, /warmed up: 80 keystrokes/);
      const after = await client.diagnostics(uri, first.resultId);
      assert.equal(after.kind, 'unchanged', 'the same result id: nothing real changed');
      const again = await client.diagnosticItems(uri);
      assert.deepEqual(again, first.items);
      // The real document still takes keystrokes as before.
      await client.change(uri, [{ range: { start: { line: 8, character: 1 }, end: { line: 8, character: 4 } }, newText: 'ctx2' }]);
      const edited = await client.diagnosticItems(uri);
      assert.equal(edited.filter((d) => d.code === 'dropped-context').length, 30);
    } finally {
      await client.stop();
    }
  });

  it('is off with GO_FOR_CLOUD_REHEARSAL=0 (benchmarks measure a cold server that way)', async () => {
    const { client } = await LspClient.start({ env: { GO_FOR_CLOUD_REHEARSAL: '0' } }, dir);
    try {
      const uri = await client.open(path.join(dir, 'main.go'), TEXT);
      await client.diagnostics(uri);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(client.logs.filter((l) => l.startsWith('warmed up')).length, 0);
    } finally {
      await client.stop();
    }
  });

  it('types a statement in and out at function-body lines of a copy cut before a declaration', () => {
    const changes = keystrokes(TEXT, 80);
    assert.equal(changes.length, 80);
    assert.ok(changes.every((c) => 'range' in c && TEXT.split('\n')[c.range.start.line]?.startsWith('\t')));
    const long = `package p\n\n${Array.from({ length: 600 }, (_, i) => `func f${i}() {\n\tx := ${i}\n\t_ = x\n}\n`).join('\n')}`;
    const cut = scratchText(long);
    assert.ok(cut.split('\n').length <= 1501);
    assert.match(cut, /}\n\n?$/, 'cut where a declaration starts');
    assert.ok(long.startsWith(cut));
  });
});

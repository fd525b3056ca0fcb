// The server tells, once, how its start went (src/server/startup.ts): the bench reads that line
// to split a start into Node's own part and the server's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lsp-client';

describe('language server: start-up account', function () {
  this.timeout(30_000);

  it('logs once, with the first diagnostics, when each step of the start happened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-startup-'));
    const { client } = await LspClient.start({}, dir);
    try {
      const a = await client.open(path.join(dir, 'a.go'), 'package a\n');
      await client.diagnostics(a);
      const b = await client.open(path.join(dir, 'b.go'), 'package a\n\nfunc f() {}\n');
      await client.diagnostics(b);
      const told = client.logs.filter((l) => l.startsWith('started: '));
      assert.equal(told.length, 1, told.join('\n'));
      const m = /^started: first diagnostics (\d+) ms after the process started \(Node ran the loader at (\d+), server loaded at (\d+), initialize at (\d+), grammar ready at (\d+) ms\)$/.exec(told[0]);
      assert.ok(m, told[0]);
      const [first, loader, loaded, init] = m.slice(1).map(Number);
      assert.ok(loader > 0 && loader <= loaded && loaded <= init && init <= first, told[0]);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

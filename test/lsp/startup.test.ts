// The server tells, once, how its start went (src/server/startup.ts): the bench reads that line
// to split a start into Node's own part and the server's.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, SERVER } from './lsp-client';

/** A handler that drops its request's context: one finding. */
const HANDLER = 'package a\n\nimport (\n\t"context"\n\t"net/http"\n)\n\nfunc get(ctx context.Context) {}\n\nfunc h(w http.ResponseWriter, r *http.Request) { get(context.Background()) }\n';

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

  it('keeps V8 code cache under the bundle hash, and starts the same from a corrupt one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-code-cache-'));
    const env = { XDG_CACHE_HOME: path.join(dir, 'cache') };
    const bundle = fs.readFileSync(path.join(path.dirname(SERVER), 'server-main.js'));
    const cacheFile = path.join(dir, 'cache', 'go-for-cloud', `server-${createHash('sha1').update(bundle).digest('hex').slice(0, 16)}-${process.version}.v8cache`);
    const firstFindings = async (): Promise<number> => {
      const { client } = await LspClient.start({ env }, dir);
      try {
        const uri = await client.open(path.join(dir, 'a.go'), HANDLER);
        return (await client.diagnosticItems(uri)).length;
      } finally {
        await client.stop();
      }
    };
    try {
      const found = await firstFindings();
      assert.ok(found > 0);
      // Written when the server exits (or 3 s after it started), named by the hash build.mjs stamped in.
      assert.ok(fs.statSync(cacheFile).size > 0, cacheFile);
      fs.writeFileSync(cacheFile, 'not V8 code cache');
      assert.equal(await firstFindings(), found);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

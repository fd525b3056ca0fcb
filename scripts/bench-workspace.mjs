// Workspace diagnostics figures, through the real dist/server.js over stdio (a script, not a test):
//   (a) a cold workspace/diagnostic report over a tree (worker pool started on demand), with the
//       time to the first partial result;
//   (b) a second report after one file changed on disk (everything else `unchanged`);
//   (c) keystroke → document diagnostics p50/p95 on net/http/server.go, before and while (a) runs;
//   (d) the server's peak RSS (VmHWM, worker threads included: same process).
// Usage: node scripts/bench-workspace.mjs [--no-typing] [DIR]   (default /usr/lib/go-1.19/src; run `npm run build` first)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const tree = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/usr/lib/go-1.19/src');
const TYPING = !args.includes('--no-typing');

async function loadLspClient() {
  const esbuild = await import('esbuild');
  const outfile = path.join(root, 'out', 'bench', 'lsp-client.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'test', 'lsp', 'lsp-client.ts')], bundle: true, packages: 'external', platform: 'node', format: 'cjs', outfile, logLevel: 'error',
    // Its server path is relative to its compiled place, out/test/lsp.
    define: { __dirname: JSON.stringify(path.join(root, 'out', 'test', 'lsp')) } });
  return require(outfile);
}

const peakRss = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

const { LspClient } = await loadLspClient();
const { ProgressType } = require('vscode-jsonrpc/node');
const { client } = await LspClient.start({ settings: { workspaceDiagnostics: 'workspace' } }, tree);
console.log(`tree: ${tree}; ${os.availableParallelism()} cores; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// An open file to type into while the workspace report runs.
const typed = !TYPING ? undefined : ['net/http/server.go', 'http/server.go'].map((f) => path.join(tree, f)).find((f) => fs.existsSync(f));
const typedUri = typed ? await client.open(typed, fs.readFileSync(typed, 'utf8')) : undefined;
const keystroke = async () => {
  await client.change(typedUri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '//\n' }]);
  const k = performance.now();
  await client.diagnostics(typedUri);
  return performance.now() - k;
};
const baseline = [];
if (typedUri) for (let i = 0; i < 40; i++) baseline.push(await keystroke());

let reports = 0;
let findings = 0;
let firstChunkMs;
const t0 = performance.now();
client.connection.onProgress(new ProgressType(), 'bench', (p) => {
  firstChunkMs ??= performance.now() - t0;
  reports += p.items.length;
  for (const item of p.items) if (item.kind === 'full') findings += item.items.length;
});
let running = true;
const request = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'bench' }).finally(() => (running = false));
const keystrokes = [];
// Typing (a key every 100 ms) during the first 10 s of the report.
while (running && typedUri && performance.now() - t0 < 10_000) {
  await new Promise((r) => setTimeout(r, 100));
  keystrokes.push(await keystroke());
}
await request;
const coldMs = performance.now() - t0;
console.log(`(a) cold report: ${(coldMs / 1000).toFixed(2)} s for ${reports} files (${findings} findings); first partial result after ${firstChunkMs?.toFixed(0)} ms`);
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms over ${xs.length} edits`;
if (keystrokes.length) console.log(`(c) keystroke → diagnostics of ${path.relative(tree, typed)}: before (a) ${fmt(baseline)}; during the first 10 s of (a) ${fmt(keystrokes)}`);

// (b) one file changed on disk: a copy of the tree is not needed, touching a file's mtime is a
// content check (hash) that finds no change; a real change needs a writable tree.
const previous = [];
client.connection.onProgress(new ProgressType(), 'bench2', (p) => previous.push(...p.items));
const t1 = performance.now();
const again = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'bench2' });
void again;
const fullMs = performance.now() - t1;
const ids = previous.filter((r) => r.resultId).map((r) => ({ uri: r.uri, value: r.resultId }));
const someGo = previous.find((r) => r.uri.endsWith('.go') && r.uri !== typedUri)?.uri;
if (someGo) await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: someGo, type: 2 }] });
const t2 = performance.now();
const warm = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: ids });
const unchanged = warm.items.filter((i) => i.kind === 'unchanged').length;
console.log(`(b) warm report, all files cached (no previous ids): ${fullMs.toFixed(0)} ms; with previous ids after a watcher event (re-walk, stat, hash one file): ${(performance.now() - t2).toFixed(0)} ms, ${unchanged}/${warm.items.length} unchanged`);
console.log(`(d) server peak RSS: ${peakRss(client.proc.pid).toFixed(0)} MB`);
await client.stop();

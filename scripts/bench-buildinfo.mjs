// Benchmark of the build info reader on a ~100 MB Go binary built now (a 100 MiB initialised
// array in the writable data segment, right after .go.buildinfo), so it is a valid file for
// `go version -m` too.
//   node scripts/bench-buildinfo.mjs [--runs N] [--keep]
// Reports: in-process read time (target < 50 ms) and extra memory (target < 20 MB); the CLI as a
// whole process against `go version -m` on the same file, as a ratio. Needs `npm run build` and Go.
import { execFileSync, spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const keep = process.argv.includes('--keep');
const cli = path.join(root, 'dist/cli.js');
if (!fs.existsSync(cli)) throw new Error('dist/cli.js missing: run npm run build first');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-bench-buildinfo-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => (n / 1e6).toFixed(1);

// 1. The binary.
fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/big\n\ngo 1.19\n');
fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nvar big = [100 << 20]byte{1, 2, 3}\n\nfunc main() { println(len(big), big[1]) }\n');
const bin = path.join(dir, 'big');
execFileSync('go', ['build', '-o', bin, '.'], { cwd: dir, env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' }, stdio: 'inherit' });
const size = fs.statSync(bin).size;
console.log(`binary: ${bin} (${mb(size)} MB)`);

// 2. The reader, bundled from source so the bench does not depend on tsc output.
const bundle = path.join(dir, 'buildinfo.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'src/buildinfo/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
const { readBuildInfo } = createRequire(import.meta.url)(bundle);

global.gc?.();
const base = process.memoryUsage();
let peakRss = 0;
let peakExternal = 0;
const times = [];
let first = 0;
for (let i = 0; i <= runs; i++) {
  const t0 = performance.now();
  const info = await readBuildInfo(bin);
  const ms = performance.now() - t0;
  if (i === 0) first = ms;
  else times.push(ms);
  if (info.path !== 'example.com/big') throw new Error(`unexpected build info: ${JSON.stringify(info)}`);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss - base.rss);
  peakExternal = Math.max(peakExternal, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
}
const inProc = median(times);
console.log(`in process: first read ${first.toFixed(2)} ms, median of ${runs} ${inProc.toFixed(2)} ms (target < 50 ms) ${inProc < 50 ? 'OK' : 'SLOW'}`);
console.log(`extra memory: rss +${mb(peakRss)} MB, heap+buffers +${mb(peakExternal)} MB (target < 20 MB) ${Math.max(peakRss, peakExternal) < 20e6 ? 'OK' : 'TOO MUCH'}`);

// 3. Whole processes: our CLI against go version -m, same file, same output.
const ours = [];
const gos = [];
const bare = [];
let same = true;
for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
  let t0 = performance.now();
  const a = spawnSync(process.execPath, [cli, 'buildinfo', '-m', bin], { encoding: 'utf8' });
  ours.push(performance.now() - t0);
  t0 = performance.now();
  const b = spawnSync('go', ['version', '-m', bin], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  gos.push(performance.now() - t0);
  same &&= a.status === 0 && a.stdout === b.stdout;
  t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}
const o = median(ours);
const g = median(gos);
console.log(`whole process: go-for-cloud buildinfo -m ${o.toFixed(1)} ms, go version -m ${g.toFixed(1)} ms, ratio ${(o / g).toFixed(2)}x; output identical: ${same}`);
console.log(`  (of which Node's own start-up, \`node -e 0\`: ${median(bare).toFixed(1)} ms; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);

if (!keep) fs.rmSync(dir, { recursive: true, force: true });
const ok = inProc < 50 && Math.max(peakRss, peakExternal) < 20e6 && same;
process.exit(ok ? 0 : 1);

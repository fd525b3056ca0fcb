// `npm run bench` (issue 9): measures in one run, and compares with references from the same run,
//   (a) tree-sitter parsing alone of Go 1.19's standard library (testdata etc. skipped), 1 thread;
//   (b) `go-for-cloud check` over the same tree (the built dist/cli.js, worker pool as shipped);
//   (c) `gofmt -l` over the same files (Go 1.19's gofmt formats files concurrently itself);
//   (d) peak memory of (b) (/usr/bin/time -v, else the CLI's own report);
//   (e) keystroke → diagnostics p50/p95/p99 through the real server over LSP, on net/http's
//       server.go and two 10,000-line files (scripts/bench-lsp.mjs);
//   (f) server start → first diagnostics, median of 5 (scripts/bench-lsp.mjs);
//   (g) extension activation in a real VS Code (code-server + headless Chromium,
//       scripts/bench-vscode.mjs), median of a few runs;
// then a summary table against the issue's targets. The machine may be shared: the load average
// is printed at the start and the end, and CPU times next to wall times.
// Usage: node scripts/bench.mjs [--root DIR] [--single] [--edits N] [--activation-runs N] [--skip-vscode]
//   (--single also times the CLI without worker threads)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { measureActivation } from './bench-vscode.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const GOROOT_SRC = opt('--root') ?? '/usr/lib/go-1.19/src';
const CLI = path.join(root, 'dist', 'cli.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a, b) => (a / b).toFixed(2);
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

// The same walk as src/analysis/walk.ts (skip testdata, vendor, node_modules, `.`/`_` dirs and files).
function goFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['testdata', 'vendor', 'node_modules'].includes(e.name)) goFiles(p, out);
    } else if (e.isFile() && e.name.endsWith('.go')) out.push(p);
  }
  return out;
}

/** Runs a command, returning wall milliseconds, stdout, stderr and (with /usr/bin/time -v) peak RSS in KB. */
function timed(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const full = TIME ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
    const started = performance.now();
    const child = spawn(full[0], full[1], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const cpuMs = user && sys ? (Number(user) + Number(sys)) * 1000 : undefined;
      resolve({ ms, cpuMs, code, stdout: Buffer.concat(out).toString('utf8'), stderr, rssKB: rss ? Number(rss) : undefined });
    });
  });
}

async function gofmtAll(files) {
  // Batches keep each argv well under the system limit; run one after another, as xargs does.
  let ms = 0;
  let cpuMs = 0;
  let listed = 0;
  let rssKB = 0;
  for (let i = 0; i < files.length; i += 400) {
    const r = await timed('gofmt', ['-l', ...files.slice(i, i + 400)]);
    if (r.code !== 0 && !r.stdout) throw new Error(`gofmt failed: ${r.stderr.split('\n')[0]}`);
    ms += r.ms;
    cpuMs += r.cpuMs ?? NaN;
    listed += r.stdout.split('\n').filter(Boolean).length;
    rssKB = Math.max(rssKB, r.rssKB ?? 0);
  }
  return { ms, cpuMs, listed, rssKB };
}

async function parseAlone(files) {
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init({ locateFile: () => path.join(root, 'dist', 'web-tree-sitter.wasm') });
  const lang = await Language.load(fs.readFileSync(path.join(root, 'dist', 'tree-sitter-go.wasm')));
  const parser = new Parser();
  parser.setLanguage(lang);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const t of texts) parser.parse(t).delete();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, bytes };
}

function cliSummary(stdout) {
  const counts = {};
  for (const f of JSON.parse(stdout)) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return Object.entries(counts)
    .sort()
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms1 = (ms) => (ms === undefined || Number.isNaN(ms) ? 'unknown' : `${ms.toFixed(1)} ms`);

/** (a)–(d): the CLI, gofmt and the parser over the Go source tree; undefined when it is missing. */
async function treeFigures() {
  if (!fs.existsSync(GOROOT_SRC)) {
    console.log(`${GOROOT_SRC} is missing: (a)–(d) need Go's source (apt-get install golang-1.19-src); skipped.`);
    return undefined;
  }
  const files = goFiles(GOROOT_SRC);
  console.log(`corpus: ${GOROOT_SRC}, ${files.length} .go files (testdata, vendor, _ and . skipped)`);
  if (!TIME) console.log('(no /usr/bin/time, so no CPU times for (b)/(c); peak memory comes from the CLI itself — apt-get install time for both)');

  const check = await timed(process.execPath, [CLI, 'check', '--format', 'json', GOROOT_SRC], { GO_FOR_CLOUD_REPORT_RSS: '1' });
  if (check.code !== 0 && check.code !== 1) console.log(`!! check exited ${check.code}: ${check.stderr.split('\n').slice(0, 3).join(' | ')}`);
  const selfRss = /maxRSS (\d+) KB/.exec(check.stderr)?.[1];
  const rssKB = check.rssKB ?? (selfRss ? Number(selfRss) : undefined);
  let single;
  if (argv.includes('--single')) single = await timed(process.execPath, [CLI, 'check', '--format', 'json', GOROOT_SRC], { GO_FOR_CLOUD_WORKERS: '0' });
  const gofmt = await gofmtAll(files);
  const parse = await parseAlone(files);

  const cpu = (r) => (r.cpuMs !== undefined && !Number.isNaN(r.cpuMs) ? `, CPU ${secs(r.cpuMs)}` : '');
  let findings = 'none';
  try {
    findings = cliSummary(check.stdout) || 'none';
  } catch {
    findings = 'output was not JSON';
  }
  console.log('');
  console.log(`(a) tree-sitter parse, 1 thread  ${secs(parse.ms)}${cpu(parse)}  (${(parse.bytes / 1e6).toFixed(1)} MB)`);
  console.log(`(b) go-for-cloud check           ${secs(check.ms)}${cpu(check)}  (exit ${check.code}; findings: ${findings})`);
  if (single) console.log(`    check, no worker threads     ${secs(single.ms)}${cpu(single)}`);
  console.log(`(c) gofmt -l, same files         ${secs(gofmt.ms)}${cpu(gofmt)}  (${gofmt.listed} files listed)`);
  console.log(`(d) peak RSS of (b)              ${rssKB ? `${(rssKB / 1024).toFixed(0)} MB` : 'unknown (neither /usr/bin/time nor the CLI reported it)'}`);
  console.log('ratios of wall-clock time:');
  console.log(`  (b) / (c)                      ${ratio(check.ms, gofmt.ms)}`);
  console.log(`  (b) / ((a) / ${cores} cores)         ${ratio(check.ms, parse.ms / cores)}`);
  if (single) console.log(`  single-thread check / (a)      ${ratio(single.ms, parse.ms)}   (rules and I/O on top of parsing)`);
  if (check.cpuMs && gofmt.cpuMs) {
    // On a shared machine wall time follows the neighbours' load; CPU time much less so.
    console.log('ratios of CPU time (robust to other load on the machine):');
    console.log(`  (b) / (c)                      ${ratio(check.cpuMs, gofmt.cpuMs)}`);
    console.log(`  (b) / (a)                      ${ratio(check.cpuMs, parse.cpuMs)}`);
    if (single?.cpuMs) console.log(`  single-thread check / (a)      ${ratio(single.cpuMs, parse.cpuMs)}`);
  }
  return { check, gofmt, parse, rssKB };
}

/** (e), (f): scripts/bench-lsp.mjs, its human lines shown as they come, its figures read back. */
async function lspFigures() {
  const resultFile = path.join(os.tmpdir(), `gfc-bench-lsp-${process.pid}.json`);
  const args = [path.join(root, 'scripts', 'bench-lsp.mjs'), '--result', resultFile];
  if (opt('--edits')) args.push('--edits', opt('--edits'));
  const code = await new Promise((resolve) => spawn(process.execPath, args, { stdio: 'inherit', cwd: root }).on('close', resolve));
  try {
    if (code !== 0) console.log(`!! bench-lsp.mjs exited ${code}`);
    return fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
  } finally {
    fs.rmSync(resultFile, { force: true });
  }
}

function summary(tree, lsp, act) {
  const rows = [];
  const row = (what, value, target, met) => rows.push([what, value, target, met === undefined ? 'unknown' : met ? 'met' : 'MISSED']);
  if (tree) {
    const { check, gofmt, parse, rssKB } = tree;
    const wallCpu = (r) => `${secs(r.ms)}${r.cpuMs !== undefined && !Number.isNaN(r.cpuMs) ? ` (CPU ${secs(r.cpuMs)})` : ''}`;
    rows.push(['(a) tree-sitter parse alone, 1 thread', wallCpu(parse), '—', ''], ['(b) go-for-cloud check', wallCpu(check), '—', ''], ['(c) gofmt -l', wallCpu(gofmt), '—', '']);
    row('(b)/(c) check / gofmt, wall', ratio(check.ms, gofmt.ms), '≤ 0.8', check.ms / gofmt.ms <= 0.8);
    const perCore = parse.ms / cores;
    row(`(b) check vs (a) parse / ${cores} cores`, `${ratio(check.ms, perCore)}×`, '≤ 1.3×', check.ms <= 1.3 * perCore);
    row('(d) peak RSS of check', rssKB ? `${(rssKB / 1024).toFixed(0)} MB` : 'unknown', '≤ 300 MB', rssKB ? rssKB / 1024 <= 300 : undefined);
  } else {
    row('(a)–(d) over Go source', 'not run', '', undefined);
  }
  if (lsp) {
    for (const [label, r] of [
      ['(e) keystroke, net/http/server.go', lsp.keystroke],
      ['(e) keystroke, 10k lines (server.go repeated)', lsp.keystroke10k],
      ['(e) keystroke, 10k lines, typed at once, cold', lsp.keystroke10kCold],
      ['(e) keystroke, 10k-line service', lsp.keystrokeService],
    ]) {
      const partial = (r.edits < r.planned ? ` (${r.edits} edits)` : '') + (r.provisional ? ` (${r.provisional} provisional)` : '');
      row(`${label} p95`, `${ms1(r.p95)}${partial}`, '≤ 10 ms', r.p95 <= 10);
      row(`${label} p99`, `${ms1(r.p99)}${partial}`, '≤ 25 ms', r.p99 <= 25);
    }
    row('(f) start → first diagnostics, median', ms1(lsp.firstDiagnostics.medianMs), '≤ 200 ms', lsp.firstDiagnostics.medianMs <= 200);
    const node = lsp.firstDiagnostics.nodeStartMedianMs;
    rows.push(['    reference: `node -e 0`, median; the server\'s part', `${ms1(node)}; ${ms1(lsp.firstDiagnostics.medianMs - node)}`, '—', '']);
    const withCa = lsp.firstDiagnostics.nodeStartWithExtraCaMedianMs;
    if (withCa !== undefined) rows.push(['    `node -e 0` with this shell\'s NODE_EXTRA_CA_CERTS (emptied for the server)', ms1(withCa), '—', '']);
    const inside = lsp.firstDiagnostics.inside;
    if (inside) rows.push(['    server\'s own clock: Node until its first line; then to first diagnostics', `${ms1(inside.nodeMs)}; ${ms1(inside.ownMs)}`, '—', '']);
  } else {
    row('(e), (f) language server', 'not run (bench-lsp.mjs failed)', '', undefined);
  }
  if (act && !act.error) {
    row('(g) activation, extension\'s own, median', ms1(act.selfMs), '≤ 30 ms', act.selfMs <= 30);
    row('(g) activation, as VS Code reports it', act.vscodeMs === undefined ? 'unknown' : `${act.vscodeMs} ms`, '≤ 30 ms', act.vscodeMs === undefined ? undefined : act.vscodeMs <= 30);
  } else {
    row('(g) activation in VS Code', `could not run: ${act?.error ?? 'skipped (--skip-vscode)'}`, '≤ 30 ms', undefined);
  }
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`| ${'what'.padEnd(width[0])} | ${'measured'.padEnd(width[1])} | ${'target'.padEnd(width[2])} | |`);
  console.log(`|${'-'.repeat(width[0] + 2)}|${'-'.repeat(width[1] + 2)}|${'-'.repeat(width[2] + 2)}|---|`);
  for (const r of rows) console.log(`| ${r[0].padEnd(width[0])} | ${r[1].padEnd(width[1])} | ${r[2].padEnd(width[2])} | ${r[3]} |`);
}

async function main() {
  console.log(`go-for-cloud bench — ${new Date().toISOString()}, ${cores} cores, load average ${loadAverage()}`);
  if (!fs.existsSync(CLI)) {
    console.log('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
    process.exitCode = 1;
    return;
  }
  const tree = await treeFigures();

  console.log('');
  console.log('(e), (f) language server (scripts/bench-lsp.mjs):');
  const lsp = await lspFigures();

  console.log('');
  let act;
  if (argv.includes('--skip-vscode')) console.log('(g) skipped (--skip-vscode)');
  else {
    const runs = Number(opt('--activation-runs') ?? 5);
    console.log(`(g) extension activation in VS Code (code-server ${'+'} headless Chromium, examples/ open, ${runs} fresh starts):`);
    act = await measureActivation({ runs, log: console.log });
    if (act.error) console.log(`(g) could not run: ${act.error}`);
    else {
      console.log(`(g) median: extension's own ${ms1(act.selfMs)} (bundle ${ms1(act.loadMs)}, activate() ${ms1(act.activateMs)}); VS Code reports ${act.vscodeMs ?? 'unknown'} ms (it also counts reading and compiling the bundle)`);
      console.log(`    after activation, the language client loads and the server runs in ${ms1(act.serverMs)} (median)`);
    }
  }

  console.log('');
  console.log(`summary — load average now ${loadAverage()} on ${cores} cores${os.loadavg()[0] > cores ? ' (busy: wall-clock figures are inflated)' : ''}`);
  summary(tree, lsp, act);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

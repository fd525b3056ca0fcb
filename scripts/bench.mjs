// `npm run bench`: measures, in one run, on Go's standard library source
//   (1) `go-for-cloud check` over the tree (the built dist/cli.js, worker pool as shipped),
//   (2) `gofmt -l` over the same .go files, and the ratio (1)/(2),
//   (3) tree-sitter parsing alone of the same files, single-threaded, in this process,
//   (4) peak RSS of (1),
// then runs scripts/bench-lsp.mjs (server start → first diagnostics, keystroke latency) if present.
// Usage: node scripts/bench.mjs [--root DIR] [--single]   (--single also times the CLI without workers)
// The machine may be shared: the load average is printed so figures can be judged.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

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

async function main() {
  console.log(`go-for-cloud bench — ${new Date().toISOString()}, ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!fs.existsSync(CLI)) {
    console.log('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
    process.exitCode = 1;
    return;
  }
  if (!fs.existsSync(GOROOT_SRC)) {
    console.log(`${GOROOT_SRC} is missing: the CLI/gofmt/parse figures need Go's source (apt-get install golang-1.19-src); skipping them.`);
  } else {
    const files = goFiles(GOROOT_SRC);
    console.log(`corpus: ${GOROOT_SRC}, ${files.length} .go files (testdata, vendor, _ and . skipped)`);
    if (!TIME) console.log('(no /usr/bin/time: peak RSS comes from the CLI itself via GO_FOR_CLOUD_REPORT_RSS)');

    const check = await timed(process.execPath, [CLI, 'check', '--format', 'json', GOROOT_SRC], { GO_FOR_CLOUD_REPORT_RSS: '1' });
    if (check.code !== 0 && check.code !== 1) console.log(`!! check exited ${check.code}: ${check.stderr.split('\n').slice(0, 3).join(' | ')}`);
    const selfRss = /maxRSS (\d+) KB/.exec(check.stderr)?.[1];
    const rssKB = check.rssKB ?? (selfRss ? Number(selfRss) : undefined);
    let single;
    if (argv.includes('--single')) single = await timed(process.execPath, [CLI, 'check', '--format', 'json', GOROOT_SRC], { GO_FOR_CLOUD_WORKERS: '0' });

    const gofmt = await gofmtAll(files);
    const parse = await parseAlone(files);

    const cpu = (r) => (r.cpuMs !== undefined && !Number.isNaN(r.cpuMs) ? `, CPU ${secs(r.cpuMs)}` : '');
    console.log('');
    console.log(`(1) go-for-cloud check           ${secs(check.ms)}${cpu(check)}  (exit ${check.code}; findings: ${cliSummary(check.stdout) || 'none'})`);
    if (single) console.log(`    check, no worker threads     ${secs(single.ms)}${cpu(single)}`);
    console.log(`(2) gofmt -l, same files         ${secs(gofmt.ms)}${cpu(gofmt)}  (${gofmt.listed} files listed)`);
    console.log(`(3) tree-sitter parse, 1 thread  ${secs(parse.ms)}${cpu(parse)}  (${(parse.bytes / 1e6).toFixed(1)} MB)`);
    console.log(`(4) peak RSS of (1)              ${rssKB ? `${(rssKB / 1024).toFixed(0)} MB` : 'unknown'}`);
    console.log('');
    console.log('ratios of wall-clock time:');
    console.log(`  check / gofmt                  ${ratio(check.ms, gofmt.ms)}   (target now ≤ 1.5; issue 9: ≤ 0.8)`);
    console.log(`  check / (parse / ${cores} cores)     ${ratio(check.ms, parse.ms / cores)}   (issue 9: ≤ 1.3)`);
    if (single) console.log(`  single-thread check / parse    ${ratio(single.ms, parse.ms)}   (rules and I/O on top of parsing)`);
    if (check.cpuMs && gofmt.cpuMs) {
      // On a shared machine wall time follows the neighbours' load; CPU time much less so.
      console.log('ratios of CPU time (robust to other load on the machine):');
      console.log(`  check / gofmt                  ${ratio(check.cpuMs, gofmt.cpuMs)}`);
      console.log(`  check / parse                  ${ratio(check.cpuMs, parse.cpuMs)}`);
      if (single?.cpuMs) console.log(`  single-thread check / parse    ${ratio(single.cpuMs, parse.cpuMs)}`);
    }
    const load = os.loadavg()[0];
    if (load > cores * 1.5) console.log(`!! load average ${load.toFixed(1)} on ${cores} cores: other work shares the CPUs, wall-clock figures are inflated`);
  }

  const lsp = path.join(root, 'scripts', 'bench-lsp.mjs');
  console.log('');
  if (fs.existsSync(lsp)) {
    console.log('(5) language server (scripts/bench-lsp.mjs):');
    const r = spawnSync(process.execPath, [lsp], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) console.log(`!! bench-lsp.mjs exited ${r.status ?? r.signal}`);
  } else {
    console.log('(5) scripts/bench-lsp.mjs does not exist yet: no server start / keystroke figures.');
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

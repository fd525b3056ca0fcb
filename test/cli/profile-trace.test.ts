// `profile top` against `go tool pprof -top` on real CPU and heap profiles, and `trace
// summarize` on a real GODEBUG log: both written by small Go programs at test time.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'insight');
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };

interface Row {
  name: string;
  flat: number;
  cum: number;
}

/**
 * Rows of `go tool pprof -top` printed in the base unit (-unit=ns or -unit=B). -nodefraction=0:
 * pprof otherwise drops functions whose cum is under 0.5% of the total, a cut that random
 * heap sampling puts right at some functions' values.
 */
function pprofTop(file: string, unit: string, sampleIndex?: string): Row[] {
  const args = ['tool', 'pprof', '-top', '-nodecount=20', '-nodefraction=0', `-unit=${unit}`, ...(sampleIndex ? [`-sample_index=${sampleIndex}`] : []), file];
  const out = execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: GO_ENV });
  const rows: Row[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(-?\d+(?:\.\d+)?)([a-zA-Z]*)\s+\S+%\s+\S+%\s+(-?\d+(?:\.\d+)?)([a-zA-Z]*)\s+\S+%\s+(.+?)(?: \(inline\))?$/.exec(line);
    if (m) rows.push({ name: m[5], flat: Number(m[1]), cum: Number(m[3]) });
  }
  return rows;
}

function ourTop(file: string, sample?: string): Row[] {
  const r = spawnSync(process.execPath, [CLI, 'profile', 'top', '--n', '20', '--json', ...(sample ? ['--sample', sample] : []), file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout).rows as Row[]).map(({ name, flat, cum }) => ({ name, flat, cum }));
}

describe('cli: profile and trace', function () {
  this.timeout(180_000);
  let dir: string;
  before(function () {
    try {
      execFileSync('go', ['version']);
    } catch {
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-prof-'));
    execFileSync('go', ['build', '-o', path.join(dir, 'profiled'), './profiled'], { cwd: FIXTURE, env: GO_ENV });
    execFileSync(path.join(dir, 'profiled'), [path.join(dir, 'cpu.pprof'), path.join(dir, 'heap.pprof')]);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('ranks a CPU profile exactly as go tool pprof -top does (top 20, flat and cum)', () => {
    const theirs = pprofTop(path.join(dir, 'cpu.pprof'), 'ns');
    assert.ok(theirs.length >= 5, `pprof rows: ${theirs.length}`);
    assert.deepEqual(ourTop(path.join(dir, 'cpu.pprof')).slice(0, theirs.length), theirs);
  });

  it('ranks a heap profile (inuse_space by default, and alloc_space) as pprof does', () => {
    const heap = path.join(dir, 'heap.pprof');
    const inuse = pprofTop(heap, 'B');
    assert.ok(inuse.length >= 1);
    assert.deepEqual(ourTop(heap).slice(0, inuse.length), inuse);
    const alloc = pprofTop(heap, 'B', 'alloc_space');
    assert.deepEqual(ourTop(heap, 'alloc_space').slice(0, alloc.length), alloc);
  });

  it('prints a pprof-style table and refuses what is not a profile in one line', () => {
    const r = spawnSync(process.execPath, [CLI, 'profile', 'top', path.join(dir, 'cpu.pprof')], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/m);
    const bad = spawnSync(process.execPath, [CLI, 'profile', 'top', path.join(dir, 'profiled')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /not a pprof profile/);
  });

  it('summarizes a real GODEBUG trace log', () => {
    execFileSync('go', ['build', '-o', path.join(dir, 'alloc'), './alloc'], { cwd: FIXTURE, env: GO_ENV });
    const run = spawnSync(path.join(dir, 'alloc'), [], { encoding: 'utf8', env: { ...process.env, GODEBUG: 'gctrace=1,schedtrace=50' } });
    const log = path.join(dir, 'trace.log');
    fs.writeFileSync(log, run.stderr + run.stdout);
    const r = spawnSync(process.execPath, [CLI, 'trace', 'summarize', '--json', log], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const gcLines = (run.stderr.match(/^gc \d+ @/gm) ?? []).length;
    assert.ok(s.gcCount > 0 && s.schedCount > 0);
    // Runtime threads may interleave two records on one line: those alone are skipped.
    assert.ok(s.gcCount <= gcLines && s.gcCount + s.malformed >= gcLines, `${s.gcCount} parsed, ${s.malformed} skipped of ${gcLines}`);
    assert.ok(s.malformed <= 2);
    const text = spawnSync(process.execPath, [CLI, 'trace', 'summarize', log], { encoding: 'utf8' });
    assert.match(text.stdout, /^GC cycles\s+\d+ \(\d+ forced\)/m);
  });
});

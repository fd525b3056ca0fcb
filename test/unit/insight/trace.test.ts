// GODEBUG trace parsing on real output: two small programs built and run with Debian's Go.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGcLine } from '../../../src/insight/gctrace';
import { parseSchedLine } from '../../../src/insight/schedtrace';
import { parseTraceLog, summarize } from '../../../src/insight/trace-log';
import { hasGo } from '../fixture-harness';

const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'insight');

describe('GODEBUG trace parsing', function () {
  this.timeout(180_000);

  it('parses every field of a gctrace line, the forced mark and unknown segments', () => {
    const ev = parseGcLine('gc 7 @0.134s 3%: 0.016+1.2+0.004 ms clock, 0.13+0.41/1.1/0.32+0.036 ms cpu, 4->5->2 MB, 5 MB goal, 1 MB stacks, 0 MB globals, 8 P (forced)', 3);
    assert.deepEqual(ev, {
      kind: 'gc',
      line: 3,
      n: 7,
      at: 0.134,
      cpuPercent: 3,
      forced: true,
      extra: [],
      clock: { sweepTerm: 0.016, mark: 1.2, markTerm: 0.004 },
      cpu: { sweepTerm: 0.13, assist: 0.41, background: 1.1, idle: 0.32, markTerm: 0.036 },
      heap: { before: 4, after: 5, live: 2 },
      goalMB: 5,
      stacksMB: 1,
      globalsMB: 0,
      procs: 8,
    });
    // Go 1.17 had no stacks/globals; a future release may add a segment.
    const old = parseGcLine('gc 1 @0.010s 0%: 0.010+0.20+0.002 ms clock, 0.040+0.1/0.2/0.3+0.008 ms cpu, 4->4->0 MB, 5 MB goal, 4 P');
    assert.equal(old?.stacksMB, undefined);
    const future = parseGcLine('gc 2 @1.5s 1%: 0.01+0.2+0.01 ms clock, 0.1+0.1/0.2/0.3+0.01 ms cpu, 4->4->1 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 3 MB something, 4 P');
    assert.deepEqual(future?.extra, ['3 MB something']);
    assert.equal(parseGcLine('gc 3 @garbage'), undefined);
    assert.equal(parseGcLine('gc 3 @0.1s 1%: 1+2+3 ms clock'), undefined, 'required fields missing');
  });

  it('parses schedtrace lines, with and without scheddetail, keeping unknown keys', () => {
    const s = parseSchedLine('SCHED 1004ms: gomaxprocs=8 idleprocs=6 threads=11 spinningthreads=1 needspinning=0 idlethreads=4 runqueue=3 [0 1 0 0 2 0 0 0]');
    assert.equal(s?.atMs, 1004);
    assert.equal(s?.runqueue, 3);
    assert.deepEqual(s?.localRunqueues, [0, 1, 0, 0, 2, 0, 0, 0]);
    assert.equal(s?.fields.needspinning, 0);
    const d = parseSchedLine('SCHED 0ms: gomaxprocs=2 idleprocs=1 threads=3 spinningthreads=0 idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0');
    assert.equal(d?.fields.sysmonwait, 0);
    assert.deepEqual(d?.localRunqueues, []);
    assert.equal(parseSchedLine('SCHED 5ms: gomaxprocs=two'), undefined);
  });

  it('counts malformed trace lines and program output separately', () => {
    const log = parseTraceLog('hello\ngc 1 @x\nSCHED 1ms: nope\n  P0: status=1 schedtick=0\n');
    assert.deepEqual(log.malformed, [2, 3]);
    assert.equal(log.other, 1);
    assert.equal(log.schedDetail, 1);
  });

  for (const program of ['alloc', 'goroutines']) {
    for (const detail of [false, true]) {
      it(`leaves no trace line unparsed in the real output of ${program}${detail ? ' with scheddetail' : ''}`, function () {
        if (!hasGo()) this.skip();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-trace-'));
        try {
          const bin = path.join(dir, program);
          execFileSync('go', ['build', '-o', bin, `./${program}`], { cwd: FIXTURE, env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' } });
          const run = spawnSync(bin, [], {
            encoding: 'utf8',
            env: { ...process.env, GODEBUG: `gctrace=1,schedtrace=50${detail ? ',scheddetail=1' : ''}` },
            timeout: 60_000,
          });
          assert.equal(run.status, 0, run.stderr.slice(-500));
          const text = run.stderr + run.stdout;
          const log = parseTraceLog(text);
          // The runtime prints from several threads without a lock across lines, so under load
          // two records can be spliced into one line. Only a rare few such lines may be skipped.
          const lines = text.split('\n');
          const claimedLines = lines.filter((l) => /^(gc \d|SCHED )/.test(l)).length;
          assert.ok(log.malformed.length <= Math.max(2, claimedLines * 0.02), `skipped: ${log.malformed.map((n) => JSON.stringify(lines[n - 1])).join(' ')}`);
          assert.ok(log.gc.length >= 2, `gc lines: ${log.gc.length}`);
          assert.ok(log.sched.length >= 2, `sched lines: ${log.sched.length}`);
          const claimed = text.split('\n').filter((l) => /^(gc \d|SCHED )/.test(l)).length;
          assert.equal(log.gc.length + log.sched.length + log.malformed.length, claimed, 'every gc/SCHED line parsed or interleaved');
          if (detail) assert.ok(log.schedDetail > 0, 'detail lines recognised');
          assert.ok(log.other <= 1 + log.malformed.length, 'only the program\'s own "done" line (and interleaving tails) left');
          const sum = summarize(log);
          assert.equal(sum.gcCount, log.gc.length);
          if (program === 'alloc') assert.ok(sum.forcedGcCount >= 1, 'runtime.GC() shows as forced');
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});

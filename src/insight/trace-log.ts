// A whole GODEBUG trace log: gctrace and schedtrace events among the program's own output.
// Lines that claim to be trace lines but do not parse are skipped and counted.
import { looksLikeGcLine, parseGcLine, type GcEvent } from './gctrace';
import { isSchedDetailLine, looksLikeSchedLine, parseSchedLine, type SchedEvent } from './schedtrace';

export interface TraceLog {
  gc: GcEvent[];
  sched: SchedEvent[];
  /** scheddetail=1 P/M/G lines (recognised, not charted). */
  schedDetail: number;
  /** Lines that look like trace lines but do not parse, with their 1-based line numbers. */
  malformed: number[];
  /** Other lines: the program's own output. */
  other: number;
}

export function emptyTraceLog(): TraceLog {
  return { gc: [], sched: [], schedDetail: 0, malformed: [], other: 0 };
}

/** Adds one line to a log being built (streaming use: a task's output as it arrives). */
export function addTraceLine(log: TraceLog, text: string, line: number): GcEvent | SchedEvent | undefined {
  const clean = text.replace(/\r$/, '');
  if (looksLikeGcLine(clean)) {
    const ev = parseGcLine(clean, line);
    if (ev) log.gc.push(ev);
    else log.malformed.push(line);
    return ev;
  }
  if (looksLikeSchedLine(clean)) {
    const ev = parseSchedLine(clean, line);
    if (ev) log.sched.push(ev);
    else log.malformed.push(line);
    return ev;
  }
  if (isSchedDetailLine(clean)) log.schedDetail++;
  else if (clean.trim()) log.other++;
  return undefined;
}

export function parseTraceLog(text: string): TraceLog {
  const log = emptyTraceLog();
  text.split('\n').forEach((l, i) => addTraceLine(log, l, i + 1));
  return log;
}

export interface TraceSummary {
  gcCount: number;
  forcedGcCount: number;
  schedCount: number;
  malformed: number;
  durationSeconds: number;
  /** Last reported share of time in GC (%). */
  gcCpuPercent: number;
  heapLiveMB: Percentiles;
  heapGoalMB: Percentiles;
  /** STW pauses per GC: sweep termination + mark termination wall clock (ms). */
  pauseMs: Percentiles;
  goroutineRunqueue: Percentiles;
  maxThreads: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; zeros for an empty series. */
export function percentiles(values: number[]): Percentiles {
  if (!values.length) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] };
}

export function summarize(log: TraceLog): TraceSummary {
  const lastGc = log.gc[log.gc.length - 1];
  const lastSched = log.sched[log.sched.length - 1];
  return {
    gcCount: log.gc.length,
    forcedGcCount: log.gc.filter((g) => g.forced).length,
    schedCount: log.sched.length,
    malformed: log.malformed.length,
    durationSeconds: Math.max(lastGc?.at ?? 0, (lastSched?.atMs ?? 0) / 1000),
    gcCpuPercent: lastGc?.cpuPercent ?? 0,
    heapLiveMB: percentiles(log.gc.map((g) => g.heap.live)),
    heapGoalMB: percentiles(log.gc.map((g) => g.goalMB)),
    pauseMs: percentiles(log.gc.map((g) => g.clock.sweepTerm + g.clock.markTerm)),
    goroutineRunqueue: percentiles(log.sched.map((s) => s.runqueue + s.localRunqueues.reduce((a, b) => a + b, 0))),
    maxThreads: Math.max(0, ...log.sched.map((s) => s.threads)),
  };
}

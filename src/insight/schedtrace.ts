// GODEBUG=schedtrace=N lines:
//   SCHED 1004ms: gomaxprocs=8 idleprocs=6 threads=11 spinningthreads=1 needspinning=0 idlethreads=4 runqueue=0 [0 1 0 0 0 0 0 0]
// With scheddetail=1 the runtime adds fields to that line and prints indented P/M/G lines.
// Every key=value is kept, so fields added by later releases are not lost.

export interface SchedEvent {
  kind: 'sched';
  line: number;
  /** Milliseconds since program start. */
  atMs: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  idlethreads: number;
  /** Global run queue length. */
  runqueue: number;
  /** Local run queue length per P (absent with scheddetail). */
  localRunqueues: number[];
  /** Every key=value of the line, known or not. */
  fields: Record<string, number>;
}

const HEAD = /^SCHED (\d+)ms: (.*)$/;
const REQUIRED = ['gomaxprocs', 'idleprocs', 'threads', 'idlethreads', 'runqueue'] as const;

export function looksLikeSchedLine(line: string): boolean {
  return line.startsWith('SCHED ');
}

/** scheddetail=1 lines for one P, M or G: `  P0: status=1 …`, `  M3: p=-1 …`, `  G1: status=4(…) …`. */
export function isSchedDetailLine(line: string): boolean {
  return /^\s+[PMG]\d+: \w+=/.test(line);
}

export function parseSchedLine(text: string, line = 0): SchedEvent | undefined {
  const head = HEAD.exec(text.trimEnd());
  if (!head) return undefined;
  let rest = head[2];
  let localRunqueues: number[] = [];
  const bracket = /\[([\d ]*)\]\s*$/.exec(rest);
  if (bracket) {
    localRunqueues = bracket[1].trim() ? bracket[1].trim().split(/\s+/).map(Number) : [];
    rest = rest.slice(0, bracket.index);
  }
  const fields: Record<string, number> = {};
  for (const token of rest.trim().split(/\s+/)) {
    const m = /^([a-z]+)=(-?\d+)$/.exec(token);
    if (!m) return undefined;
    fields[m[1]] = Number(m[2]);
  }
  if (REQUIRED.some((k) => fields[k] === undefined)) return undefined;
  return {
    kind: 'sched',
    line,
    atMs: Number(head[1]),
    gomaxprocs: fields.gomaxprocs,
    idleprocs: fields.idleprocs,
    threads: fields.threads,
    spinningthreads: fields.spinningthreads ?? 0,
    idlethreads: fields.idlethreads,
    runqueue: fields.runqueue,
    localRunqueues,
    fields,
  };
}

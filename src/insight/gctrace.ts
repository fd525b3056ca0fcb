// GODEBUG=gctrace=1 lines, Go 1.19 through current:
//   gc 7 @0.134s 3%: 0.016+1.2+0.004 ms clock, 0.13+0.41/1.1/0.32+0.036 ms cpu, 4->5->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 8 P (forced)
// Segments after the colon are matched one by one, so a field added by a later Go release
// is kept in `extra` instead of breaking the line.

export interface GcEvent {
  kind: 'gc';
  /** 1-based line in the log. */
  line: number;
  n: number;
  /** Seconds since program start. */
  at: number;
  /** Percentage of time spent in GC since program start. */
  cpuPercent: number;
  /** Wall clock: STW sweep termination, concurrent mark, STW mark termination (ms). */
  clock: { sweepTerm: number; mark: number; markTerm: number };
  /** CPU: sweep termination, mark assist / background / idle, mark termination (ms). */
  cpu: { sweepTerm: number; assist: number; background: number; idle: number; markTerm: number };
  /** Heap at GC start, at GC end, live heap (MB). */
  heap: { before: number; after: number; live: number };
  goalMB: number;
  stacksMB?: number;
  globalsMB?: number;
  procs: number;
  forced: boolean;
  /** Segments this parser does not know (newer Go releases). */
  extra: string[];
}

const HEAD = /^gc (\d+) @(\d+(?:\.\d+)?)s (\d+)%: (.*)$/;
const NUM = '(\\d+(?:\\.\\d+)?)';
const CLOCK = new RegExp(`^${NUM}\\+${NUM}\\+${NUM} ms clock$`);
const CPU = new RegExp(`^${NUM}\\+${NUM}/${NUM}/${NUM}\\+${NUM} ms cpu$`);
const HEAP = new RegExp(`^${NUM}->${NUM}->${NUM} MB$`);
const UNIT = new RegExp(`^${NUM} MB (goal|stacks|globals)$`);
const PROCS = /^(\d+) P$/;

/** True for lines that claim to be gctrace lines (so a failed parse counts as malformed). */
export function looksLikeGcLine(line: string): boolean {
  // A line spliced with another thread's output after "gc N" counts as a damaged gc line.
  return /^gc \d/.test(line);
}

export function parseGcLine(text: string, line = 0): GcEvent | undefined {
  const head = HEAD.exec(text.trimEnd());
  if (!head) return undefined;
  let rest = head[4];
  const forced = rest.endsWith(' (forced)');
  if (forced) rest = rest.slice(0, -' (forced)'.length);
  const ev: Partial<GcEvent> & { extra: string[] } = {
    kind: 'gc',
    line,
    n: Number(head[1]),
    at: Number(head[2]),
    cpuPercent: Number(head[3]),
    forced,
    extra: [],
  };
  for (const segment of rest.split(', ')) {
    let m: RegExpExecArray | null;
    if ((m = CLOCK.exec(segment))) ev.clock = { sweepTerm: +m[1], mark: +m[2], markTerm: +m[3] };
    else if ((m = CPU.exec(segment))) ev.cpu = { sweepTerm: +m[1], assist: +m[2], background: +m[3], idle: +m[4], markTerm: +m[5] };
    else if ((m = HEAP.exec(segment))) ev.heap = { before: +m[1], after: +m[2], live: +m[3] };
    else if ((m = UNIT.exec(segment))) {
      if (m[2] === 'goal') ev.goalMB = +m[1];
      else if (m[2] === 'stacks') ev.stacksMB = +m[1];
      else ev.globalsMB = +m[1];
    } else if ((m = PROCS.exec(segment))) ev.procs = +m[1];
    else ev.extra.push(segment);
  }
  // The fields every release prints; without them the line is not a gctrace line.
  if (!ev.clock || !ev.cpu || !ev.heap || ev.goalMB === undefined || ev.procs === undefined) return undefined;
  return ev as GcEvent;
}

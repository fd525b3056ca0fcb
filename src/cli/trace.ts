// `go-for-cloud trace summarize [--json] LOG`: counts, heap and pause percentiles of a
// GODEBUG=gctrace=1,schedtrace=N log.
import * as fs from 'node:fs';
import { parseTraceLog, summarize, type Percentiles } from '../insight/trace-log';
import { UsageError, type CliIO, type Verb } from './io';

const USAGE = 'go-for-cloud trace summarize [--json] LOG';

function p(x: Percentiles, unit: string): string {
  return `p50 ${x.p50}${unit}  p95 ${x.p95}${unit}  p99 ${x.p99}${unit}  max ${x.max}${unit}`;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'summarize') throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  const bad = files.find((a) => a.startsWith('-'));
  if (bad) throw new UsageError(`unknown flag ${bad}`);
  if (files.length !== 1) throw new UsageError('one log file');
  let text: string;
  try {
    text = fs.readFileSync(files[0], 'utf8');
  } catch (e) {
    io.stderr(`go-for-cloud trace: ${files[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return 2;
  }
  const log = parseTraceLog(text);
  const s = summarize(log);
  if (json) {
    io.stdout(JSON.stringify({ ...s, malformedLines: log.malformed }, null, 2) + '\n');
    return 0;
  }
  io.stdout(
    [
      `GC cycles        ${s.gcCount} (${s.forcedGcCount} forced) over ${s.durationSeconds.toFixed(3)} s, ${s.gcCpuPercent}% of time in GC`,
      `live heap        ${p(s.heapLiveMB, ' MB')}`,
      `heap goal        ${p(s.heapGoalMB, ' MB')}`,
      `STW pauses       ${p(s.pauseMs, ' ms')}`,
      `scheduler lines  ${s.schedCount}, runnable goroutines ${p(s.goroutineRunqueue, '')}, threads max ${s.maxThreads}`,
      `skipped lines    ${s.malformed} malformed${s.malformed ? ` (first at line ${log.malformed[0]})` : ''}`,
      '',
    ].join('\n'),
  );
  return 0;
}

export const traceVerb: Verb = { summary: 'summarize a GODEBUG gctrace/schedtrace log', usage: USAGE, run };

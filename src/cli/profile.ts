// `go-for-cloud profile top [--n N] [--sample TYPE] [--json] FILE`: the functions a pprof
// profile spends most in, ranked as `go tool pprof -top` ranks them, without Go installed.
import * as fs from 'node:fs';
import { decodeProfile, ProfileError, sampleIndex, topFunctions, total } from '../insight/profile';
import { percent, scaledLabel } from '../insight/units';
import { UsageError, type CliIO, type Verb } from './io';

const USAGE = 'go-for-cloud profile top [--n N] [--sample TYPE] [--json] FILE';

async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'top') throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  let n = 20;
  let sample: string | undefined;
  let json = false;
  let file: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--n' || a === '-n') n = Number(rest[++i]);
    else if (a.startsWith('--n=')) n = Number(a.slice(4));
    else if (a === '--sample') sample = rest[++i];
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown flag ${a}`);
    else if (file) throw new UsageError('one profile at a time');
    else file = a;
  }
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('--n takes a positive whole number');
  if (!file) throw new UsageError('missing profile file');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    io.stderr(`go-for-cloud profile: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return 2;
  }
  try {
    const p = decodeProfile(bytes);
    const index = sampleIndex(p, sample);
    const unit = p.sampleTypes[index].unit;
    const rows = topFunctions(p, index);
    const sum = total(p, index);
    const shown = rows.slice(0, n);
    if (json) {
      io.stdout(JSON.stringify({ sampleType: p.sampleTypes[index], total: sum, rows: shown }, null, 2) + '\n');
      return 0;
    }
    io.stdout(`Type: ${p.sampleTypes[index].type}\nShowing top ${shown.length} of ${rows.length} functions, total ${scaledLabel(sum, unit)}\n`);
    io.stdout('      flat  flat%   sum%        cum   cum%\n');
    let running = 0;
    for (const r of shown) {
      running += r.flat;
      io.stdout(
        `${scaledLabel(r.flat, unit).padStart(10)} ${percent(r.flat, sum).padStart(6)} ${percent(running, sum).padStart(6)} ${scaledLabel(r.cum, unit).padStart(10)} ${percent(r.cum, sum).padStart(6)}  ${r.name}\n`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof ProfileError) {
      io.stderr(`go-for-cloud profile: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export const profileVerb: Verb = { summary: 'rank the functions of a pprof profile (like go tool pprof -top)', usage: USAGE, run };

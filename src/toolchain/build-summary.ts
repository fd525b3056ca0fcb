// What a finished build produced, per target: size, static or not, commit embedded, Go
// version, time — read back from the binary's own build info, not assumed from the plan.
import * as path from 'node:path';
import { readBuildInfo, type BuildInfo } from '../buildinfo';
import type { StepResult } from './run-build';

export interface BinaryFacts {
  target: string;
  ok: boolean;
  cancelled: boolean;
  output: string;
  seconds: number;
  size?: number;
  goVersion?: string;
  static?: boolean;
  trimpath?: boolean;
  revision?: string;
  modified?: boolean;
  errors?: string;
}

export async function describeBinary(r: StepResult): Promise<BinaryFacts> {
  return (await describeBuilt(r)).facts;
}

/** The facts and the build info they came from (read once; callers derive findings from it). */
export async function describeBuilt(r: StepResult): Promise<{ facts: BinaryFacts; info?: BuildInfo }> {
  const facts: BinaryFacts = { target: r.target, ok: r.ok, cancelled: r.cancelled, output: r.output, seconds: r.seconds, size: r.size };
  if (!r.ok) {
    facts.errors = r.errors.trim();
    return { facts };
  }
  const info = await readBuildInfo(r.output).catch(() => undefined);
  if (info) {
    const settings = new Map(info.settings.map((s) => [s.key, s.value]));
    facts.goVersion = info.goVersion;
    facts.static = settings.get('CGO_ENABLED') === '0';
    facts.trimpath = settings.get('-trimpath') === 'true';
    facts.revision = settings.get('vcs.revision');
    facts.modified = settings.get('vcs.modified') === 'true';
  }
  return { facts, info };
}

function mb(n?: number): string {
  return n === undefined ? '-' : `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * The first thing go said (not the "# package" header), without its file:line: the located
 * error is printed above, and a second located copy would be a second problem for matchers.
 */
function firstError(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? stderr.split('\n')[0];
  return line.replace(/^\S+\.go:\d+(?::\d+)?: /, '');
}

export function formatSummary(facts: BinaryFacts[], root: string): string {
  const lines: string[] = [];
  for (const f of facts) {
    const out = path.relative(root, f.output) || f.output;
    if (!f.ok) {
      lines.push(`${f.target.padEnd(16)} ${f.cancelled ? 'cancelled' : 'FAILED'}${f.errors ? `: ${firstError(f.errors)}` : ''}`);
      continue;
    }
    const parts = [
      f.target.padEnd(16),
      out,
      mb(f.size),
      f.static === undefined ? 'static: unknown' : f.static ? 'static' : 'dynamic (cgo)',
      f.revision ? `commit ${f.revision.slice(0, 12)}${f.modified ? ' (dirty)' : ''}` : 'no commit embedded',
      f.goVersion ?? '',
      `${f.seconds.toFixed(1)} s`,
    ];
    lines.push(parts.filter(Boolean).join('  '));
  }
  return lines.join('\n') + '\n';
}

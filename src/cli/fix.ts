// --fix: each finding's preferred fix, never two overlapping edits, written atomically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, nonOverlapping } from '../analysis/edits';
import type { RatedFinding } from '../analysis/types';

export interface FixResult {
  text: string;
  /** How many fixes were applied (0 when nothing changed). */
  applied: number;
}

/** Applies the preferred fix of each finding, in finding order, skipping overlapping ones. */
export function applyPreferredFixes(text: string, findings: readonly RatedFinding[]): FixResult {
  const preferred = findings.filter((f) => f.fixes.length > 0).map((f) => f.fixes[0]);
  const chosen = nonOverlapping(preferred);
  if (chosen.length === 0) return { text, applied: 0 };
  const next = applyEdits(text, chosen.flatMap((f) => f.edits));
  return next === text ? { text, applied: 0 } : { text: next, applied: chosen.length };
}

/**
 * Replaces a file's content through a temporary file in the same directory and a rename,
 * keeping its mode, so a crash never leaves a half-written source file. Refuses when the
 * file changed since it was analysed.
 */
export function writeAtomically(file: string, expected: string, next: string): void {
  const stat = fs.statSync(file);
  if (fs.readFileSync(file, 'utf8') !== expected) throw new Error('changed on disk while being checked; not fixed');
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.go-for-cloud-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, next, { mode: stat.mode & 0o7777, flag: 'wx' });
    fs.chmodSync(tmp, stat.mode & 0o7777);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

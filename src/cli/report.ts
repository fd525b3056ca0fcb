// What the check verb reports, independent of the output format.
import * as path from 'node:path';
import type { RatedFinding } from '../analysis/types';

/** A finding with the file it is in (as displayed) and that file's text. */
export interface CliFinding extends RatedFinding {
  /** Path relative to the working directory when inside it, else absolute; `/`-separated on every OS. */
  file: string;
  /** The file's text, for byte columns (text format). */
  text: string;
}

/** A file that could not be read or was skipped, for SARIF notifications. */
export interface CliNotice {
  file: string;
  message: string;
  level: 'error' | 'warning';
}

export function displayPath(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
  return shown.split(path.sep).join('/');
}

export function sortCliFindings(findings: CliFinding[]): CliFinding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

// `path:line:col: message (rule-id)`, 1-based line and byte column, as go vet prints.
import type { CliFinding } from './report';

/** 1-based UTF-8 byte column of a UTF-16 character offset on a line. */
export function byteColumn(text: string, line: number, character: number): number {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
  }
  return Buffer.byteLength(text.slice(start, start + character), 'utf8') + 1;
}

export function formatText(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => `${f.file}:${f.range.start.line + 1}:${byteColumn(f.text, f.range.start.line, f.range.start.character)}: ${f.message} (${f.rule})\n`)
    .join('');
}

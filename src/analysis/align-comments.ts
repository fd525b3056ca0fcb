// gofmt aligns the trailing comments of consecutive lines (same indentation, no blank line, each
// with code and a `//` comment) one space after the longest code. A fix that makes a line's code
// shorter or longer must move the comments of its whole run, or gofmt would change the result.
import type { GoFile } from './go-file';
import type { Fix, TextEdit } from './types';

interface Commented {
  line: number;
  indent: string;
  /** The code after the indentation, without the blanks before the comment. */
  code: string;
  /** Column where the comment starts, and where the blanks before it start. */
  commentAt: number;
  gapAt: number;
}

/** The line's trailing comment, when the tree says it is one and code precedes it on the line. */
function commented(file: GoFile, line: number): Commented | undefined {
  const text = file.lineText(line);
  const slash = text.indexOf('//');
  if (slash < 0) return undefined;
  const node = file.rootAt(file.offsetAt({ line, character: 0 })).descendantForPosition({ row: line, column: text.length - 1 });
  if (node?.type !== 'comment' || node.startPosition.row !== line || node.endPosition.row !== line) return undefined;
  const commentAt = node.startPosition.column;
  const indent = /^[ \t]*/.exec(text)![0];
  const code = text.slice(indent.length, commentAt).trimEnd();
  if (!code || code.includes('\t')) return undefined;
  return { line, indent, code, commentAt, gapAt: indent.length + code.length };
}

/** Width as gofmt's tabwriter counts it: in characters (code points). */
function width(s: string): number {
  return [...s].length;
}

/** The run of commented lines around `line` that gofmt aligns together. */
function runAround(file: GoFile, at: Commented): Commented[] {
  const run = [at];
  for (let l = at.line - 1; l >= 0; l--) {
    const c = commented(file, l);
    if (!c || c.indent !== at.indent) break;
    run.unshift(c);
  }
  for (let l = at.line + 1; ; l++) {
    const c = commented(file, l);
    if (!c || c.indent !== at.indent) break;
    run.push(c);
  }
  return run;
}

/**
 * The fix with edits that keep its lines' runs of trailing comments aligned. Only single-line
 * edits before a comment are followed, and only runs that are aligned as gofmt would align them
 * now: anything else is left as it is (gofmt was not keeping that file).
 */
export function withAlignedComments(file: GoFile, fix: Fix): Fix {
  const byLine = new Map<number, TextEdit[]>();
  for (const e of fix.edits) {
    if (e.range.start.line !== e.range.end.line || e.newText.includes('\n')) continue;
    byLine.set(e.range.start.line, [...(byLine.get(e.range.start.line) ?? []), e]);
  }
  const added: TextEdit[] = [];
  const done = new Set<number>();
  for (const [line, edits] of byLine) {
    if (done.has(line) || !file.lineText(line).includes('//')) continue;
    const at = commented(file, line);
    if (!at) continue;
    const run = runAround(file, at);
    run.forEach((c) => done.add(c.line));
    // The fix's edits on the run must stay in the code, clear of the blanks before the comment.
    const clear = (c: Commented) => (byLine.get(c.line) ?? []).every((e) => e.range.end.character < c.gapAt || (e.range.end.character === c.gapAt && e.range.start.character < c.gapAt));
    if (run.length < 2 || !run.every(clear)) continue;
    const column = (codes: string[]) => Math.max(...codes.map(width)) + 1;
    // Aligned now as gofmt aligns? Then realign after the fix; else leave it.
    const before = column(run.map((c) => c.code));
    if (run.some((c) => width(c.indent) + before !== width(file.lineText(c.line).slice(0, c.commentAt)))) continue;
    const codeAfter = (c: Commented) => {
      const mine = byLine.get(c.line);
      if (!mine) return c.code;
      let code = c.indent + c.code;
      for (const e of [...mine].sort((a, b) => b.range.start.character - a.range.start.character)) {
        code = code.slice(0, e.range.start.character) + e.newText + code.slice(e.range.end.character);
      }
      return code.slice(c.indent.length);
    };
    const after = column(run.map(codeAfter));
    for (const c of run) {
      const gap = ' '.repeat(after - width(codeAfter(c)));
      if (gap.length !== c.commentAt - c.gapAt) {
        added.push({ range: { start: { line: c.line, character: c.gapAt }, end: { line: c.line, character: c.commentAt } }, newText: gap });
      }
    }
  }
  return added.length ? { ...fix, edits: [...fix.edits, ...added] } : fix;
}

// Applying text edits, choosing non-overlapping fixes, and adding imports gofmt-clean.
import { compareStrings } from './compare';
import type { GoFile } from './go-file';
import { defaultName } from './imports';
import type { Fix, Position, Range, TextEdit } from './types';

function cmp(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Applies edits given in the coordinates of `text` (as LSP does: all against the original). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = dedupe(edits)
    .map((e, i) => ({ e, i, s: offset(e.range.start), t: offset(e.range.end) }))
    .sort((a, b) => b.s - a.s || b.t - a.t || b.i - a.i);
  let out = text;
  for (const { e, s, t } of sorted) out = out.slice(0, s) + e.newText + out.slice(t);
  return out;
}

/** Identical edits (two fixes adding the same import) count once. */
export function dedupe(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function overlaps(a: Range, b: Range): boolean {
  // Two insertions at the same point overlap unless identical (handled by dedupe).
  if (cmp(a.start, a.end) === 0 && cmp(b.start, b.end) === 0) return cmp(a.start, b.start) === 0;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}

/** Picks fixes in order, skipping any whose edits overlap an edit already taken (an identical edit is no clash). */
export function nonOverlapping(fixes: readonly Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const takenKeys = new Set<string>();
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    // Fixes that share edits (one import removal for several calls) are compared once per edit.
    const fresh = fix.edits.map((e) => ({ e, key: JSON.stringify(e) })).filter(({ key }) => !takenKeys.has(key));
    if (fresh.some(({ e }) => taken.some((t) => overlaps(t.range, e.range)))) continue;
    for (const { e, key } of fresh) {
      if (takenKeys.has(key)) continue;
      takenKeys.add(key);
      taken.push(e);
    }
    chosen.push(fix);
  }
  return chosen;
}

export interface ImportResult {
  /** The name to use in code for the package. */
  name: string;
  /** Edits that add the import; empty when it is already there. */
  edits: TextEdit[];
}

function isStd(importPath: string): boolean {
  return !importPath.split('/')[0].includes('.');
}

/**
 * Makes `importPath` available in the file. Returns undefined when it cannot be done
 * cleanly (the default name is taken by another import, or only a `_`/`.` import exists).
 */
export function ensureImport(file: GoFile, importPath: string): ImportResult | undefined {
  const table = file.imports;
  const existing = table.namesFor(importPath);
  if (existing.length) return { name: existing[0], edits: [] };
  const name = defaultName(importPath);
  if (table.pathOf(name)) return undefined;
  const quoted = `"${importPath}"`;
  const decls = table.declarations;
  if (decls.length === 0) {
    const pkg = file.namedTopLevelNodes().find((n) => n.type === 'package_clause');
    if (!pkg) return undefined;
    const at = file.rangeOf(pkg).end;
    return { name, edits: [{ range: { start: at, end: at }, newText: `\n\nimport ${quoted}` }] };
  }
  // Prefer a grouped declaration; within it, the run (blank-line separated) of the same kind.
  const grouped = decls.find((d) => d.text.trimEnd().endsWith(')'));
  if (!grouped) {
    // `import "fmt"` → `import (\n\t"fmt"\n\t"new"\n)` in sorted order.
    const decl = decls[0];
    const specs = decl.descendantsOfType('import_spec').filter((s) => s !== null);
    const lines = specs.map((s) => s!.text);
    lines.push(quoted);
    lines.sort((a, b) => compareStrings(pathOfSpec(a), pathOfSpec(b)));
    return { name, edits: [{ range: file.rangeOf(decl), newText: `import (\n${lines.map((l) => `\t${l}`).join('\n')}\n)` }] };
  }
  const specs = grouped.descendantsOfType('import_spec').filter((s) => s !== null).map((s) => s!);
  if (specs.length === 0) {
    const close = file.rangeOf(grouped).end;
    const at = { line: close.line, character: close.character - 1 };
    return { name, edits: [{ range: { start: at, end: at }, newText: `\n\t${quoted}\n` }] };
  }
  // Split specs into runs separated by blank lines, as gofmt sorts each run on its own.
  const runs: (typeof specs)[] = [[specs[0]]];
  for (let i = 1; i < specs.length; i++) {
    if (specs[i].startPosition.row - specs[i - 1].endPosition.row > 1) runs.push([]);
    runs[runs.length - 1].push(specs[i]);
  }
  const wantStd = isStd(importPath);
  const run = runs.find((r) => r.every((s) => isStd(specPath(s.text)) === wantStd)) ?? runs[0];
  const after = run.find((s) => specPath(s.text) > importPath);
  const indent = file.indentOf(run[0].startPosition.row);
  if (after) {
    const at = { line: after.startPosition.row, character: 0 };
    return { name, edits: [{ range: { start: at, end: at }, newText: `${indent}${quoted}\n` }] };
  }
  const last = run[run.length - 1];
  const at = { line: last.endPosition.row + 1, character: 0 };
  return { name, edits: [{ range: { start: at, end: at }, newText: `${indent}${quoted}\n` }] };
}

function specPath(specText: string): string {
  return /"([^"]*)"|`([^`]*)`/.exec(specText)?.slice(1).find((x) => x !== undefined) ?? '';
}

function pathOfSpec(specText: string): string {
  return specPath(specText);
}

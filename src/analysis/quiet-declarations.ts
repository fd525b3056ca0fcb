// Most declarations of a large file hold no match of a given query. Whether one does depends
// on its text alone (no pattern spans two top-level declarations), so it is cached by text:
// an open document's keystroke then walks only the declarations that matched before, and the
// one being edited, instead of the whole file.
import type { GoFile } from './go-file';
import { compileQuery, type Node, type QueryCapture, type QueryMatch } from './parser';
import { DeclarationTextCache } from './text-cache';

/** Top-level nodes no rule query looks into. */
const OUTSIDE_DECLARATIONS = new Set(['comment', 'package_clause']);

/** Per query source and declaration text: whether the query matches anything in it. */
const matchesSomething = new DeclarationTextCache<boolean>();

/** The top-level nodes of the file where the query (given by its source) may match. */
export function declarationsThatMayMatch(file: GoFile, source: string): Node[] {
  const query = compileQuery(source);
  return file.topLevel
    .filter((t) => !OUTSIDE_DECLARATIONS.has(t.type) && matchesSomething.get(source, t.text, () => query.matches(t.node).length > 0))
    .map((t) => t.node);
}

/** The query's matches over the file, in order, walking only declarations that may match. */
export function matchesInFile(file: GoFile, source: string): QueryMatch[] {
  const query = compileQuery(source);
  return declarationsThatMayMatch(file, source).flatMap((n) => query.matches(n));
}

/** The query's captures over the file, in order, walking only declarations that may match. */
export function capturesInFile(file: GoFile, source: string): QueryCapture[] {
  const query = compileQuery(source);
  return declarationsThatMayMatch(file, source).flatMap((n) => query.captures(n));
}

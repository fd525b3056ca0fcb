// Most declarations of a large file hold no match of a given query. Whether one does depends
// on its text alone (no pattern spans two top-level declarations), so it is cached by text:
// an open document's keystroke then walks only the declarations that matched before, and the
// one being edited, instead of the whole file.
import type { GoFile } from './go-file';
import { compileQuery, type Node, type QueryCapture, type QueryMatch } from './parser';
import { DeclarationTextCache } from './text-cache';

/** Top-level nodes no rule query looks into. */
const OUTSIDE_DECLARATIONS = new Set(['comment', 'package_clause']);

/** Per kind and query source, and declaration text: whether the query finds anything in it. */
const findsSomething = new DeclarationTextCache<boolean>();

/**
 * `find` over the declarations that may hold a result; a declaration not seen yet is walked
 * once. Whether each may is a per-entry fact (carried over between versions of an open
 * document), else cached by text.
 */
function inDeclarations<T>(file: GoFile, key: string, find: (n: Node) => T[]): T[] {
  const walked = new Map<number, T[]>();
  const mayFind = file.perEntry(`finds\n${key}`, (t, i) => {
    if (OUTSIDE_DECLARATIONS.has(t.type)) return false;
    return findsSomething.get(key, t.text, () => {
      const found = find(t.node);
      walked.set(i, found);
      return found.length > 0;
    });
  });
  const top = file.topLevel;
  const out: T[] = [];
  for (let i = 0; i < top.length; i++) if (mayFind[i]) out.push(...(walked.get(i) ?? find(top[i].node)));
  return out;
}

/** The query's matches over the file, in order, walking only declarations that may match. */
export function matchesInFile(file: GoFile, source: string): QueryMatch[] {
  const query = compileQuery(source);
  return inDeclarations(file, `matches\n${source}`, (n) => query.matches(n));
}

/** The query's captures over the file, in order, walking only declarations that may match. */
export function capturesInFile(file: GoFile, source: string): QueryCapture[] {
  const query = compileQuery(source);
  return inDeclarations(file, `captures\n${source}`, (n) => query.captures(n));
}

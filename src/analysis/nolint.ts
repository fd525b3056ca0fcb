// //nolint:<id>[,<id>] (or //nolint:go-for-cloud, //nolint:all, bare //nolint) on the
// finding's line or the line above silences it, as golangci-lint users expect.
import type { GoFile } from './go-file';
import { declareQuery } from './parser';

export const PRODUCT_ID = 'go-for-cloud';

/** Every comment under a node (nolint directives; code actions look for one on a line). */
export const COMMENTS = declareQuery('(comment) @comment');

export type NolintMap = Map<number, Set<string> | 'all'>;

export function nolintLines(file: GoFile): NolintMap {
  const map: NolintMap = new Map();
  // On an open document, only the top-level entries whose text mentions it (a per-entry fact).
  const where = file.incremental ? file.entriesMentioning('nolint').map((top) => top.node) : file.text.includes('nolint') ? file.roots : [];
  for (const { node } of where.flatMap((n) => COMMENTS().captures(n))) {
    const m = /^\/\/\s*nolint(?::([\w,-]+))?(?:\s|$)/.exec(node.text);
    if (!m) continue;
    map.set(node.startPosition.row, m[1] ? new Set(m[1].split(',').map((s) => s.trim())) : 'all');
  }
  return map;
}

export function isSuppressed(map: NolintMap, line: number, ruleId: string): boolean {
  for (const l of [line, line - 1]) {
    const ids = map.get(l);
    if (!ids) continue;
    if (ids === 'all' || ids.has(ruleId) || ids.has(PRODUCT_ID) || ids.has('all')) return true;
  }
  return false;
}

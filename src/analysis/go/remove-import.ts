// Removing an import whose last use a fix takes away (Go refuses unused imports), and
// finding whether a package name is still used in a file.
import { NON_CODE_TOP_LEVEL, type GoFile } from '../go-file';
import type { ImportSpec } from '../imports';
import { declareQuery, type Node } from '../parser';
import type { TextEdit } from '../types';
import { DeclarationTextCache } from '../text-cache';
import { encloses, findLocalDeclaration } from './syntax';

const USES_QUERY = declareQuery(`[
  (selector_expression operand: (identifier) @use)
  (qualified_type package: (package_identifier) @use)
]`);

/** Nodes under `root` that refer to the package imported under `name` (locals of that name excluded). */
function usesIn(root: Node, name: string): Node[] {
  return USES_QUERY()
    .captures(root)
    .map((c) => c.node)
    .filter((n) => n.text === name && (n.type === 'package_identifier' || !findLocalDeclaration(name, n)));
}

/** Uses of a package name in a top-level declaration: they depend on its text alone. */
const useCounts = new DeclarationTextCache<number>();

/**
 * True when the package imported under `name` is used outside the `excluded` nodes. Only the
 * declarations that hold an excluded node are walked; the others' counts are cached by their
 * text, so a keystroke does not walk the whole file.
 */
export function usedOutside(file: GoFile, name: string, excluded: readonly Node[]): boolean {
  if (!name) return false;
  for (const top of file.topLevel) {
    if (NON_CODE_TOP_LEVEL.has(top.type)) continue;
    const held = excluded.filter((n) => n.startIndex >= top.startIndex && n.endIndex <= top.endIndex);
    const used = held.length
      ? usesIn(top.node, name).some((u) => !held.some((x) => encloses(x, u)))
      : useCounts.get(name, top.text, () => usesIn(top.node, name).length) > 0;
    if (used) return true;
  }
  return false;
}

/**
 * Edits that delete one import spec, gofmt-clean: its line inside a group (with a blank line
 * that would be left doubled or leading), or the whole declaration when it is the only spec.
 * Undefined when the spec shares its line with other code.
 */
export function removeImportEdits(file: GoFile, spec: ImportSpec): TextEdit[] | undefined {
  const decl = spec.node.parent?.type === 'import_spec_list' ? spec.node.parent.parent : spec.node.parent;
  if (!decl) return undefined;
  const specs = decl.descendantsOfType('import_spec').filter((s) => s !== null);
  const line = (l: number) => ({ line: l, character: 0 });
  if (specs.length <= 1) {
    let first = decl.startPosition.row;
    let last = decl.endPosition.row;
    // Drop one adjacent blank line too, so no double blank line is left behind.
    if (file.lineText(last + 1).trim() === '' && (first === 0 || file.lineText(first - 1).trim() === '')) last++;
    else if (first > 0 && file.lineText(first - 1).trim() === '' && file.lineText(last + 1).trim() === '') first--;
    return [{ range: { start: line(first), end: line(last + 1) }, newText: '' }];
  }
  let first = spec.node.startPosition.row;
  let last = spec.node.endPosition.row;
  // Only a spec alone on its line(s) (a trailing comment aside) is removed.
  if (!file.lineText(first).trim().startsWith(spec.node.text.split('\n')[0])) return undefined;
  if (!/^\s*(\/\/.*)?$/.test(file.lineText(last).slice(spec.node.endPosition.column))) return undefined;
  const before = file.lineText(first - 1).trim();
  const after = file.lineText(last + 1).trim();
  if (before === '' && (after === '' || after === ')')) first--;
  else if (before.endsWith('(') && after === '') last++;
  return [{ range: { start: line(first), end: line(last + 1) }, newText: '' }];
}

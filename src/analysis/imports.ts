// Import declarations of one file, resolved with their aliases.
import type { Node } from './parser';

export interface ImportSpec {
  path: string;
  /** Name the file uses for the package: alias, or defaultName(path) ('' for `_` and `.`). */
  name: string;
  /** `_`, `.` or an explicit alias; undefined when none is written. */
  alias?: string;
  node: Node;
}

export interface ImportTable {
  specs: ImportSpec[];
  /** Local names under which the file refers to an import path (aliases included). */
  namesFor(path: string): string[];
  /** Import path behind a local package name, if any. */
  pathOf(name: string): string | undefined;
  has(path: string): boolean;
  /** The last import_declaration node, where a new import goes. */
  declarations: Node[];
}

/**
 * The name code uses for an import written without an alias, as goimports assumes it: the
 * last path element (the one before a `/vN` major-version suffix), without a `go-` prefix,
 * cut at the first character an identifier cannot hold — `github.com/redis/go-redis/v9` →
 * `redis`, `gopkg.in/yaml.v3` → `yaml`, `github.com/segmentio/kafka-go` → `kafka`. Go takes
 * the real name from the package clause, which only the package's source says; this is the
 * convention nearly every module follows.
 */
export function defaultName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  last = last.replace(/^go-/, '');
  const cut = last.search(/[^\p{L}\p{N}_]/u);
  return cut < 0 ? last : last.slice(0, cut);
}

/** What a named top-level node is to the import list: passed over, an import, or past the imports. */
export function importRole(type: string): 'skip' | 'import' | 'end' {
  return type === 'package_clause' || type === 'comment' || type === 'ERROR' ? 'skip' : type === 'import_declaration' ? 'import' : 'end';
}

function* leadingImports(roots: readonly Node[]): Generator<Node> {
  for (const root of roots) {
    for (let i = 0; i < root.namedChildCount; i++) {
      const decl = root.namedChild(i);
      const role = decl ? importRole(decl.type) : 'skip';
      if (role === 'end') return;
      if (role === 'import') yield decl!;
    }
  }
}

/** The specs of one import declaration. */
export function importSpecsOf(decl: Node): ImportSpec[] {
  const specs: ImportSpec[] = [];
  for (const spec of decl.descendantsOfType('import_spec')) {
    if (!spec) continue;
    const pathNode = spec.childForFieldName('path');
    if (!pathNode) continue;
    const path = pathNode.text.replace(/^["`]|["`]$/g, '');
    const aliasNode = spec.childForFieldName('name');
    const alias = aliasNode?.text;
    const name = alias === undefined ? defaultName(path) : alias === '_' || alias === '.' ? '' : alias;
    specs.push({ path, name, alias, node: spec });
  }
  return specs;
}

/** The imports of a file parsed as one tree or in parts (`roots` in text order). */
export function readImports(roots: readonly Node[]): ImportTable {
  const specs: ImportSpec[] = [];
  const declarations: Node[] = [];
  // Imports precede every other declaration: stop at the first one (a long file has hundreds).
  for (const decl of leadingImports(roots)) {
    declarations.push(decl);
    specs.push(...importSpecsOf(decl));
  }
  const byName = new Map<string, string>();
  for (const s of specs) if (s.name) byName.set(s.name, s.path);
  return {
    specs,
    declarations,
    namesFor: (p) => specs.filter((s) => s.path === p && s.name).map((s) => s.name),
    pathOf: (n) => byName.get(n),
    has: (p) => specs.some((s) => s.path === p),
  };
}

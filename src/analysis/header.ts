// A Go file's header — package name and imported paths — read without parsing the whole file:
// Go puts every import before the first declaration, so parsing the text up to the first
// line that starts a top-level declaration is enough. Used to skip whole packages that no
// rule can report in (see gate.ts) before paying for a full parse.
import { GoFile } from './go-file';
import { readImports } from './imports';
import { parseGo } from './parser';

export interface GoHeader {
  packageName: string;
  importPaths: ReadonlySet<string>;
}

const FIRST_DECLARATION = /^(?:func|type|var|const)\b/m;

/** The header, or undefined when the prefix does not parse cleanly (then parse the whole file). */
export function readHeader(text: string): GoHeader | undefined {
  const m = FIRST_DECLARATION.exec(text);
  const tree = parseGo(m ? text.slice(0, m.index) : text);
  try {
    const root = tree.rootNode;
    // A declaration keyword inside a comment or string cut the prefix short: do not guess.
    if (root.hasError) return undefined;
    const clause = root.namedChildren.find((c) => c?.type === 'package_clause');
    const packageName = clause?.namedChild(0)?.text ?? '';
    return { packageName, importPaths: new Set(readImports([root]).specs.map((s) => s.path)) };
  } finally {
    tree.delete();
  }
}

/** The header, read cheaply when possible; otherwise from a whole parse, returned for reuse. */
export function headerOf(filePath: string, text: string): GoHeader & { parsed?: GoFile } {
  const header = readHeader(text);
  if (header) return header;
  const parsed = new GoFile(filePath, text, parseGo(text));
  return { packageName: parsed.packageName, importPaths: parsed.importPaths, parsed };
}

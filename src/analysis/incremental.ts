// Keystroke-sized re-analysis for an open document. A rule marked `local` reports each finding
// inside the top-level declaration its query matched, and depends on nothing outside that
// declaration except the package's "context": everything that is not a function body, the
// handlers registered in bodies, the package-mates and go.mod. Fixes that read other
// declarations (removing an import nobody else uses) are never cached. So
// while that context is unchanged, a declaration whose text is unchanged keeps its findings
// (moved by the lines inserted above it), and only the declaration being typed in is analysed.
import { createHash } from 'node:crypto';
import type { GoFile } from './go-file';
import { importsKey, registeredBy } from './go/handlers';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import type { Node } from './parser';
import type { Finding, Position, Range } from './types';

const DECLARATIONS = new Set(['function_declaration', 'method_declaration', 'var_declaration', 'const_declaration', 'type_declaration']);

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A stable id for a package-mate snapshot (the loaders reuse objects while files are unchanged). */
function identityOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

interface Entry {
  /** Findings with lines relative to the declaration's first line. */
  findings: Finding[];
}

export interface Declaration {
  node: Node;
  text: string;
}

/** What the context keeps of one top-level node, by its text (recomputed only when that changes). */
/** By imports, then by declaration text (no key strings built from whole declarations). */
const skeletons = new Map<string, Map<string, string>>();
const MAX_SKELETONS = 20_000;

function skeletonOf(file: GoFile, imports: string, node: Node, type: string, text: string): string {
  if (type !== 'function_declaration' && type !== 'method_declaration') return text;
  let byText = skeletons.get(imports);
  if (!byText) skeletons.set(imports, (byText = new Map()));
  let hit = byText.get(text);
  if (hit === undefined) {
    const body = node.childForFieldName('body');
    const offset = body ? body.startIndex - node.startIndex : text.length;
    // A body matters to other declarations through the handlers it registers.
    hit = body ? `${text.slice(0, offset)}{${registeredBy(file, node, text)}}` : text;
    if (byText.size >= MAX_SKELETONS) byText.clear();
    byText.set(text, hit);
  }
  return hit;
}

/** The top-level declarations that can hold findings, and the context key of this file version. */
export function declarationsAndContext(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): { declarations: Declaration[]; context: string } {
  const declarations: Declaration[] = [];
  const hash = createHash('sha1').update(module?.goVersion ?? '');
  for (const f of pkg.gateFiles) if (f.path !== file.path) hash.update(`\n${f.path}#${identityOf(f)}`);
  const imports = importsKey(file);
  for (const { node, type, text } of file.topLevel) {
    if (DECLARATIONS.has(type)) declarations.push({ node, text });
    hash.update('\n').update(skeletonOf(file, imports, node, type, text));
  }
  return { declarations, context: hash.digest('base64') };
}

function shiftPosition(p: Position, rows: number): Position {
  return { line: p.line + rows, character: p.character };
}

function shiftRange(r: Range, rows: number): Range {
  return { start: shiftPosition(r.start, rows), end: shiftPosition(r.end, rows) };
}

function shiftFinding(f: Finding, rows: number): Finding {
  if (rows === 0) return f;
  return {
    ...f,
    range: shiftRange(f.range, rows),
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, rows) })) })),
  };
}

function inside(r: Range, firstRow: number, lastRow: number): boolean {
  return r.start.line >= firstRow && r.end.line <= lastRow;
}

/** Per-document, per-rule cache of findings by declaration text. */
/**
 * Versions whose entries are kept: typing `(` can unbalance the rest of the file for one
 * keystroke; the `)` that follows then finds the declarations of the version before it.
 */
const GENERATIONS = 3;

export class DeclarationCache {
  /** Per rule, newest first: entries by context, then by declaration text. */
  private byRule = new Map<string, Map<string, Map<string, Entry>>[]>();

  /**
   * Findings of a local rule over the file: cached declarations are reused, the others are
   * analysed by `analyse` (given their nodes) and cached when all their edits stay inside them.
   */
  run(ruleId: string, declarations: Declaration[], context: string, analyse: (nodes: Node[]) => Finding[], cacheFixes = true): Finding[] {
    const older = (this.byRule.get(ruleId) ?? []).map((g) => g.get(context)).filter((g): g is Map<string, Entry> => !!g);
    const fresh = new Map<string, Entry>();
    const out: Finding[] = [];
    const missed: Declaration[] = [];
    for (const d of declarations) {
      const hit = fresh.get(d.text) ?? older.find((g) => g.has(d.text))?.get(d.text);
      // Only declarations starting a line: columns then stay valid when lines move.
      if (hit && d.node.startPosition.column === 0) {
        fresh.set(d.text, hit);
        out.push(...hit.findings.map((f) => shiftFinding(f, d.node.startPosition.row)));
      } else missed.push(d);
    }
    if (missed.length > 0) {
      const found = analyse(missed.map((d) => d.node));
      for (const d of missed) {
        const first = d.node.startPosition.row;
        const last = d.node.endPosition.row;
        const mine = found.filter((f) => inside(f.range, first, last));
        out.push(...mine);
        const cacheable =
          d.node.startPosition.column === 0 &&
          mine.every((f) => (cacheFixes ? f.fixes.every((x) => x.edits.every((e) => inside(e.range, first, last))) : f.fixes.length === 0));
        if (cacheable) fresh.set(d.text, { findings: mine.map((f) => shiftFinding(f, -first)) });
      }
    }
    const generations = this.byRule.get(ruleId) ?? [];
    this.byRule.set(ruleId, [new Map([[context, fresh]]), ...generations].slice(0, GENERATIONS));
    return out;
  }
}

// Keystroke-sized re-analysis for an open document. A rule marked `local` reports each finding
// inside the top-level declaration its query matched, and depends on nothing outside that
// declaration except the package's "context": everything that is not a function body, the
// handlers registered in bodies, the package-mates and go.mod. So while that context is
// unchanged, a declaration whose text is unchanged keeps its findings (moved by the lines
// inserted above it), and only the declaration being typed in is analysed. Findings whose
// fixes edit or read other declarations (removing an import nobody else uses) are not cached,
// unless the rule leaves those fixes for code actions (`fixesLater`, the keystroke path).
import { createHash } from 'node:crypto';
import type { GoFile, TopLevel } from './go-file';
import { registeredBy } from './go/handlers';
import { typeDeclarationFacts } from './go/var-types';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import type { Node } from './parser';
import { DeclarationTextCache } from './text-cache';
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

/** A top-level declaration: its node is read only when it must be analysed again. */
export type Declaration = Pick<TopLevel, 'node' | 'text' | 'startRow' | 'startsLine'>;

/** What the context keeps of each function: its signature and the handlers its body registers. */
const skeletons = new DeclarationTextCache<string>();

function skeletonOf(file: GoFile, top: TopLevel): string {
  const { type, text } = top;
  // A struct matters through its names and typed fields (var-types); a syntax error in it, through its text.
  if (type === 'type_declaration') return skeletons.get(file.importsKey, text, () => (top.node.hasError ? text : typeDeclarationFacts(file, top.node)));
  if (type !== 'function_declaration' && type !== 'method_declaration') return text;
  return skeletons.get(file.importsKey, text, () => {
    const node = top.node;
    const body = node.childForFieldName('body');
    // A body matters to other declarations through the handlers it registers.
    return body ? `${text.slice(0, body.startIndex - node.startIndex)}{${registeredBy(file, node, text)}}` : text;
  });
}

/**
 * The top-level declarations that can hold findings, and the context key of this file version:
 * the go.mod version and package-mates (`outside`), and the skeletons of this file (`own`).
 */
function declarationsAndContext(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): { declarations: Declaration[]; outside: string; own: string } {
  const declarations: Declaration[] = [];
  const outside = createHash('sha1').update(module?.goVersion ?? '');
  for (const f of pkg.gateFiles) if (f.path !== file.path) outside.update(`\n${f.path}#${identityOf(f)}`);
  const own: number[] = [];
  for (const top of file.topLevel) {
    if (DECLARATIONS.has(top.type)) declarations.push(top);
    own.push(skeletonId(skeletonOf(file, top)));
  }
  return { declarations, outside: outside.digest('base64'), own: own.join(',') };
}

/**
 * Skeletons as numbers: the same skeleton gets the same number, so a version's own context is
 * a short list of them. Unchanged declarations bring the very string objects of the version
 * before (GoFile carries them over), which a Map finds without comparing their characters.
 */
const skeletonIds = new Map<string, number>();
let nextSkeletonId = 1;

function skeletonId(skeleton: string): number {
  let id = skeletonIds.get(skeleton);
  if (id === undefined) {
    // Bounded; numbers are never reused, so a context from before the reset never matches one after.
    if (skeletonIds.size >= 100_000) skeletonIds.clear();
    skeletonIds.set(skeleton, (id = nextSkeletonId++));
  }
  return id;
}

/** True when a top-level node of the file holds a syntax error. */
function broken(file: GoFile): boolean {
  return file.root.hasError && file.topLevel.some((t) => t.node.hasError);
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

/**
 * Versions whose entries are kept: typing `(` can unbalance the rest of the file for one
 * keystroke; the `)` that follows then finds the declarations of the version before it.
 */
const GENERATIONS = 3;

interface Generation {
  context: string;
  /** By declaration text. */
  entries: Map<string, Entry>;
}

/** Per-document, per-rule cache of findings by package context and declaration text. */
export class DeclarationCache {
  /** Per rule, newest first. */
  private byRule = new Map<string, Generation[]>();
  /** The file's own part of the context in its last version without syntax errors. */
  private lastSound?: string;
  /** This version has a syntax error: entries are read, never written. */
  private readOnly = false;

  /**
   * The declarations and context of this version. While the file has a syntax error, its own
   * part of the context is that of the last version without one: an unclosed "(" can make a
   * function swallow the next ones, which would change the context and re-analyse the whole
   * file on a keystroke that only passes through a broken state. Unchanged declarations keep
   * their findings then; the others are analysed but not cached (their facts may be broken),
   * so a version without errors always gets exactly what a full analysis gives.
   */
  prepare(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): { declarations: Declaration[]; context: string } {
    const { declarations, outside, own } = declarationsAndContext(file, pkg, module);
    if (!broken(file)) this.lastSound = own;
    // A file opened broken has no sound version yet: its exact context is used, as for any.
    const sound = this.lastSound ?? own;
    this.readOnly = sound !== own;
    return { declarations, context: `${outside}:${sound}` };
  }

  /**
   * Findings of a local rule over the file: cached declarations are reused, the others are
   * analysed by `analyse` (given their nodes) and cached when all their edits stay inside them.
   */
  run(ruleId: string, declarations: Declaration[], context: string, analyse: (nodes: Node[]) => Finding[], cacheFixes = true): Finding[] {
    const generations = this.byRule.get(ruleId) ?? [];
    const older = generations.filter((g) => g.context === context).map((g) => g.entries);
    const fresh = new Map<string, Entry>();
    const out: Finding[] = [];
    const missed: Declaration[] = [];
    for (const d of declarations) {
      let hit = fresh.get(d.text);
      for (let g = 0; !hit && g < older.length; g++) hit = older[g].get(d.text);
      // Only declarations starting a line: columns then stay valid when lines move.
      if (hit && d.startsLine) {
        fresh.set(d.text, hit);
        for (const f of hit.findings) out.push(shiftFinding(f, d.startRow));
      } else missed.push(d);
    }
    if (missed.length > 0) {
      const found = analyse(missed.map((d) => d.node));
      for (const d of missed) {
        const first = d.startRow;
        const last = d.node.endPosition.row;
        const mine = found.filter((f) => inside(f.range, first, last));
        out.push(...mine);
        const cacheable =
          d.startsLine &&
          mine.every((f) => (cacheFixes ? f.fixes.every((x) => x.edits.every((e) => inside(e.range, first, last))) : f.fixes.length === 0));
        if (cacheable) fresh.set(d.text, { findings: mine.map((f) => shiftFinding(f, -first)) });
      }
    }
    if (!this.readOnly) this.byRule.set(ruleId, [{ context, entries: fresh }, ...generations].slice(0, GENERATIONS));
    return out;
  }
}

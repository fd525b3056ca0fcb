// Keystroke-sized re-analysis for an open document. A rule marked `local` reports each finding
// inside the top-level declaration its query matched, and depends on nothing outside that
// declaration except the package's "context": everything that is not a function body, the
// handlers registered in bodies, the package-mates and go.mod. So while that context is
// unchanged, a declaration whose text is unchanged keeps its findings (moved by the lines
// inserted above it), and only the declaration being typed in is analysed. Findings whose
// fixes edit or read other declarations (removing an import nobody else uses) are not cached,
// unless the rule leaves those fixes for code actions (`fixesLater`, the keystroke path).
// Between versions of an open document an unchanged declaration's entry is found by position
// (carried over with the top-level entries: GoFile.perEntry), with no lookup by text; maps by
// text serve fresh reads and a context that comes back (a struct field typed and deleted).
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

/** The go.mod version and the package-mates' snapshots: the part of the context outside this file. */
function outsideContext(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): string {
  const outside = createHash('sha1').update(module?.goVersion ?? '');
  for (const f of pkg.gateFiles) if (f.path !== file.path) outside.update(`\n${f.path}#${identityOf(f)}`);
  return outside.digest('base64');
}

/** The file's own part of the context: one skeleton number per top-level entry (carried over with the entries). */
function ownContext(file: GoFile): readonly number[] {
  return file.perEntry(`skeleton\n${file.importsKey}`, (top) => skeletonId(skeletonOf(file, top)));
}

/** The indices of the top-level entries that are declarations that can hold findings. */
const declarationIndices = new WeakMap<GoFile, number[]>();

function declarationsOf(file: GoFile): readonly number[] {
  let out = declarationIndices.get(file);
  if (!out) {
    const flags = file.perEntry('is-declaration', (top) => DECLARATIONS.has(top.type));
    out = [];
    for (let i = 0; i < flags.length; i++) if (flags[i]) out.push(i);
    declarationIndices.set(file, out);
  }
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  return file.entriesWithErrors.length > 0;
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
 * Contexts whose entries are kept: typing a field into a struct changes the context, and
 * deleting it again finds the declarations of the context before.
 */
const GENERATIONS = 3;

interface Generation {
  context: number;
  /** By declaration text. */
  entries: Map<string, Entry>;
  /** Texts replaced by the last versions, newest last: older ones leave `entries`. */
  typedOver: (readonly string[])[];
}

/**
 * Texts typed over leave the map a few versions later (an undo or a `)` after a `(` still
 * finds them); it is rebuilt from the current declarations if it grows all the same.
 */
function forgetTypedOver(g: Generation, file: GoFile, known: readonly (Entry | undefined)[]): void {
  const replaced = file.replacedTexts;
  if (replaced?.length) g.typedOver.push(replaced);
  if (g.typedOver.length > GENERATIONS) for (const text of g.typedOver.shift()!) g.entries.delete(text);
  const top = file.topLevel;
  if (g.entries.size > 2 * top.length + 256) {
    g.entries = new Map();
    known.forEach((entry, i) => entry && g.entries.set(top[i].text, entry));
  }
}

/** Context numbers: the same context gets the same number; numbers are never reused. */
let nextContext = 1;

/**
 * Per-document, per-rule cache of findings by package context and declaration text. A version
 * carried over from the one before (GoFile.perEntry) finds the entries of its unchanged
 * declarations by position, with no lookup by text; the text maps serve the other cases.
 */
export class DeclarationCache {
  /** Per rule, newest first. */
  private byRule = new Map<string, Generation[]>();
  /** The file's own part of the context in its last version without syntax errors. */
  private lastSound?: readonly number[];
  /** This version has a syntax error: entries are read, never written. */
  private readOnly = false;
  private contexts = new Map<string, number>();
  private lastContext?: { outside: string; own: readonly number[]; id: number };

  /**
   * The context of this version, as a number. While the file has a syntax error, its own part
   * of the context is that of the last version without one: an unclosed "(" can make a
   * function swallow the next ones, which would change the context and re-analyse the whole
   * file on a keystroke that only passes through a broken state. Unchanged declarations keep
   * their findings then; the others are analysed but not cached (their facts may be broken),
   * so a version without errors always gets exactly what a full analysis gives.
   */
  prepare(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): { context: number } {
    const own = ownContext(file);
    if (!broken(file)) this.lastSound = own;
    // A file opened broken has no sound version yet: its exact context is used, as for any.
    const sound = this.lastSound ?? own;
    this.readOnly = !sameNumbers(sound, own);
    return { context: this.contextNumber(outsideContext(file, pkg, module), sound) };
  }

  private contextNumber(outside: string, own: readonly number[]): number {
    const last = this.lastContext;
    if (last && last.outside === outside && sameNumbers(last.own, own)) return last.id;
    const key = `${outside}:${own.join(',')}`;
    let id = this.contexts.get(key);
    if (id === undefined) {
      if (this.contexts.size >= 64) this.contexts.clear();
      this.contexts.set(key, (id = nextContext++));
    }
    this.lastContext = { outside, own, id };
    return id;
  }

  /**
   * Findings of a local rule over the file: cached declarations are reused, the others are
   * analysed by `analyse` (given their nodes) and cached when all their edits stay inside them.
   */
  run(ruleId: string, file: GoFile, context: number, analyse: (nodes: Node[]) => Finding[], cacheFixes = true): Finding[] {
    const top = file.topLevel;
    const declarations = declarationsOf(file);
    const factKey = `findings\n${ruleId}\n${context}`;
    const known = file.inheritedFacts<Entry>(factKey);
    const generations = this.byRule.get(ruleId) ?? [];
    let current = generations.find((g) => g.context === context);
    const missed: number[] = [];
    for (const i of declarations) {
      const d = top[i];
      // Only declarations starting a line: columns then stay valid when lines move.
      if (!d.startsLine) {
        known[i] = undefined;
        missed.push(i);
        continue;
      }
      if (known[i]) continue;
      const hit = current?.entries.get(d.text);
      if (hit) known[i] = hit;
      else missed.push(i);
    }
    const analysed = new Map<number, Finding[]>();
    if (missed.length > 0) {
      if (!current && !this.readOnly) {
        current = { context, entries: new Map(), typedOver: [] };
        this.byRule.set(ruleId, [current, ...generations].slice(0, GENERATIONS));
      }
      const found = analyse(missed.map((i) => top[i].node));
      for (const i of missed) {
        const d = top[i];
        const first = d.startRow;
        const last = d.node.endPosition.row;
        const mine = found.filter((f) => inside(f.range, first, last));
        analysed.set(i, mine);
        const cacheable =
          !this.readOnly &&
          d.startsLine &&
          mine.every((f) => (cacheFixes ? f.fixes.every((x) => x.edits.every((e) => inside(e.range, first, last))) : f.fixes.length === 0));
        if (!cacheable) continue;
        const entry = { findings: mine.map((f) => shiftFinding(f, -first)) };
        known[i] = entry;
        current!.entries.set(d.text, entry);
      }
    }
    if (current && !this.readOnly) forgetTypedOver(current, file, known);
    file.setFacts(factKey, known);
    const out: Finding[] = [];
    for (const i of declarations) {
      const mine = analysed.get(i);
      if (mine) out.push(...mine);
      else for (const f of known[i]!.findings) out.push(shiftFinding(f, top[i].startRow));
    }
    return out;
  }
}

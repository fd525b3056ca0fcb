// One parsed Go source file: text, tree and cheap derived facts computed on demand.
import type { Node, TextSource, Tree } from './parser';
import type { Position, Range } from './types';
import { lastAtMost } from './compare';
import { carriedFacts, FACT_DEPTH, HAS_ERROR, MISSING, trimmed, type Carried, type FactSource } from './entry-facts';
import { importRole, importSpecsOf, readImports, type ImportTable } from './imports';

/**
 * A top-level node of a file with its text (the unit of incremental re-analysis). Its node is
 * looked up only when asked for: a keystroke reuses the entries of unchanged declarations.
 */
export class TopLevel {
  constructor(
    private readonly children: TopLevelNodes,
    /** Position among the file's top-level nodes. */
    readonly index: number,
    readonly type: string,
    readonly startIndex: number,
    /** Row of its first character. */
    readonly startRow: number,
    /** Whether it starts its line (then its columns stay valid when lines move). */
    readonly startsLine: boolean,
    readonly text: string,
    private known?: Node,
  ) {}

  get node(): Node {
    this.known ??= this.children.child(this.index)!;
    return this.known;
  }

  get endIndex(): number {
    return this.startIndex + this.text.length;
  }
}

/**
 * The top-level nodes of a file parsed as one tree or in parts (an open document's trees, one
 * per run of declarations: parts.ts), numbered across the parts.
 */
export class TopLevelNodes {
  /** Index of each root's first child. */
  private readonly firsts: number[] = [];
  readonly count: number;

  constructor(readonly roots: readonly Node[]) {
    let count = 0;
    for (const root of roots) {
      this.firsts.push(count);
      count += root.childCount;
    }
    this.count = count;
  }

  child(index: number): Node | null {
    if (index < 0 || index >= this.count) return null;
    const part = lastAtMost(this.firsts, index);
    return this.roots[part].child(index - this.firsts[part]);
  }
}

/**
 * What changed since an earlier version of the same document whose top-level entries are
 * known: every edit lies in [start, end) of the new text, which is `delta` characters and
 * `rowDelta` rows longer than the old one.
 */
export interface EditWindow {
  start: number;
  end: number;
  delta: number;
  rowDelta: number;
}

/** Text read piece by piece: what a GoFile reads of an open document without joining it. */
export interface SourceText extends TextSource {
  readonly text: string;
  charCodeAt(offset: number): number;
  /**
   * Offset of each line's first character, when the text keeps them (an open document's, as
   * LSP counts lines: a lone \r also breaks one, which Go source does not hold).
   */
  readonly lineStarts?: readonly number[];
}

export interface Reuse {
  top: readonly TopLevel[];
  window: EditWindow;
  /** That version's per-entry facts (`GoFile.factSource`). */
  source?: FactSource;
}

export type { FactSource };

/** Top-level nodes with no code a rule reads: the package clause, the imports, comments. */
export const NON_CODE_TOP_LEVEL: ReadonlySet<string> = new Set(['package_clause', 'import_declaration', 'comment']);

export class GoFile {
  private importTable?: ImportTable;
  private top?: TopLevel[];
  private paths?: ReadonlySet<string>;
  private importsKeyText?: string;
  private lineStarts?: readonly number[];
  /** Per-entry facts by key, aligned with the top-level entries (see perEntry). */
  private readonly facts = new Map<string, readonly unknown[]>();
  private carried?: Carried;

  /** The file's trees: one, or (an open document) one per part, in text order. */
  readonly trees: readonly Tree[];
  private nodes?: TopLevelNodes;
  private errors?: boolean;

  constructor(
    /** Absolute file system path (or the path part of the document URI). */
    readonly path: string,
    /** The text, or an open document's text in pieces (joined only if `text` is read). */
    private readonly source: string | SourceText,
    trees: Tree | readonly Tree[],
    /** An earlier version's entries and the edits since: unchanged entries are carried over. */
    private reuse?: Reuse,
  ) {
    this.trees = Array.isArray(trees) ? trees : [trees as Tree];
    // An open document's first version too: the facts it computes per entry are what its next
    // version carries over, so the first keystroke does not compute them for every entry.
    this.incremental = !!reuse || typeof source !== 'string';
  }

  /** The tree of a file parsed as one (files read from disk: their readers own and delete it). */
  get tree(): Tree {
    if (this.trees.length !== 1) throw new Error(`${this.path} is parsed in ${this.trees.length} parts`);
    return this.trees[0];
  }

  /** The whole text as one string. */
  get text(): string {
    return typeof this.source === 'string' ? this.source : this.source.text;
  }

  /** A version of an open document (text in pieces, or built from an earlier version): facts are kept per entry. */
  readonly incremental: boolean;

  /** The root node of each tree, in text order. */
  get roots(): readonly Node[] {
    return this.topLevelNodes.roots;
  }

  /** The root whose part holds `offset` (the last one past the end). */
  rootAt(offset: number): Node {
    const roots = this.roots;
    return roots.find((r) => r.endIndex > offset) ?? roots[roots.length - 1];
  }

  /** The named top-level nodes of every part, in text order. */
  namedTopLevelNodes(): Node[] {
    return this.roots.flatMap((r) => r.namedChildren.filter((n): n is Node => !!n));
  }

  /** Whether any part holds a syntax error. */
  get hasError(): boolean {
    this.errors ??= this.roots.some((r) => r.hasError);
    return this.errors;
  }

  private get topLevelNodes(): TopLevelNodes {
    this.nodes ??= new TopLevelNodes(this.trees.map((t) => t.rootNode));
    return this.nodes;
  }

  /** The package clause's name, or '' when the file has none yet. */
  get packageName(): string {
    // The clause comes first (after comments): no need to materialise every top-level node.
    const nodes = this.topLevelNodes;
    for (let i = 0; i < nodes.count; i++) {
      const child = nodes.child(i);
      if (!child?.isNamed) continue;
      if (child.type === 'package_clause') return child.namedChild(0)?.text ?? '';
      if (child.type !== 'comment' && child.type !== 'ERROR') return '';
    }
    return '';
  }

  get imports(): ImportTable {
    this.importTable ??= readImports(this.roots);
    return this.importTable;
  }

  /** The top-level nodes (package clause, imports, declarations, comments), read once per version. */
  get topLevel(): readonly TopLevel[] {
    if (!this.top) {
      const nodes = this.topLevelNodes;
      this.top = (this.reuse && this.carriedOver(nodes, this.reuse)) ?? this.readTopLevel(nodes);
      this.reuse = undefined;
    }
    return this.top;
  }

  /** How many top-level entries were carried over from an earlier version (tests and benches read it). */
  carriedOverEntries = 0;

  /** The entries known at this moment, without reading any (for the next version to reuse). */
  get topLevelIfRead(): readonly TopLevel[] | undefined {
    return this.top;
  }

  /** `text.includes(s)`; on an open document's version, entry by entry (see `holds`). */
  mentions(s: string): boolean {
    return this.holds(`mentions\n${s}`, (text) => text.includes(s));
  }

  /** The top-level entries whose text includes `s` (a per-entry fact, shared with `mentions`). */
  entriesMentioning(s: string): TopLevel[] {
    const flags = this.perEntry(`mentions\n${s}`, (top) => top.text.includes(s));
    return this.topLevel.filter((_, i) => flags[i]);
  }

  /** Texts of the version before that this one replaced (undefined when its entries were read afresh). */
  get replacedTexts(): readonly string[] | undefined {
    this.topLevel;
    return this.carried?.replaced;
  }

  /**
   * One fact per top-level entry, aligned with `topLevel`. The fact must depend on the entry's
   * text (and its subtree) alone, plus whatever `key` names: an entry carried over from the
   * version before keeps its fact, so a keystroke computes only the entries it changed.
   */
  perEntry<T>(key: string, compute: (entry: TopLevel, index: number) => T): readonly T[] {
    const known = this.facts.get(key) as readonly T[] | undefined;
    if (known) return known;
    // Reading the entries first: that is what carries them (and sets `carried`).
    const top = this.topLevel;
    const { values, from, to, scan } = carriedFacts(this.carried, key, top.length, 0);
    if (scan) {
      for (let i = 0; i < values.length; i++) if (values[i] === MISSING) values[i] = compute(top[i], i);
    } else for (let i = from; i < to; i++) values[i] = compute(top[i], i);
    this.facts.set(key, values);
    return values as T[];
  }

  /**
   * The facts stored under `key` by the versions before, for the entries carried over from
   * them; undefined for the others (all when there are none). For callers that compute those
   * in one batch; `setFacts` then stores them for the next version.
   */
  inheritedFacts<T>(key: string): (T | undefined)[] {
    const length = this.topLevel.length;
    const { values, from, to, scan } = carriedFacts(this.carried, key, length, 0);
    for (let i = scan ? 0 : from; i < (scan ? values.length : to); i++) if (values[i] === MISSING) values[i] = undefined;
    return values as (T | undefined)[];
  }

  /** Stores facts aligned with `topLevel` for `perEntry`, `inheritedFacts` and the next version. */
  setFacts<T>(key: string, values: readonly T[]): void {
    this.facts.set(key, values);
  }

  /** This version's facts, for the next version to carry over with the entries. */
  get factSource(): FactSource {
    return { facts: this.facts, errors: this.hasError, carried: this.carried };
  }

  /** The top-level entries that hold a syntax error (a keystroke checks only the entries it changed). */
  get entriesWithErrors(): TopLevel[] {
    if (!this.hasError) return [];
    const flags = this.perEntry(HAS_ERROR, (top) => top.node.hasError);
    return this.topLevel.filter((_, i) => flags[i]);
  }

  /** `re.test(text)`, entry by entry on an open document's version (see `holds`). */
  textMatches(re: RegExp): boolean {
    return this.holds(`text\n${re.source}\n${re.flags}`, (text) => re.test(text));
  }

  /**
   * `test` of the whole text. On an open document's version, tested entry by entry (a per-entry
   * fact, so a keystroke tests only the entries it changed): the text between top-level entries
   * is whitespace, and the patterns asked about do not span two declarations.
   */
  private holds(key: string, test: (text: string) => boolean): boolean {
    if (!this.incremental) return test(this.text);
    return this.perEntry(key, (top) => test(top.text)).includes(true);
  }

  private entryOf(nodes: TopLevelNodes, index: number, node: Node): TopLevel {
    const start = node.startIndex;
    return new TopLevel(nodes, index, node.type, start, node.startPosition.row, this.startsLine(start), this.source.slice(start, node.endIndex), node);
  }

  private startsLine(offset: number): boolean {
    return offset === 0 || this.source.charCodeAt(offset - 1) === 10;
  }

  private readTopLevel(nodes: TopLevelNodes): TopLevel[] {
    const out: TopLevel[] = [];
    for (const root of nodes.roots) for (const node of root.children) if (node) out.push(this.entryOf(nodes, out.length, node));
    return out;
  }

  /**
   * The entries before the edit window and after it carried over from the earlier version (the
   * same text strings, so caches keyed by text compare them by identity), the ones in between
   * read from the tree. Undefined when the tree does not line up with that (then all are read).
   */
  private carriedOver(nodes: TopLevelNodes, { top: old, window: w }: Reuse): TopLevel[] | undefined {
    let before = 0;
    // Strictly before: error recovery can end an entry exactly where the changed range starts,
    // and the next parse extend it.
    while (before < old.length && old[before].endIndex < w.start) before++;
    let after = old.length;
    while (after > before && old[after - 1].startIndex >= w.end - w.delta) after--;
    const count = nodes.count;
    const middle = count - before - (old.length - after);
    if (middle < 0) return undefined;
    const out: TopLevel[] = old.slice(0, before).map((e, i) => new TopLevel(nodes, i, e.type, e.startIndex, e.startRow, e.startsLine, e.text));
    if (before > 0 && nodes.child(before - 1)?.endIndex !== out[before - 1].endIndex) return undefined;
    for (let i = before; i < before + middle; i++) {
      const node = nodes.child(i);
      if (!node) return undefined;
      out.push(this.entryOf(nodes, i, node));
    }
    for (let j = after; j < old.length; j++) {
      const e = old[j];
      const start = e.startIndex + w.delta;
      // Only the first one's preceding character can have changed (it may end the window).
      out.push(new TopLevel(nodes, out.length, e.type, start, e.startRow + w.rowDelta, j === after ? this.startsLine(start) : e.startsLine, e.text));
    }
    // The seams must line up with the tree: the first carried-over entry after the window.
    if (after < old.length && nodes.child(before + middle)?.startIndex !== out[before + middle].startIndex) return undefined;
    for (let i = 1; i < out.length; i++) if (out[i].startIndex < out[i - 1].endIndex) return undefined;
    this.carriedOverEntries = old.length - (after - before);
    const source: FactSource = this.reuse?.source ?? { facts: new Map(), errors: true };
    this.carried = { source: { ...source, carried: trimmed(source.carried, FACT_DEPTH - 1) }, before, after, oldLength: old.length, replaced: old.slice(before, after).map((e) => e.text) };
    return out;
  }

  /** Every imported path (rule gates read this). */
  get importPaths(): ReadonlySet<string> {
    this.paths ??= new Set(this.importedPaths().map((s) => s.path));
    return this.paths;
  }

  /** The imports as one string: the cache key for facts that resolve package names. */
  get importsKey(): string {
    this.importsKeyText ??= this.importedPaths().map((s) => `${s.alias ?? ''} ${s.path}`).join(';');
    return this.importsKeyText;
  }

  /**
   * Path and alias of every import, as `imports` reads them. On an open document's version,
   * from facts per top-level entry: a keystroke below the imports reads no import node.
   */
  private importedPaths(): readonly { path: string; alias?: string }[] {
    if (!this.incremental) return this.imports.specs;
    const roles = this.perEntry('imports', (top) => {
      const role = top.node.isNamed ? importRole(top.type) : 'skip';
      return role === 'import' ? importSpecsOf(top.node).map(({ path, alias }) => ({ path, alias })) : role;
    });
    const out: { path: string; alias?: string }[] = [];
    for (const role of roles) {
      if (role === 'end') break;
      if (role !== 'skip') out.push(...role);
    }
    return out;
  }

  rangeOf(node: Node): Range {
    return {
      start: { line: node.startPosition.row, character: node.startPosition.column },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    };
  }

  /** Position of a UTF-16 offset into the text. */
  positionAt(offset: number): Position {
    const starts = this.starts();
    const line = lastAtMost(starts, offset);
    return { line, character: offset - starts[line] };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    return (starts[pos.line] ?? this.source.length) + pos.character;
  }

  lineText(line: number): string {
    const starts = this.starts();
    const length = this.source.length;
    const start = starts[line] ?? length;
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : length;
    return this.source.slice(start, end).replace(/\r$/, '');
  }

  /** Leading whitespace of a line: what an inserted sibling statement should start with. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }

  private starts(): readonly number[] {
    // An open document keeps them edit by edit: no join of the whole text on a keystroke.
    if (!this.lineStarts && typeof this.source !== 'string' && this.source.lineStarts) this.lineStarts = this.source.lineStarts;
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

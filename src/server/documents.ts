// Open documents with incremental text sync. A Go document keeps its tree-sitter trees (one,
// or one per part of a large file: parts.ts): each change is replayed into tree.edit(), and the
// next read reparses incrementally with the old tree, so a keystroke re-parses only what changed.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit, type Point } from 'web-tree-sitter';
import { fileKindOf } from '../analysis/file-kind';
import { GoFile, type EditWindow, type FactSource, type TopLevel } from '../analysis/go-file';
import { DeclarationCache } from '../analysis/incremental';
import type { Overlay } from '../analysis/package';
import { ResumableParser } from '../analysis/parser';
import { LiveText } from './live-text';
import { PART_ENTRIES, PartedTree } from './parts';
import type { FileKind, Position, RatedFinding } from '../analysis/types';

/** Documents larger than this (in UTF-16 units) are not parsed or analysed. */
export const MAX_ANALYZED_CHARS = 5 * 1024 * 1024;

/** One parser for all open documents: a parse stopped by its budget resumes for the same text only. */
const sharedParser = new ResumableParser();

export class OpenDocument {
  /** Findings of unchanged declarations, reused between keystrokes. */
  readonly declarations = new DeclarationCache();
  /** Trees of the last parse, already edited for changes since (reparse pending when dirty). */
  private readonly trees: PartedTree;
  private goFile?: GoFile;
  /** Findings of the last complete analysis, moved through the edits made since. */
  private settled: RatedFinding[] = [];
  /** The top-level entries of the last Go file read, and where the text changed since. */
  private lastTop?: readonly TopLevel[];
  private lastFacts?: FactSource;
  private window?: EditWindow;

  /** The text, in pieces: a keystroke does not copy the whole of it (live-text.ts). */
  readonly live: LiveText;

  constructor(
    readonly uri: string,
    public version: number,
    text: string,
    readonly path: string,
    readonly kind: FileKind | undefined,
    private readonly parser: ResumableParser = sharedParser,
  ) {
    this.live = new LiveText(text);
    this.trees = new PartedTree(parser);
  }

  /** The whole text as one string (joined when asked for, once per version). */
  get text(): string {
    return this.live.text;
  }

  get tooLarge(): boolean {
    return this.live.length > MAX_ANALYZED_CHARS;
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this.keepTopLevel();
    this.goFile = undefined;
    for (const change of changes) {
      if ('range' in change && this.trees.parsed) {
        const startIndex = this.live.offsetAt(change.range.start);
        const oldEndIndex = this.live.offsetAt(change.range.end);
        const startPosition = this.pointAt(startIndex);
        const oldEndPosition = this.pointAt(oldEndIndex);
        this.settled = moveThroughChange(this.settled, change.range, change.text);
        this.widenWindow(startIndex, oldEndIndex, change.text, change.range.end.line - change.range.start.line);
        const merged = this.trees.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex: startIndex + change.text.length,
            startPosition,
            oldEndPosition,
            newEndPosition: advance(startPosition, change.text),
          }),
        );
        // Parts merged: all of them is parsed anew (offsets of the text after this change).
        if (merged) this.widen(merged.start, merged.end);
      } else if (!('range' in change)) {
        this.dropTree();
        this.settled = [];
      }
      if (!('range' in change) || !this.trees.parsed) this.forgetTopLevel();
      this.live.apply(change);
    }
    this.version = version;
  }

  /**
   * Brings the tree up to date unless the reparse takes longer than the budget; false then (the
   * next call goes on where it stopped). A first parse has no budget: there is nothing to show
   * meanwhile.
   */
  parseWithin(budgetMs: number): boolean {
    if (this.kind !== 'go' || this.tooLarge || !this.trees.dirty) return true;
    // Where the syntax changed beyond the edits themselves (an opened comment, an unclosed call).
    // Without a syntax error in either version, a top-level entry outside the edits whose
    // bounds still line up (GoFile checks the seams) parsed from the same text in the same
    // state, so it did not change; asking tree-sitter walks every top-level node of the part
    // (~1.5 ms on 10,000 lines in one part), so it is asked only when error recovery may have
    // reached further.
    const done = this.trees.parse(this.live.snapshot, (offset) => this.pointAt(offset), budgetMs, (start, end) => this.widen(start, end));
    if (done) this.goFile = undefined;
    return done;
  }

  /**
   * One step of splitting a large document's tree into parts (parts.ts), for idle time; true
   * while there is more to do. The file read next carries every entry and fact over.
   */
  splitStep(entries = PART_ENTRIES): boolean {
    if (!this.parsed) return false;
    const parts = this.trees.count;
    const more = this.trees.splitStep(this.live.snapshot, (offset) => this.pointAt(offset), entries);
    if (this.trees.count !== parts && this.goFile) {
      // Its trees are gone: the next file is read from the parts, carrying every entry over.
      this.keepTopLevel();
      this.goFile = undefined;
      if (this.lastTop) this.window = { start: 0, end: 0, delta: 0, rowDelta: 0 };
    }
    return more;
  }

  /** A Go document whose trees are up to date with its text (no reparse due or stopped midway). */
  get parsed(): boolean {
    return this.kind === 'go' && !this.tooLarge && !this.trees.dirty;
  }

  /** Parsed, and a part is large enough to split (splitStep has work). */
  get splittable(): boolean {
    return this.parsed && this.trees.splittable;
  }

  /** How many trees the document is parsed in (tests and benches read it). */
  get partCount(): number {
    return this.trees.count;
  }

  /** The parsed Go file for the current text (reparsing incrementally if needed). */
  go(): GoFile | undefined {
    if (this.kind !== 'go' || this.tooLarge) return undefined;
    this.parseWithin(Infinity);
    if (!this.goFile) {
      const reuse = this.lastTop && this.window ? { top: this.lastTop, window: this.window, source: this.lastFacts } : undefined;
      this.goFile = new GoFile(this.path, this.live.snapshot, this.trees.trees, reuse);
      this.forgetTopLevel();
    }
    return this.goFile;
  }

  /** Remembers the current file's top-level entries, when read, for the next version. */
  private keepTopLevel(): void {
    const top = this.goFile?.topLevelIfRead;
    if (top) {
      this.lastTop = top;
      this.lastFacts = this.goFile!.factSource;
      this.window = undefined;
    }
  }

  private forgetTopLevel(): void {
    this.lastTop = undefined;
    this.lastFacts = undefined;
    this.window = undefined;
  }

  /** Records an edit (offsets in the text before it) in the window since lastTop. */
  private widenWindow(start: number, oldEnd: number, text: string, oldRows: number): void {
    if (!this.lastTop) return;
    const newEnd = start + text.length;
    const growth = newEnd - oldEnd;
    let rows = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) rows++;
    const w = this.window;
    if (!w) {
      this.window = { start, end: newEnd, delta: growth, rowDelta: rows - oldRows };
      return;
    }
    // The window's end in this edit's coordinates: moved when after it, swallowed when inside.
    const end = w.end <= start ? w.end : w.end >= oldEnd ? w.end + growth : newEnd;
    this.window = { start: Math.min(w.start, start), end: Math.max(end, newEnd), delta: w.delta + growth, rowDelta: w.rowDelta + rows - oldRows };
  }

  private widen(start: number, end: number): void {
    if (this.window) this.window = { ...this.window, start: Math.min(this.window.start, start), end: Math.max(this.window.end, end) };
  }

  /** Records the findings of a complete analysis of the current text. */
  settle(findings: RatedFinding[]): void {
    this.settled = findings;
  }

  /**
   * The last complete findings, moved through the edits since: what to show while a reparse
   * is still running. Findings in edited text are left out; fixes wait for the real analysis.
   */
  provisionalFindings(): RatedFinding[] {
    return this.settled.map((f) => (f.fixes.length || f.fixesLater ? { ...f, fixes: [], fixesLater: false } : f));
  }

  dispose(): void {
    this.dropTree();
  }

  private dropTree(): void {
    this.trees.reset();
    this.goFile = undefined;
  }

  /** tree-sitter's point: rows split at '\n' only, columns in UTF-16 units (as LSP's). */
  private pointAt(offset: number): Point {
    const pos = this.live.positionAt(offset);
    const lineStart = this.live.offsetAt({ line: pos.line, character: 0 });
    // positionAt also breaks lines at a lone '\r'; tree-sitter does not, but Go files use '\n'.
    return { row: pos.line, column: offset - lineStart };
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Findings moved as text replaces `range`: those before it stay, those after move, those inside go. */
function moveThroughChange(findings: RatedFinding[], range: { start: Position; end: Position }, text: string): RatedFinding[] {
  if (findings.length === 0) return findings;
  const lines = text.split('\n');
  const lineDelta = lines.length - 1 - (range.end.line - range.start.line);
  // On the line where the replaced text ended, columns after it move too.
  const newEndCharacter = (lines.length === 1 ? range.start.character : 0) + lines[lines.length - 1].length;
  const move = (p: Position): Position =>
    p.line === range.end.line ? { line: p.line + lineDelta, character: newEndCharacter + p.character - range.end.character } : { line: p.line + lineDelta, character: p.character };
  const out: RatedFinding[] = [];
  for (const f of findings) {
    if (before(f.range.end, range.start)) out.push(f);
    else if (before(range.end, f.range.start)) out.push({ ...f, range: { start: move(f.range.start), end: move(f.range.end) } });
  }
  return out;
}

function advance(start: Point, text: string): Point {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = 0; i <= lastNl; i++) if (text.charCodeAt(i) === 10) rows++;
  return { row: start.row + rows, column: text.length - lastNl - 1 };
}

/** The file system path of a document; untitled documents get a path no directory holds. */
export function documentPath(uri: string, languageId: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI is treated like an untitled one
    }
  }
  const name = decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:/i, '').replace(/[?#].*$/, '')).replace(/^\/+/, '') || 'untitled';
  const base = path.basename(name);
  const ext = languageId === 'go' && !base.endsWith('.go') ? '.go' : '';
  return path.join(path.sep, '\0untitled', base + ext);
}

function kindOf(filePath: string, languageId: string): FileKind | undefined {
  return fileKindOf(filePath) ?? (languageId === 'go' ? 'go' : languageId === 'dockerfile' ? 'dockerfile' : undefined);
}

export class DocumentStore {
  private byUri = new Map<string, OpenDocument>();
  private byPath = new Map<string, OpenDocument>();

  /** `parser`: a store of scratch documents gets its own, so it never resets a real document's stopped parse. */
  constructor(private readonly parser: ResumableParser = sharedParser) {}

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const filePath = documentPath(uri, languageId);
    const doc = new OpenDocument(uri, version, text, filePath, kindOf(filePath, languageId), this.parser);
    this.byUri.set(uri, doc);
    this.byPath.set(filePath, doc);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  close(uri: string): void {
    const doc = this.byUri.get(uri);
    if (!doc) return;
    doc.dispose();
    this.byUri.delete(uri);
    if (this.byPath.get(doc.path) === doc) this.byPath.delete(doc.path);
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }

  /** Overlay for the package index: open package-mates are read from their live text. */
  readonly overlay: Overlay = {
    get: (filePath) => {
      try {
        return this.byPath.get(filePath)?.go();
      } catch {
        return undefined;
      }
    },
  };
}

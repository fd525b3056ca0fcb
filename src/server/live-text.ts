// An open document's text, kept in pieces of a few thousand characters. V8 cannot change a
// string in place: with one string per version, every keystroke copied the whole text (0.9 ms
// for 10,000 lines, a tenth of a keystroke's budget). Here an edit rebuilds the pieces it
// touches; tree-sitter and the per-declaration readers slice the pieces, and the whole text is
// joined only when something asks for it. Positions are LSP's: lines split at \n, \r\n and
// \r, columns in UTF-16 units, as vscode-languageserver-textdocument counts them.
import type { Position, Range } from 'vscode-languageserver';
import { lastAtMost } from '../analysis/compare';

/** Pieces are split past twice this length and joined below a quarter of it. */
const PIECE = 4096;

export interface TextChange {
  range?: Range;
  text: string;
}

/**
 * One version of a text, in pieces; never changed (an edit makes the next version, sharing
 * every piece it did not touch), so a tree or a GoFile of an older version keeps reading the
 * text it was built from.
 */
export class PieceText {
  private joined?: string;
  /** Offset of each line's first character in this version (set by LiveText; never changed after). */
  lineStarts?: readonly number[];

  constructor(
    private readonly pieces: readonly string[],
    /** Offset of each piece's first character. */
    private readonly starts: readonly number[],
    readonly length: number,
  ) {}

  static of(text: string): PieceText {
    const pieces = inPieces(text);
    const out = new PieceText(pieces, pieces.map((_, i) => i * PIECE), text.length);
    out.joined = text;
    return out;
  }

  /** The whole text as one string (joined once, when first asked for). */
  get text(): string {
    this.joined ??= this.pieces.join('');
    return this.joined;
  }

  slice(start: number, end = this.length): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    let i = this.pieceAt(start);
    let out = '';
    while (start < end) {
      const from = start - this.starts[i];
      const part = this.pieces[i].slice(from, from + (end - start));
      out += part;
      start += part.length;
      i++;
    }
    return out;
  }

  /** From `offset` to the end of the piece that holds it (the whole rest once joined). */
  readFrom(offset: number): string {
    if (this.joined !== undefined || offset >= this.length) return (this.joined ?? '').slice(offset);
    const i = this.pieceAt(offset);
    return this.pieces[i].slice(offset - this.starts[i]);
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    if (this.joined !== undefined) return this.joined.charCodeAt(offset);
    const i = this.pieceAt(offset);
    return this.pieces[i].charCodeAt(offset - this.starts[i]);
  }

  /** The next version: [start, end) replaced by `text`, pieces kept near PIECE long. */
  replace(start: number, end: number, text: string): PieceText {
    const first = this.pieceAt(start);
    const last = end > start ? this.pieceAt(end - 1) : first;
    let merged = this.pieces[first].slice(0, start - this.starts[first]) + text + this.pieces[last].slice(end - this.starts[last]);
    let from = first;
    let to = last + 1;
    // A piece grown small joins a neighbour; one grown large is split.
    if (merged.length < PIECE / 4 && to < this.pieces.length) merged += this.pieces[to++];
    else if (merged.length < PIECE / 4 && from > 0) merged = this.pieces[--from] + merged;
    const middle = merged.length > 2 * PIECE ? inPieces(merged) : [merged];
    const pieces = [...this.pieces.slice(0, from), ...middle, ...this.pieces.slice(to)];
    const starts = this.starts.slice(0, from);
    let offset = from > 0 ? this.starts[from - 1] + this.pieces[from - 1].length : 0;
    for (let i = from; i < pieces.length; i++) {
      starts.push(offset);
      offset += pieces[i].length;
    }
    return new PieceText(pieces, starts, offset);
  }

  /** The piece holding `offset` (the last one for the end of the text). */
  private pieceAt(offset: number): number {
    return lastAtMost(this.starts, offset);
  }
}

/** `text` cut every PIECE characters (one empty piece for an empty text). */
function inPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length || pieces.length === 0; at += PIECE) pieces.push(text.slice(at, at + PIECE));
  return pieces;
}

/** A document's current text and where its lines start, updated edit by edit. */
export class LiveText {
  private current: PieceText;
  /** Offset of each line's first character. */
  private lines: number[];

  constructor(text: string) {
    this.current = PieceText.of(text);
    this.lines = lineStartsIn(text, 0, [0]);
    this.current.lineStarts = this.lines;
  }

  /** This version of the text (unchanged by later edits). */
  get snapshot(): PieceText {
    return this.current;
  }

  get length(): number {
    return this.current.length;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The whole text as one string (joined once per version, when asked for). */
  get text(): string {
    return this.current.text;
  }

  slice(start: number, end?: number): string {
    return this.current.slice(start, end);
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lines.length) return this.length;
    if (position.line < 0) return 0;
    const start = this.lines[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < this.lines.length ? this.lines[position.line + 1] : this.length;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.length));
    const line = this.lineOf(offset);
    return { line, character: this.beforeLineBreak(offset, this.lines[line]) - this.lines[line] };
  }

  /** Applies one LSP content change (a range, or the whole text when it has none). */
  apply(change: TextChange): void {
    if (!change.range) {
      this.current = PieceText.of(change.text);
      this.lines = lineStartsIn(change.text, 0, [0]);
      this.current.lineStarts = this.lines;
      return;
    }
    const start = this.offsetAt(change.range.start);
    const end = Math.max(start, this.offsetAt(change.range.end));
    this.current = this.current.replace(start, end, change.text);
    // Line starts: the ones inside the replaced text go, the inserted text's come in, the rest move.
    const first = this.lineOf(start);
    let last = first;
    while (last + 1 < this.lines.length && this.lines[last + 1] <= end) last++;
    const delta = change.text.length - (end - start);
    // A new array per version: an older version's line starts stay as they were.
    const lines = this.lines.slice(0, first + 1);
    lineStartsIn(change.text, start, lines);
    for (let i = last + 1; i < this.lines.length; i++) lines.push(this.lines[i] + delta);
    this.lines = lines;
    // A \r\n pair made or split at the edges of the edit changes where a line starts.
    const text = this.current;
    if (text.charCodeAt(start - 1) === 13 || text.charCodeAt(start + change.text.length - 1) === 13) this.lines = lineStartsIn(text.text, 0, [0]);
    text.lineStarts = this.lines;
  }

  /** The line holding `offset` (by the line starts known now). */
  private lineOf(offset: number): number {
    return lastAtMost(this.lines, offset);
  }

  /** A position never lies inside or past a line break: it moves back before it. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.current.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** Offsets where lines start in `text` (after \n, \r\n or a lone \r), shifted by `base`. */
function lineStartsIn(text: string, base: number, out: number[] = []): number[] {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(base + i + 1);
    } else if (c === 10) out.push(base + i + 1);
  }
  return out;
}

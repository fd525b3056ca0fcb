// Offsets ↔ LSP positions for a whole document (UTF-16, 0-based lines; CRLF-safe).
import { lastAtMost } from '../compare';
import type { Position, Range } from '../types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.text.length, this.starts[pos.line] + pos.character);
  }

  positionAt(offset: number): Position {
    const line = lastAtMost(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Start offset of a line (the text's length past the last line). */
  lineStart(line: number): number {
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(this.lineStart(line), end).replace(/\r$/, '');
  }
}

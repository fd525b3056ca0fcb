// One parsed Go source file: text, tree and cheap derived facts computed on demand.
import type { Node, Tree } from './parser';
import type { Position, Range } from './types';
import { readImports, type ImportTable } from './imports';

/** A top-level node of a file with its text (the unit of incremental re-analysis). */
export interface TopLevel {
  node: Node;
  type: string;
  startIndex: number;
  text: string;
}

export class GoFile {
  private importTable?: ImportTable;
  private top?: TopLevel[];
  private paths?: ReadonlySet<string>;
  private importsKeyText?: string;
  private lineStarts?: number[];

  constructor(
    /** Absolute file system path (or the path part of the document URI). */
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
  ) {}

  get root(): Node {
    return this.tree.rootNode;
  }

  /** The package clause's name, or '' when the file has none yet. */
  get packageName(): string {
    // The clause comes first (after comments): no need to materialise every top-level node.
    for (let i = 0; i < this.root.namedChildCount; i++) {
      const child = this.root.namedChild(i);
      if (child?.type === 'package_clause') return child.namedChild(0)?.text ?? '';
      if (child && child.type !== 'comment' && child.type !== 'ERROR') return '';
    }
    return '';
  }

  get imports(): ImportTable {
    this.importTable ??= readImports(this.root);
    return this.importTable;
  }

  /** The top-level nodes (package clause, imports, declarations, comments), read once per version. */
  get topLevel(): readonly TopLevel[] {
    if (!this.top) {
      this.top = [];
      for (const node of this.root.children) {
        if (node) this.top.push({ node, type: node.type, startIndex: node.startIndex, text: this.text.slice(node.startIndex, node.endIndex) });
      }
    }
    return this.top;
  }

  /** Every imported path (rule gates read this). */
  get importPaths(): ReadonlySet<string> {
    this.paths ??= new Set(this.imports.specs.map((s) => s.path));
    return this.paths;
  }

  /** The imports as one string: the cache key for facts that resolve package names. */
  get importsKey(): string {
    this.importsKeyText ??= this.imports.specs.map((s) => `${s.alias ?? ''} ${s.path}`).join(';');
    return this.importsKeyText;
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
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    return (starts[pos.line] ?? this.text.length) + pos.character;
  }

  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line] ?? this.text.length;
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Leading whitespace of a line: what an inserted sibling statement should start with. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

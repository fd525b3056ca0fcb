// Open documents with incremental text sync. A Go document keeps its tree-sitter tree: each
// change is replayed into tree.edit(), and the next read reparses incrementally with the old
// tree, so a keystroke re-parses only what changed.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { fileKindOf } from '../analysis/file-kind';
import { GoFile } from '../analysis/go-file';
import { DeclarationCache } from '../analysis/incremental';
import type { Overlay } from '../analysis/package';
import { parseGo } from '../analysis/parser';
import type { FileKind } from '../analysis/types';

/** Documents larger than this (in UTF-16 units) are not parsed or analysed. */
export const MAX_ANALYZED_CHARS = 5 * 1024 * 1024;

export class OpenDocument {
  /** Findings of unchanged declarations, reused between keystrokes. */
  readonly declarations = new DeclarationCache();
  /** Tree of the last parse, already edited for changes since (reparse pending when dirty). */
  private tree?: Tree;
  private dirty = true;
  private goFile?: GoFile;

  constructor(
    public doc: TextDocument,
    readonly path: string,
    readonly kind: FileKind | undefined,
  ) {}

  get uri(): string {
    return this.doc.uri;
  }

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  get tooLarge(): boolean {
    return this.doc.getText().length > MAX_ANALYZED_CHARS;
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && this.tree) {
        const startIndex = this.doc.offsetAt(change.range.start);
        const oldEndIndex = this.doc.offsetAt(change.range.end);
        const startPosition = this.pointAt(startIndex);
        const oldEndPosition = this.pointAt(oldEndIndex);
        this.tree.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex: startIndex + change.text.length,
            startPosition,
            oldEndPosition,
            newEndPosition: advance(startPosition, change.text),
          }),
        );
      } else if (!('range' in change)) {
        this.dropTree();
      }
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    this.doc = TextDocument.update(this.doc, [], version);
    this.dirty = true;
    this.goFile = undefined;
  }

  /** The parsed Go file for the current text (reparsing incrementally if needed). */
  go(): GoFile | undefined {
    if (this.kind !== 'go' || this.tooLarge) return undefined;
    if (this.dirty || !this.tree) {
      const old = this.tree;
      this.tree = parseGo(this.text, old);
      old?.delete();
      this.dirty = false;
      this.goFile = undefined;
    }
    this.goFile ??= new GoFile(this.path, this.text, this.tree);
    return this.goFile;
  }

  dispose(): void {
    this.dropTree();
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.goFile = undefined;
  }

  /** tree-sitter's point: rows split at '\n' only, columns in UTF-16 units (as LSP's). */
  private pointAt(offset: number): Point {
    const pos = this.doc.positionAt(offset);
    const lineStart = this.doc.offsetAt({ line: pos.line, character: 0 });
    // positionAt also breaks lines at a lone '\r'; tree-sitter does not, but Go files use '\n'.
    return { row: pos.line, column: offset - lineStart };
  }
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

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const filePath = documentPath(uri, languageId);
    const doc = new OpenDocument(TextDocument.create(uri, languageId, version, text), filePath, kindOf(filePath, languageId));
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

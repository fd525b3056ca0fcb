// Code actions, computed from Diagnostic.data alone: each fix (first preferred), "Disable <id>
// for this line", "Show documentation for <id>", and source.fixAll.go-for-cloud. Fixes computed
// for an older document version are refused; the client pulls fresh diagnostics instead.
import type { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { dedupe, nonOverlapping } from '../analysis/edits';
import { COMMENTS } from '../analysis/nolint';
import type { Node } from '../analysis/parser';
import type { Fix, RatedFinding } from '../analysis/types';
import { isDiagnosticData, SOURCE } from './diagnostics';
import type { OpenDocument } from './documents';

// LSP's CodeActionKind values, written out (see SEVERITY in diagnostics.ts).
const QUICK_FIX: CodeActionKind = 'quickfix';
export const FIX_ALL_KIND: CodeActionKind = `source.fixAll.${SOURCE}`;
export const SHOW_DOCS_COMMAND = 'goForCloud.showRuleDocumentation';

export interface ActionContext {
  doc: OpenDocument | undefined;
  /** Findings on the current text with every fix built, for fix-all. */
  currentFindings: () => RatedFinding[];
  /** The fixes of a finding reported with `fixesLater`, built now (at the current version). */
  fixesNow: (d: Diagnostic) => Fix[];
  documentChanges: boolean;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function workspaceEdit(doc: OpenDocument, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  return { changes: { [doc.uri]: edits } };
}

export function codeActions(params: CodeActionParams, ctx: ActionContext): CodeAction[] {
  const { doc } = ctx;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && !!seen.add(key);
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');

  if (doc && wants(only, QUICK_FIX)) {
    for (const d of ours) {
      if (!isDiagnosticData(d.data) || d.data.version !== doc.version) continue;
      const fixes = d.data.fixesLater ? ctx.fixesNow(d) : d.data.fixes;
      fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: QUICK_FIX,
          diagnostics: [d],
          isPreferred: i === 0,
          edit: workspaceEdit(doc, fix.edits, ctx.documentChanges),
        });
      });
    }
    for (const d of ours) {
      const id = d.code as string;
      if (!isDiagnosticData(d.data) || d.data.version !== doc.version) continue;
      if (!once(`disable:${d.range.start.line}:${id}`)) continue;
      const edit = disableEdit(doc, d.range.start.line, id);
      if (edit) {
        actions.push({ title: `Disable ${id} for this line`, kind: QUICK_FIX, diagnostics: [d], edit: workspaceEdit(doc, [edit], ctx.documentChanges) });
      }
    }
  }
  if (wants(only, QUICK_FIX)) {
    for (const d of ours) {
      const id = d.code as string;
      if (!once(`docs:${id}`)) continue;
      actions.push({
        title: `Show documentation for ${id}`,
        kind: QUICK_FIX,
        diagnostics: [d],
        command: { title: `Show documentation for ${id}`, command: SHOW_DOCS_COMMAND, arguments: [id] },
      });
    }
  }
  // Only when asked for by kind (on save, "Fix All"): it re-analyses the whole document.
  if (doc && only?.some((k) => wants([k], FIX_ALL_KIND))) {
    const action = fixAllAction(doc, ctx);
    if (action) actions.push(action);
  }
  return actions;
}

function fixAllAction(doc: OpenDocument, ctx: ActionContext): CodeAction | undefined {
  const preferred = ctx.currentFindings().flatMap((f) => (f.fixes.length ? [f.fixes[0]] : []));
  const edits = dedupe(nonOverlapping(preferred).flatMap((f) => f.edits));
  if (!edits.length) return undefined;
  return { title: 'Fix all Go for Cloud findings', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits, ctx.documentChanges) };
}

/** Edit that adds a nolint comment for `id` on `line`, or undefined when it cannot be done cleanly. */
export function disableEdit(doc: OpenDocument, line: number, id: string): TextEdit | undefined {
  const lineText = lineAt(doc, line);
  if (lineText === undefined) return undefined;
  switch (doc.kind) {
    case 'go':
      return goDisableEdit(doc, line, lineText, id);
    case 'go.mod':
      return trailingComment(line, lineText, '//', id);
    case 'workflow':
      return inYamlBlockScalar(doc, line) ? undefined : trailingComment(line, lineText, '#', id);
    case 'dockerfile': {
      // Dockerfile comments must be whole lines: put it on its own line above.
      const above = line > 0 ? lineAt(doc, line - 1) : undefined;
      const extended = above === undefined ? undefined : extendNolint(line - 1, above, id, /^\s*#\s*nolint:([\w,-]+)/);
      if (extended) return extended;
      const indent = /^\s*/.exec(lineText)?.[0] ?? '';
      return insert(line, 0, `${indent}# nolint:${id}\n`);
    }
    default:
      return undefined;
  }
}

function lineAt(doc: OpenDocument, line: number): string | undefined {
  if (line < 0 || line >= doc.live.lineCount) return undefined;
  const start = doc.live.offsetAt({ line, character: 0 });
  const end = line + 1 < doc.live.lineCount ? doc.live.offsetAt({ line: line + 1, character: 0 }) : doc.live.length;
  return doc.live.slice(start, end).replace(/\r?\n$|\r$/, '');
}

function insert(line: number, character: number, newText: string): TextEdit {
  const at = { line, character };
  return { range: { start: at, end: at }, newText };
}

/** Appends to the line, replacing trailing blanks (gofmt would drop them). */
function replaceTail(line: number, lineText: string, newText: string): TextEdit {
  const end = lineText.trimEnd().length;
  return { range: { start: { line, character: end }, end: { line, character: lineText.length } }, newText };
}

/** `//nolint:a` already on the line → `//nolint:a,id`. */
function extendNolint(line: number, lineText: string, id: string, re: RegExp): TextEdit | undefined {
  const m = re.exec(lineText);
  if (!m) return undefined;
  return insert(line, m.index + m[0].length, `,${id}`);
}

function trailingComment(line: number, lineText: string, marker: string, id: string): TextEdit | undefined {
  const at = lineText.indexOf(marker);
  if (at >= 0) return extendNolint(line, lineText, id, new RegExp(`${marker}\\s*nolint:([\\w,-]+)`));
  const comment = marker === '//' ? `//nolint:${id}` : `# nolint:${id}`;
  return replaceTail(line, lineText, ` ${comment}`);
}

/** True when the line is inside a `|` or `>` block scalar, where `#` is text, not a comment. */
function inYamlBlockScalar(doc: OpenDocument, line: number): boolean {
  const indentOf = (s: string) => /^ */.exec(s)![0].length;
  const own = indentOf(lineAt(doc, line) ?? '');
  for (let l = line - 1; l >= 0; l--) {
    const text = lineAt(doc, l) ?? '';
    if (!text.trim() || indentOf(text) >= own) continue;
    return /[:-]\s*[|>][-+0-9]*\s*(#.*)?$/.test(text);
  }
  return false;
}

const MULTILINE_TOKENS = new Set(['raw_string_literal', 'interpreted_string_literal', 'comment']);

/** A string or comment around (line, column) that begins before the line or ends after it. */
function crossesLineBreak(root: Node, line: number, column: number, side: 'start' | 'end'): boolean {
  for (let n: Node | null = root.descendantForPosition({ row: line, column }); n; n = n.parent) {
    if (!MULTILINE_TOKENS.has(n.type)) continue;
    if (side === 'start' ? n.startPosition.row < line : n.endPosition.row > line) return true;
  }
  return false;
}

function goDisableEdit(doc: OpenDocument, line: number, lineText: string, id: string): TextEdit | undefined {
  const file = doc.go();
  if (!file) return undefined;
  const root = file.rootAt(file.offsetAt({ line, character: 0 }));
  const comments = COMMENTS()
    .captures(root, { startPosition: { row: line, column: 0 }, endPosition: { row: line, column: lineText.length } })
    .map((c) => c.node)
    .filter((n) => n.startPosition.row === line || n.endPosition.row === line);
  for (const c of comments) {
    const m = /^\/\/\s*nolint:([\w,-]+)/.exec(c.text);
    if (m && c.startPosition.row === line) return insert(line, c.startPosition.column + m[0].length, `,${id}`);
  }
  const end = lineText.trimEnd().length;
  // A trailing comment or a string running past the line: the nolint goes on its own line above.
  if (comments.length || crossesLineBreak(root, line, Math.max(0, end - 1), 'end')) {
    if (lineText.trim() === '' || crossesLineBreak(root, line, 0, 'start')) return undefined;
    return insert(line, 0, `${/^[ \t]*/.exec(lineText)![0]}//nolint:${id}\n`);
  }
  return replaceTail(line, lineText, ` //nolint:${id}`);
}

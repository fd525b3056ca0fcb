// Keystroke-sized re-analysis for an open document. A rule marked `local` reports each finding
// inside the top-level declaration its query matched, and depends on nothing outside that
// declaration except the package's "context": everything that is not a function body, the
// qualifiers and handler registrations written in bodies, the package-mates and go.mod. So
// while that context is unchanged, a declaration whose text is unchanged keeps its findings
// (moved by the lines inserted above it), and only the declaration being typed in is analysed.
import { createHash } from 'node:crypto';
import type { GoFile } from './go-file';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import type { Node } from './parser';
import type { Finding, Position, Range } from './types';

const DECLARATIONS = new Set(['function_declaration', 'method_declaration', 'var_declaration', 'const_declaration', 'type_declaration']);

/**
 * Body text that can change facts other declarations depend on: handler registrations and
 * returned literals (handlers.ts), so such a body is part of the context verbatim.
 */
const FACT_BEARING_BODY = /\b(HandleFunc|HandlerFunc|HTTP|CloudEvent|Start\w*)\b|\breturn\b[^\n]*\bfunc\b/;
const QUALIFIER = /\b([A-Za-z_]\w*)\s*\./g;

/** What of a function body the context keeps: the body itself, or only the names it qualifies. */
function bodyDigest(body: string): string {
  if (FACT_BEARING_BODY.test(body)) return body;
  const names = new Set<string>();
  for (const m of body.matchAll(QUALIFIER)) names.add(m[1]);
  return [...names].sort().join(',');
}

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A stable id for a package-mate snapshot (the loaders reuse objects while files are unchanged). */
function identityOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

interface Entry {
  context: string;
  /** Findings with lines relative to the declaration's first line. */
  findings: Finding[];
}

export interface Declaration {
  node: Node;
  text: string;
}

/** The top-level declarations that can hold findings, and the context key of this file version. */
export function declarationsAndContext(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined): { declarations: Declaration[]; context: string } {
  const declarations: Declaration[] = [];
  const parts: string[] = [module?.goVersion ?? '', ...pkg.gateFiles.filter((f) => f.path !== file.path).map((f) => `${f.path}#${identityOf(f)}`)];
  for (const child of file.root.children) {
    if (!child) continue;
    const text = file.text.slice(child.startIndex, child.endIndex);
    if (DECLARATIONS.has(child.type)) declarations.push({ node: child, text });
    const body = child.type === 'function_declaration' || child.type === 'method_declaration' ? child.childForFieldName('body') : null;
    parts.push(body ? file.text.slice(child.startIndex, body.startIndex) + '{' + bodyDigest(file.text.slice(body.startIndex, body.endIndex)) + '}' : text);
  }
  // Hashed: it is compared once per declaration.
  return { declarations, context: createHash('sha1').update(parts.join('\n')).digest('base64') };
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
export class DeclarationCache {
  private byRule = new Map<string, Map<string, Entry>>();

  /**
   * Findings of a local rule over the file: cached declarations are reused, the others are
   * analysed by `analyse` (given their nodes) and cached when all their edits stay inside them.
   */
  run(ruleId: string, declarations: Declaration[], context: string, analyse: (nodes: Node[]) => Finding[]): Finding[] {
    const old = this.byRule.get(ruleId) ?? new Map<string, Entry>();
    const fresh = new Map<string, Entry>();
    const out: Finding[] = [];
    const missed: Declaration[] = [];
    for (const d of declarations) {
      const hit = old.get(d.text) ?? fresh.get(d.text);
      // Only declarations starting a line: columns then stay valid when lines move.
      if (hit && hit.context === context && d.node.startPosition.column === 0) {
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
        const cacheable = d.node.startPosition.column === 0 && mine.every((f) => f.fixes.every((x) => x.edits.every((e) => inside(e.range, first, last))));
        if (cacheable) fresh.set(d.text, { context, findings: mine.map((f) => shiftFinding(f, -first)) });
      }
    }
    this.byRule.set(ruleId, fresh);
    return out;
  }
}

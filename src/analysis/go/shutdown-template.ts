// The graceful-shutdown rewrite of `main`, and small edit helpers the lifecycle rules share
// (several imports at once, a field added to an `http.Server` literal, gofmt-aligned).
import { compareStrings } from '../compare';
import { ensureImport } from '../edits';
import type { GoFile } from '../go-file';
import { defaultName } from '../imports';
import type { GoPackage } from '../package';
import type { Node } from '../parser';
import type { Fix, TextEdit } from '../types';
import type { ServerStart } from './servers';
import { topNamesOf } from './handlers';
import { argsOf, calleeOf, findLocalDeclaration } from './syntax';
import { packageVars } from './var-types';

/** The timeout the fixes write; users edit it to their platform's grace period. */
export const TIMEOUT = '10 * time.Second';

/**
 * Adds several imports in one go. ensureImport edits are computed against the original file,
 * so two of them rewriting the same single `import "x"` would clash: that case is built here.
 * Returns the local names by path, or undefined when one cannot be added cleanly.
 */
export function ensureImports(file: GoFile, paths: readonly string[]): { names: Map<string, string>; edits: TextEdit[] } | undefined {
  const names = new Map<string, string>();
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const p of [...new Set(paths)].sort()) {
    const got = ensureImport(file, p);
    if (!got) return undefined;
    names.set(p, got.name);
    if (got.edits.length) missing.push(p);
  }
  if (!missing.length) return { names, edits };
  const decls = file.imports.declarations;
  const grouped = decls.find((d) => d.text.trimEnd().endsWith(')'));
  if (grouped || decls.length === 0) {
    // Insertions only: at the same point they land in array order, which is path order.
    for (const p of missing) edits.push(...ensureImport(file, p)!.edits);
    if (decls.length === 0) {
      const at = edits[0].range.start;
      return { names, edits: [{ range: { start: at, end: at }, newText: `\n\nimport (\n${missing.map((p) => `\t"${p}"\n`).join('')})` }] };
    }
    return { names, edits };
  }
  const decl = decls[0];
  const specs = decl.descendantsOfType('import_spec').flatMap((s) => (s ? [s.text] : []));
  const lines = [...specs, ...missing.map((p) => `"${p}"`)].sort((a, b) => compareStrings(specPath(a), specPath(b)));
  edits.push({ range: file.rangeOf(decl), newText: `import (\n${lines.map((l) => `\t${l}`).join('\n')}\n)` });
  return { names, edits };
}

function specPath(spec: string): string {
  return /"([^"]*)"/.exec(spec)?.[1] ?? spec;
}

/** Keys of a composite literal's keyed elements. */
export function literalKeys(literal: Node): string[] {
  const body = literal.childForFieldName('body');
  return (body?.namedChildren ?? [])
    .filter((e): e is Node => e?.type === 'keyed_element')
    .map((e) => e.namedChild(0)?.text ?? '');
}

/**
 * An edit adding `key: value` as the last element of a composite literal, laid out as gofmt
 * would (one line: `, key: value`; several lines: a new line, the last run of aligned keys
 * realigned). Undefined for layouts not handled safely (comments inside, unkeyed elements).
 */
export function addLiteralField(file: GoFile, literal: Node, key: string, value: string): TextEdit[] | undefined {
  const body = literal.childForFieldName('body');
  if (!body) return undefined;
  const all = body.namedChildren.filter((e): e is Node => !!e);
  // A comment right after `{` does not take part in the layout; any other one might.
  if (all.some((e) => e.type === 'comment' && e.startPosition.row !== body.startPosition.row)) return undefined;
  const elements = all.filter((e) => e.type !== 'comment');
  if (elements.some((e) => e.type !== 'keyed_element')) return undefined;
  const close = file.rangeOf(body).end;
  const closeAt = { line: close.line, character: close.character - 1 };
  if (elements.length === 0) {
    const open = file.rangeOf(body);
    return [{ range: { start: open.start, end: open.end }, newText: `{${key}: ${value}}` }];
  }
  if (body.startPosition.row === body.endPosition.row) {
    return [{ range: { start: closeAt, end: closeAt }, newText: `, ${key}: ${value}` }];
  }
  const last = elements[elements.length - 1];
  if (elements[0].startPosition.row === body.startPosition.row) return undefined; // `{Addr: a,` then more lines
  // The run of single-line elements, one per line, right before the end: gofmt aligns it.
  const run: Node[] = [];
  for (let i = elements.length - 1; i >= 0; i--) {
    const e = elements[i];
    if (e.startPosition.row !== e.endPosition.row) break;
    const next = run[0];
    if (next && next.startPosition.row !== e.startPosition.row + 1) break;
    if (elements[i - 1]?.endPosition.row === e.startPosition.row) return undefined; // two per line
    run.unshift(e);
  }
  if (last.endPosition.row === body.endPosition.row) return undefined; // `}` on the last element's line
  const indent = file.indentOf(last.startPosition.row);
  const keyOf = (e: Node) => e.namedChild(0)?.text ?? '';
  const width = Math.max(key.length, ...run.map((e) => keyOf(e).length)) + 1;
  const line = (k: string, v: string) => `${indent}${`${k}:`.padEnd(width + 1)}${v},`;
  const edits: TextEdit[] = [];
  for (const e of run) {
    const k = keyOf(e);
    const v = e.namedChild(1)?.text ?? '';
    const start = { line: e.startPosition.row, character: 0 };
    const end = { line: e.startPosition.row, character: file.lineText(e.startPosition.row).length };
    const old = file.lineText(e.startPosition.row);
    if (!/,\s*$/.test(old)) return undefined;
    const want = line(k, v);
    if (old !== want) edits.push({ range: { start, end }, newText: want });
  }
  const after = { line: last.endPosition.row, character: file.lineText(last.endPosition.row).length };
  // An element ending a run that spans several lines keeps its own alignment.
  const newLine = run.length ? line(key, value) : `${indent}${key}: ${value},`;
  edits.push({ range: { start: after, end: after }, newText: `\n${newLine}` });
  return edits;
}

/** Picks the first candidate name not used as a word in `scopeText` nor declared at package level. */
export function freshName(candidates: readonly string[], scopeText: string, taken: Set<string>): string | undefined {
  return candidates.find((c) => !taken.has(c) && !new RegExp(`\\b${c}\\b`).test(scopeText));
}

const FATAL_LOG = /^(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)$/;
const ESCAPING = ['return_statement', 'break_statement', 'continue_statement', 'goto_statement', 'fallthrough_statement'];

interface Shape {
  /** Statement to replace (the last of main). */
  stmt: Node;
  /** Lines that handle a serve error `errName`, without indentation; empty: log.Fatal it. */
  handler: string[];
  errName: string;
}

/** How the last statement of main handles the start call's error, when it is a shape we rewrite. */
function shapeOf(file: GoFile, start: ServerStart, stmt: Node): Shape | undefined {
  const call = start.call;
  if (stmt.type === 'expression_statement') {
    const expr = stmt.namedChild(0);
    // The error was ignored: log it, as main has no one to return it to.
    if (expr?.startIndex === call.startIndex && expr.endIndex === call.endIndex) return { stmt, handler: [], errName: 'err' };
    if (expr?.type !== 'call_expression' || !argsOf(expr).some((a) => a.startIndex === call.startIndex && a.endIndex === call.endIndex)) {
      return undefined;
    }
    const callee = calleeOf(file, expr);
    // The error keeps its type where it was an argument, so any logger's Fatal compiles as before.
    const fatal =
      (callee && (callee.pkgPath !== undefined || callee.receiver) && FATAL_LOG.test(callee.name)) ||
      (callee && !callee.pkgPath && !callee.receiver && callee.name === 'panic' && !findLocalDeclaration('panic', expr));
    if (!fatal || /\berr\b/.test(expr.text)) return undefined;
    const before = file.text.slice(expr.startIndex, call.startIndex);
    const after = file.text.slice(call.endIndex, expr.endIndex);
    return { stmt, handler: [`${before}err${after}`], errName: 'err' };
  }
  if (stmt.type !== 'if_statement' || stmt.childForFieldName('alternative')) return undefined;
  const init = stmt.childForFieldName('initializer');
  const cond = stmt.childForFieldName('condition');
  const body = stmt.childForFieldName('consequence');
  if (init?.type !== 'short_var_declaration' || cond?.type !== 'binary_expression' || !body) return undefined;
  const left = init.childForFieldName('left')?.namedChildren ?? [];
  const right = init.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || right[0]?.startIndex !== call.startIndex) return undefined;
  const errName = left[0]?.text ?? '';
  if (cond.text.replace(/\s+/g, ' ') !== `${errName} != nil`) return undefined;
  // Statements that leave main or a loop mean something else inside a goroutine.
  if (body.descendantsOfType(ESCAPING).some((n) => n && !inNestedFunc(n, body))) return undefined;
  const list = body.namedChildren.find((c) => c?.type === 'statement_list');
  if (!list) return undefined;
  const text = file.text.slice(list.startIndex, list.endIndex).trimEnd();
  if (text.includes('`')) return undefined; // re-indenting would change a raw string
  const bodyIndent = file.indentOf(list.startPosition.row);
  const handler = text.split('\n').map((l, i) => (i === 0 ? l : l.startsWith(bodyIndent) ? l.slice(bodyIndent.length) : l.trimStart()));
  return { stmt, handler, errName };
}

function inNestedFunc(n: Node, within: Node): boolean {
  for (let p = n.parent; p && p.id !== within.id; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}

/** The statement holding the call if it is the last statement of `main` in package main. */
function lastStatementOfMain(file: GoFile, call: Node): { stmt: Node; main: Node } | undefined {
  if (file.packageName !== 'main') return undefined;
  let stmt: Node = call;
  while (stmt.parent && stmt.parent.type !== 'statement_list') stmt = stmt.parent;
  const list = stmt.parent;
  const main = list?.parent?.parent;
  if (!list || main?.type !== 'function_declaration' || main.childForFieldName('name')?.text !== 'main') return undefined;
  for (let n = stmt.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== 'comment') return undefined;
  return { stmt, main };
}

/** The composite literal an identifier was declared with (`srv := &http.Server{…}`). */
function declaredLiteral(id: Node): Node | undefined {
  // `id` is a use (resolved to its local declaration) or a declaring name itself.
  const decl = id.parent?.type === 'var_spec' ? id : findLocalDeclaration(id.text, id);
  const holder = decl?.parent?.type === 'var_spec' ? decl.parent : decl?.parent?.parent;
  if (!holder || (holder.type !== 'var_spec' && holder.type !== 'short_var_declaration')) return undefined;
  const values = holder.childForFieldName(holder.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
  if (values.length !== 1) return undefined;
  let v: Node | null = values[0] ?? null;
  if (v?.type === 'unary_expression') v = v.childForFieldName('operand');
  return v?.type === 'composite_literal' ? v : undefined;
}

/** True for a server declared as a zero value (`var srv http.Server`, `srv := new(http.Server)`): no timeouts to keep. */
function declaredZero(decl: Node | undefined): boolean {
  const holder = decl?.parent?.type === 'var_spec' ? decl.parent : decl?.parent?.parent;
  if (!holder || (holder.type !== 'var_spec' && holder.type !== 'short_var_declaration')) return false;
  const value = holder.childForFieldName(holder.type === 'var_spec' ? 'value' : 'right');
  if (!value) return holder.type === 'var_spec';
  const v = value.namedChildCount === 1 ? value.namedChild(0) : null;
  return v?.type === 'call_expression' && v.childForFieldName('function')?.text === 'new' && !findLocalDeclaration('new', v);
}

/**
 * The graceful-shutdown rewrite of the last statement of `main`: an http.Server with
 * ReadHeaderTimeout, signal.NotifyContext on SIGINT and SIGTERM, serving in a goroutine,
 * Shutdown bounded by a timeout, http.ErrServerClosed excluded. Undefined when unsafe.
 */
export function gracefulShutdownFix(file: GoFile, pkg: GoPackage, start: ServerStart): Fix | undefined {
  const at = lastStatementOfMain(file, start.call);
  if (!at) return undefined;
  const shape = shapeOf(file, start, at.stmt);
  if (!shape) return undefined;
  const mainText = at.main.text;
  const callee = calleeOf(file, start.call);
  if (!callee) return undefined;
  const args = argsOf(start.call);
  if (args.some((a) => a.type === 'variadic_argument' || a.text.includes('\n'))) return undefined;
  // main that already handles signals is a shape of its own: leave it to its author.
  const signalNames = file.imports.namesFor('os/signal');
  if (signalNames.some((n) => new RegExp(`\\b${n}\\.`).test(mainText))) return undefined;

  const taken = new Set([...topNamesOf(file).all, ...pkg.others(file).flatMap((f) => [...topNamesOf(f).all])]);
  for (const s of file.imports.specs) if (s.name) taken.add(s.name);
  const pick = (c: string[]) => freshName(c, mainText, taken);
  const ctx = pick(['ctx', 'sigCtx', 'signalCtx']);
  const stop = pick(['stop', 'stopSignals']);
  const shutdownCtx = pick(['shutdownCtx', 'drainCtx']);
  const cancel = pick(['cancel', 'cancelShutdown']);
  if (!ctx || !stop || !shutdownCtx || !cancel) return undefined;

  const needs = ['context', 'errors', 'log', 'net/http', 'os', 'os/signal', 'syscall', 'time'];
  const imports = ensureImports(file, needs);
  if (!imports) return undefined;
  const n = (p: string) => imports.names.get(p) ?? defaultName(p);
  // A local named like a package we use would capture the reference.
  if (needs.some((p) => findLocalDeclaration(n(p), at.stmt))) return undefined;
  const timeout = `10 * ${n('time')}.Second`;

  const edits: TextEdit[] = [...imports.edits];
  const lines: string[] = [];
  let srv: string;
  let serve: string;
  const field = (fields: [string, string][]) => {
    const width = Math.max(...fields.map(([k]) => k.length)) + 2;
    return fields.map(([k, v]) => `\t${`${k}:`.padEnd(width)}${v},`);
  };
  const newServer = (addr: string | undefined, handler: string | undefined): string | undefined => {
    const name = pick(['srv', 'server', 'httpServer']);
    if (!name) return undefined;
    const fields: [string, string][] = [];
    if (addr !== undefined) fields.push(['Addr', addr]);
    if (handler !== undefined && handler !== 'nil') fields.push(['Handler', handler]);
    fields.push(['ReadHeaderTimeout', timeout]);
    lines.push(`${name} := &${n('net/http')}.Server{`, ...field(fields), '}', '');
    return name;
  };
  const a = args.map((x) => x.text);
  if (start.kind === 'package' || start.kind === 'gin') {
    const handler = start.kind === 'gin' ? start.receiver?.text : undefined;
    const shapes: Record<string, () => [string | undefined, string | undefined, string] | undefined> = {
      // [Addr, Handler, method call on the new server]
      ListenAndServe: () => (a.length === 2 ? [a[0], a[1], 'ListenAndServe()'] : undefined),
      ListenAndServeTLS: () => (a.length === 4 ? [a[0], a[3], `ListenAndServeTLS(${a[1]}, ${a[2]})`] : undefined),
      Serve: () => (a.length === 2 ? [undefined, a[1], `Serve(${a[0]})`] : undefined),
      ServeTLS: () => (a.length === 4 ? [undefined, a[1], `ServeTLS(${a[0]}, ${a[2]}, ${a[3]})`] : undefined),
      Run: () => (handler && a.length === 1 ? [a[0], handler, 'ListenAndServe()'] : undefined),
      RunTLS: () => (handler && a.length === 3 ? [a[0], handler, `ListenAndServeTLS(${a[1]}, ${a[2]})`] : undefined),
    };
    const parts = shapes[start.method]?.();
    if (!parts) return undefined;
    const name = newServer(parts[0], parts[1]);
    if (!name) return undefined;
    srv = name;
    serve = `${name}.${parts[2]}`;
  } else {
    if (start.receiver?.type !== 'identifier') return undefined;
    srv = start.receiver.text;
    serve = file.text.slice(start.call.startIndex, start.call.endIndex);
    if (start.kind === 'http' && !new RegExp(`\\b${srv}\\.(ReadHeaderTimeout|ReadTimeout)\\s*=`).test(mainText)) {
      const local = findLocalDeclaration(srv, start.receiver);
      const global = local ? undefined : packageVars(pkg).get(srv);
      const literal = local ? declaredLiteral(start.receiver) : global && declaredLiteral(global.name);
      if (global && global.file !== file && literal) {
        // A package-level server declared in another file: set the timeout here, if it lacks one.
        const keys = literalKeys(literal);
        if (!keys.includes('ReadHeaderTimeout') && !keys.includes('ReadTimeout')) lines.push(`${srv}.ReadHeaderTimeout = ${timeout}`, '');
      } else if (literal) {
        const keys = literalKeys(literal);
        if (!keys.includes('ReadHeaderTimeout') && !keys.includes('ReadTimeout')) {
          const added = addLiteralField(file, literal, 'ReadHeaderTimeout', timeout);
          if (!added) return undefined;
          edits.push(...added);
        }
      } else if (declaredZero(local ?? global?.name)) {
        lines.push(`${srv}.ReadHeaderTimeout = ${timeout}`, '');
      }
      // Otherwise the server comes from a call, a parameter or a field: its timeouts are out
      // of sight, and overwriting one it has would be wrong.
    }
  }

  const err = shape.errName;
  const http = n('net/http');
  lines.push(
    `${ctx}, ${stop} := ${n('os/signal')}.NotifyContext(${n('context')}.Background(), ${n('os')}.Interrupt, ${n('syscall')}.SIGTERM)`,
    `defer ${stop}()`,
    '',
    'go func() {',
    `\tif ${err} := ${serve}; ${err} != nil && !${n('errors')}.Is(${err}, ${http}.ErrServerClosed) {`,
    ...(shape.handler.length ? shape.handler : [`${n('log')}.Fatal(${err})`]).map((l) => (l ? `\t\t${l}` : l)),
    '\t}',
    '}()',
    '',
    `<-${ctx}.Done()`,
    `${stop}() // a second signal ends the process at once`,
    '',
    `// Let in-flight requests finish, within the platform's grace period.`,
    `${shutdownCtx}, ${cancel} := ${n('context')}.WithTimeout(${n('context')}.Background(), 10*${n('time')}.Second)`,
    `defer ${cancel}()`,
    `if err := ${srv}.Shutdown(${shutdownCtx}); err != nil {`,
    `\t${n('log')}.Printf("shutdown: %v", err)`,
    '}',
  );
  const indent = file.indentOf(at.stmt.startPosition.row);
  const range = file.rangeOf(at.stmt);
  // Set the new block apart from the statements before it, as a person would.
  const row = at.stmt.startPosition.row;
  const continues = lines[0].startsWith(`${srv}.`); // `srv.ReadHeaderTimeout = …` joins `srv.Addr = …`
  const spaced = !continues && row > 0 && file.lineText(row - 1).trim() !== '' && !file.lineText(row - 1).trimEnd().endsWith('{');
  if (spaced) range.start = { line: row, character: 0 };
  const text = lines.map((l) => (l ? indent + l : '')).join('\n');
  edits.push({ range, newText: spaced ? `\n${text}` : text.slice(indent.length) });
  return { title: 'Shut down gracefully on SIGTERM (signal.NotifyContext, Shutdown with a timeout)', edits };
}

// HTTP servers of a package, as the lifecycle rules see them: where a server starts
// (`http.ListenAndServe`, `srv.ListenAndServe`/`Serve`…, gin `Run`, echo `Start`) and where
// one is shut down. Computed once per package snapshot; test files are left out, because a
// server a test starts is not the one a platform sends SIGTERM to.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import { matchesInFile } from '../quiet-declarations';
import { argsOf, calleeOf, findLocalDeclaration, stringValue } from './syntax';
import { ECHO_PATHS, GIN_PATH, HTTP_PATH } from './import-paths';
import { isNamed, namedTypeOf, packageVars, typeOfExpr } from './var-types';

export type ServerKind = 'http' | 'gin' | 'echo';

const HTTP = HTTP_PATH;
const GIN = GIN_PATH;
const ECHO = ECHO_PATHS;

/** Package-level functions of net/http that start a server nobody can shut down. */
export const PACKAGE_STARTS = ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'];
const METHOD_STARTS: Record<ServerKind, string[]> = {
  http: ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'],
  gin: ['Run', 'RunTLS'],
  echo: ['Start', 'StartTLS', 'StartAutoTLS'],
};

/** Candidate calls: every `x.M(...)` with a name that starts or stops a server. */
export const SERVER_CALLS_QUERY = declareQuery(`(call_expression
  function: (selector_expression operand: (_) @recv field: (field_identifier) @method)
  (#any-of? @method "ListenAndServe" "ListenAndServeTLS" "Serve" "ServeTLS" "Run" "RunTLS" "Start" "StartTLS" "StartAutoTLS" "Shutdown")) @call`);

export interface ServerStart {
  file: GoFile;
  call: Node;
  method: string;
  /** 'package': `http.ListenAndServe` & co; otherwise the kind of the receiver. */
  kind: 'package' | ServerKind;
  receiver?: Node;
  /** Name the server is held under (variable or field), when there is one. */
  key?: string;
  /** The field a local receiver was copied from (`s := e.Server` gives `Server`). */
  alias?: string;
  /** True when the receiver is a field selection (`s.srv`). */
  field: boolean;
  /** The server may be shut down out of sight: returned, stored elsewhere, an exported field. */
  escapes: boolean;
  /** Serves only on a loopback address written as a literal (a debug or admin listener). */
  loopback: boolean;
}

export interface ShutdownCall {
  file: GoFile;
  call: Node;
  receiver: Node;
  key?: string;
  /** Shut down through a loop variable or an index: counts for every server of the package. */
  wildcard: boolean;
  /** The receiver is known to be a server (http.Server or echo), not just named like one. */
  kind?: ServerKind;
}

export interface ServerFacts {
  starts: ServerStart[];
  shutdowns: ShutdownCall[];
  /** Some non-test file of the package names `ErrServerClosed`. */
  mentionsServerClosed: boolean;
}

export function isTestFile(file: GoFile): boolean {
  return file.path.endsWith('_test.go');
}

/** httptest, awstesting, testutil…: helpers that start servers for tests, not services. */
export function isTestHelperPackage(pkg: GoPackage): boolean {
  return /test/i.test(pkg.name);
}

/** The package's servers and shutdowns, computed once per package snapshot. */
export function serverFacts(pkg: GoPackage): ServerFacts {
  return pkg.memo('lifecycle:servers', () => {
    const facts: ServerFacts = { starts: [], shutdowns: [], mentionsServerClosed: false };
    for (const file of pkg.files) {
      if (isTestFile(file)) continue;
      if (file.mentions('ErrServerClosed')) facts.mentionsServerClosed = true;
      collect(file, pkg, facts);
    }
    return facts;
  });
}

interface Candidate {
  call: Node;
  recv: Node;
  method: string;
}

// Query results per parsed file. Package-mates read from disk are the same GoFile objects
// from one analysis to the next, so a directory of n files runs the query n times, not n².
const candidateCache = new WeakMap<GoFile, Candidate[]>();

function candidates(file: GoFile): Candidate[] {
  let found = candidateCache.get(file);
  if (!found) {
    found = [];
    for (const m of matchesInFile(file, SERVER_CALLS_QUERY.source)) {
      const call = m.captures.find((c) => c.name === 'call')?.node;
      const recv = m.captures.find((c) => c.name === 'recv')?.node;
      const method = m.captures.find((c) => c.name === 'method')?.node.text;
      if (call && recv && method) found.push({ call, recv, method });
    }
    candidateCache.set(file, found);
  }
  return found;
}

function collect(file: GoFile, pkg: GoPackage, facts: ServerFacts): void {
  for (const { call, recv, method } of candidates(file)) {
    const callee = calleeOf(file, call);
    if (callee?.pkgPath !== undefined) {
      if (callee.pkgPath === HTTP && PACKAGE_STARTS.includes(method)) {
        facts.starts.push({ file, call, method, kind: 'package', field: false, escapes: false, loopback: loopbackArg(call, method) });
      }
      continue;
    }
    const kind = serverKindOf(file, pkg, recv);
    if (method === 'Shutdown') {
      if (argsOf(call).filter((a) => a.type !== 'comment').length !== 1) continue;
      const wildcard = recv.type === 'index_expression' || (recv.type === 'identifier' && isRangeVariable(recv));
      facts.shutdowns.push({ file, call, receiver: recv, key: keyOf(recv), wildcard, kind });
      continue;
    }
    if (!kind || !METHOD_STARTS[kind].includes(method)) continue;
    const key = keyOf(recv);
    const field = recv.type === 'selector_expression';
    // `s := e.Server`: a local alias of a field, shut down under the field's name.
    const local = recv.type === 'identifier' ? findLocalDeclaration(recv.text, recv) : undefined;
    const source = local ? valueOf(local) : undefined;
    const alias = source?.type === 'selector_expression' ? keyOf(source) : undefined;
    facts.starts.push({
      file,
      call,
      method,
      kind,
      receiver: recv,
      key,
      field,
      alias,
      escapes: [field ? key : undefined, alias].some((k) => k && /^[A-Z]/.test(k)) || (recv.type === 'identifier' && escapes(recv)),
      loopback: false,
    });
  }
}

/** `srv` for `srv`, `srv` for `s.srv`, undefined for anything else. */
function keyOf(recv: Node): string | undefined {
  let r = recv;
  while (r.type === 'parenthesized_expression' && r.namedChild(0)) r = r.namedChild(0)!;
  if (r.type === 'identifier') return r.text;
  if (r.type === 'selector_expression') return r.childForFieldName('field')?.text;
  return undefined;
}

function isRangeVariable(id: Node): boolean {
  const decl = findLocalDeclaration(id.text, id);
  return decl?.parent?.parent?.type === 'range_clause';
}

/** What kind of server an expression holds, when declarations say so. */
export function serverKindOf(file: GoFile, pkg: GoPackage, expr: Node): ServerKind | undefined {
  const t = typeOfExpr(file, pkg, expr);
  if (isNamed(t, HTTP, 'Server')) return 'http';
  if (isNamed(t, GIN, 'Engine')) return 'gin';
  if (t && ECHO.includes(t.pkgPath) && t.name === 'Echo') return 'echo';
  if (t) return undefined;
  if (expr.type === 'parenthesized_expression' && expr.namedChild(0)) return serverKindOf(file, pkg, expr.namedChild(0)!);
  if (expr.type === 'index_expression') return elementKind(file, pkg, expr.childForFieldName('operand'));
  if (expr.type !== 'identifier') return constructorKind(file, expr);
  const local = findLocalDeclaration(expr.text, expr);
  const decl = local ?? packageVars(pkg).get(expr.text)?.name;
  if (!decl) return undefined;
  const declFile = local ? file : (packageVars(pkg).get(expr.text)?.file ?? file);
  const list = decl.parent;
  if (list?.parent?.type === 'range_clause') {
    const names = list.namedChildren.filter((n): n is Node => !!n);
    // `for _, s := range servers` (the value), not `for i := range servers` (the index).
    if (names.length !== 2 || names[1].startIndex !== decl.startIndex) return undefined;
    return elementKind(declFile, pkg, list.parent.childForFieldName('right'));
  }
  return constructorKind(declFile, valueOf(decl));
}

/** The value assigned to a declaring identifier in `x := v` or `var x = v`, one-to-one. */
function valueOf(decl: Node): Node | undefined {
  const parent = decl.parent;
  if (!parent) return undefined;
  const holder = parent.type === 'var_spec' ? parent : parent.parent;
  if (!holder || (holder.type !== 'var_spec' && holder.type !== 'short_var_declaration')) return undefined;
  const names = holder.type === 'var_spec' ? holder.childrenForFieldName('name') : parent.namedChildren;
  const index = names.findIndex((n) => n?.startIndex === decl.startIndex);
  const values = holder.childForFieldName(holder.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
  return values.length === names.length ? (values[index] ?? undefined) : undefined;
}

/** `gin.Default()`, `gin.New()`, `echo.New()`, `new(http.Server)`, `&http.Server{}`. */
function constructorKind(file: GoFile, expr: Node | undefined): ServerKind | undefined {
  if (expr?.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '&') expr = expr.childForFieldName('operand') ?? undefined;
  if (expr?.type === 'composite_literal') {
    const type = expr.childForFieldName('type');
    return type && isNamed(namedTypeOf(file, type), HTTP, 'Server') ? 'http' : undefined;
  }
  if (!expr || expr.type !== 'call_expression') return undefined;
  const callee = calleeOf(file, expr);
  if (!callee) return undefined;
  if (callee.pkgPath === GIN && (callee.name === 'Default' || callee.name === 'New')) return 'gin';
  if (callee.pkgPath && ECHO.includes(callee.pkgPath) && callee.name === 'New') return 'echo';
  if (!callee.pkgPath && !callee.receiver && callee.name === 'new' && !findLocalDeclaration('new', expr)) {
    const arg = argsOf(expr)[0];
    if (arg?.type === 'qualified_type' && isNamed(namedTypeOf(file, arg), HTTP, 'Server')) return 'http';
    // `new(http.Server)` may parse as a selector expression.
    const pkgName = arg?.childForFieldName('operand')?.text;
    if (arg?.type === 'selector_expression' && pkgName && file.imports.pathOf(pkgName) === HTTP && arg.childForFieldName('field')?.text === 'Server') return 'http';
  }
  return undefined;
}

/** Element kind of a slice or array of servers: a literal, or a variable declared as one. */
function elementKind(file: GoFile, pkg: GoPackage, expr: Node | null | undefined): ServerKind | undefined {
  if (!expr) return undefined;
  let typeNode: Node | null | undefined;
  if (expr.type === 'composite_literal') typeNode = expr.childForFieldName('type');
  else if (expr.type === 'identifier') {
    const decl = findLocalDeclaration(expr.text, expr) ?? packageVars(pkg).get(expr.text)?.name;
    const holder = decl?.parent;
    if (holder?.type === 'var_spec' && holder.childForFieldName('type')) typeNode = holder.childForFieldName('type');
    else if (decl) {
      const v = valueOf(decl);
      if (v?.type === 'composite_literal') typeNode = v.childForFieldName('type');
    }
  }
  if (!typeNode || (typeNode.type !== 'slice_type' && typeNode.type !== 'array_type')) return undefined;
  const element = typeNode.childForFieldName('element');
  const t = element ? namedTypeOf(file, element) : undefined;
  return isNamed(t, HTTP, 'Server') ? 'http' : undefined;
}

/**
 * True when a local server variable comes from a caller or leaves its function: returned,
 * passed to a call, stored in a field, a map or a literal. Then someone out of sight may shut it down.
 */
function escapes(id: Node): boolean {
  const decl = findLocalDeclaration(id.text, id);
  if (!decl) return false;
  // A parameter: the caller owns the server and may shut it down (echo's StartServer).
  if (decl.parent?.type === 'parameter_declaration') return true;
  let fn: Node | null = decl.parent;
  while (fn && !['function_declaration', 'method_declaration', 'func_literal'].includes(fn.type)) fn = fn.parent;
  const body = fn?.childForFieldName('body')?.text ?? '';
  const n = id.text.replace(/[$]/g, '\\$');
  return new RegExp(
    `return\\s+(?:[^\\n]*[,(&]\\s*)?${n}\\b(?![.(\\[])` + // return srv / return x, srv
      `|[(,]\\s*&?${n}\\s*[,)]` + // f(srv), f(a, srv)
      `|[^=!<>:]=\\s*&?${n}\\s*(?:$|[;\\n}])` + // s.srv = srv
      `|:\\s*&?${n}\\s*[,}\\n]` + // Field: srv
      `|append\\([^)]*\\b${n}\\b`, // servers = append(servers, srv)
    'm',
  ).test(body);
}

/** `http.ListenAndServe("localhost:6060", nil)`: a debug listener platform traffic never reaches. */
function loopbackArg(call: Node, method: string): boolean {
  if (method !== 'ListenAndServe' && method !== 'ListenAndServeTLS') return false;
  const addr = argsOf(call)[0];
  const value = addr ? stringValue(addr) : undefined;
  return value !== undefined && isLoopbackAddr(value);
}

export function isLoopbackAddr(addr: string): boolean {
  const host = addr.replace(/:\d*$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when some Shutdown in the package can be the one for this start. */
export function isShutDown(start: ServerStart, facts: ServerFacts): boolean {
  if (start.kind === 'package' || start.kind === 'gin') return false;
  if (start.escapes) return true;
  return facts.shutdowns.some((s) => s.wildcard || (s.key !== undefined && (s.key === start.key || s.key === start.alias)));
}

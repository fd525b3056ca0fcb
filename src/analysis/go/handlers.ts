// Which functions are request handlers (DESIGN.md): a function, method or literal with an
// `*http.Request` parameter (ServeHTTP included; not the client-side RoundTrip shape that
// returns an `*http.Response`) or a gin/echo/fiber request context; a
// function passed to `http.HandleFunc`, a mux's `HandleFunc`, `http.HandlerFunc`,
// `functions.HTTP`/`CloudEvent` or `lambda.Start` — found across the package's files, so a
// handler defined in one file and registered in another counts — and the literals that a
// handler factory (`func makeHandler(db *sql.DB) http.HandlerFunc`) returns.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { compileQuery, type Node } from '../parser';
import { argsOf, calleeOf, findLocalDeclaration, FUNCTION_TYPES } from './syntax';

import { ECHO_PATHS, FIBER_PATHS, FUNCTIONS_PATH, GIN_PATH, HTTP_PATH, LAMBDA_PATH } from './import-paths';

export { ECHO_PATHS, FIBER_PATHS, FUNCTIONS_PATH, GIN_PATH, HTTP_PATH, LAMBDA_PATH };

const SIGNATURE_PREDICATE = '(#match? @type "^[*]?[A-Za-z_][A-Za-z0-9_]*[.](Request|Context|Ctx)$")';
const SIGNATURE_QUERY = ['function_declaration', 'method_declaration', 'func_literal']
  .map((t) => `(${t} parameters: (parameter_list (parameter_declaration type: (_) @type)) ${SIGNATURE_PREDICATE}) @fn`)
  .join('\n');

const REGISTRATION_QUERY = `(call_expression
  function: (selector_expression field: (field_identifier) @method)
  (#match? @method "^(HandleFunc|HandlerFunc|HTTP|CloudEvent|Start|StartWithOptions|StartHandlerFunc)$")) @call`;

const FACTORY_RETURN_QUERY = `(return_statement (expression_list [
  (func_literal) @lit
  (call_expression arguments: (argument_list . (func_literal) @lit .))
]))`;

/** Index of the handler argument of a registration call, or -1 when it is not one. */
function handlerArgIndex(file: GoFile, call: Node): number {
  const c = calleeOf(file, call);
  if (!c) return -1;
  if (c.pkgPath === HTTP_PATH) return c.name === 'HandleFunc' ? 1 : c.name === 'HandlerFunc' ? 0 : -1;
  if (c.pkgPath === FUNCTIONS_PATH) return c.name === 'HTTP' || c.name === 'CloudEvent' ? 1 : -1;
  if (c.pkgPath === LAMBDA_PATH) return ['Start', 'StartWithOptions', 'StartHandlerFunc'].includes(c.name) ? 0 : -1;
  if (c.receiver && c.name === 'HandleFunc') return 1;
  return -1;
}

/** Names registered as handlers anywhere in the package. */
interface Registrations {
  /** Package-level functions and methods (by name) passed as handlers. */
  names: Set<string>;
  /** Functions and methods whose call result is registered: their returned literals are handlers. */
  factories: Set<string>;
}

/**
 * Registrations written in one file. Cached per GoFile (immutable, and reused by the package
 * loader while unchanged), so a package's facts cost one query per file version, not one per
 * file per analysed package-mate.
 */
const fileRegistrations = new WeakMap<GoFile, Registrations & { literals: Set<number> }>();

function registrationsIn(file: GoFile): Registrations & { literals: Set<number> } {
  let out = fileRegistrations.get(file);
  if (out) return out;
  out = { names: new Set(), factories: new Set(), literals: new Set() };
  fileRegistrations.set(file, out);
  if (!mayRegister(file)) return out;
  for (const { node: call } of compileQuery(REGISTRATION_QUERY).captures(file.root).filter((c) => c.name === 'call')) {
    const arg = argsOf(call)[handlerArgIndex(file, call)];
    if (!arg) continue;
    if (arg.type === 'func_literal') out.literals.add(arg.id);
    else if (arg.type === 'identifier' && !findLocalDeclaration(arg.text, arg)) out.names.add(arg.text);
    else if (arg.type === 'selector_expression') {
      const operand = arg.childForFieldName('operand');
      const field = arg.childForFieldName('field');
      if (operand && field && !(operand.type === 'identifier' && file.imports.pathOf(operand.text))) out.names.add(field.text);
    } else if (arg.type === 'call_expression') {
      const c = calleeOf(file, arg);
      if (c && !c.pkgPath && !(c.receiver === undefined && findLocalDeclaration(c.name, arg))) out.factories.add(c.name);
    }
  }
  return out;
}

function registrations(pkg: GoPackage): Registrations {
  return pkg.memo('handlers:registrations', () => {
    const out: Registrations = { names: new Set(), factories: new Set() };
    for (const file of pkg.files) {
      const r = registrationsIn(file);
      r.names.forEach((n) => out.names.add(n));
      r.factories.forEach((n) => out.factories.add(n));
    }
    return out;
  });
}

const fileTopNames = new WeakMap<GoFile, { vars: Set<string>; consts: Set<string>; all: Set<string> }>();

/** Top-level names of one file (cached per file version): vars, consts, and every name. */
export function topNamesOf(file: GoFile): { vars: Set<string>; consts: Set<string>; all: Set<string> } {
  let out = fileTopNames.get(file);
  if (out) return out;
  out = { vars: new Set(), consts: new Set(), all: new Set() };
  for (const d of file.root.namedChildren) {
    if (!d) continue;
    if (d.type === 'function_declaration') out.all.add(d.childForFieldName('name')?.text ?? '');
    if (d.type !== 'var_declaration' && d.type !== 'const_declaration' && d.type !== 'type_declaration') continue;
    for (const spec of d.descendantsOfType(['var_spec', 'const_spec', 'type_spec', 'type_alias'])) {
      for (const id of spec?.childrenForFieldName('name') ?? []) {
        if (!id) continue;
        out.all.add(id.text);
        if (spec!.type === 'var_spec') out.vars.add(id.text);
        if (spec!.type === 'const_spec') out.consts.add(id.text);
      }
    }
  }
  fileTopNames.set(file, out);
  return out;
}

/** Package-level names of the package: union of its files' top-level names. */
export function packageTopNames(pkg: GoPackage): { vars: Set<string>; consts: Set<string>; all: Set<string> } {
  return pkg.memo('handlers:top-names', () => {
    const out = { vars: new Set<string>(), consts: new Set<string>(), all: new Set<string>() };
    for (const f of pkg.files) {
      const t = topNamesOf(f);
      t.vars.forEach((n) => out.vars.add(n));
      t.consts.forEach((n) => out.consts.add(n));
      t.all.forEach((n) => out.all.add(n));
    }
    return out;
  });
}

/** Cheap pre-filter: a file that imports none of the registering packages and has no HandleFunc. */
function mayRegister(file: GoFile): boolean {
  return file.text.includes('HandleFunc') || file.text.includes('HandlerFunc') || file.imports.has(FUNCTIONS_PATH) || file.imports.has(LAMBDA_PATH);
}

/** True when a parameter type node makes its function a handler. */
function isHandlerParamType(file: GoFile, type: Node): boolean {
  const pointer = type.type === 'pointer_type';
  const q = pointer ? type.namedChild(0) : type;
  if (q?.type !== 'qualified_type') return false;
  const path = file.imports.pathOf(q.childForFieldName('package')?.text ?? '');
  const name = q.childForFieldName('name')?.text;
  if (!path) return false;
  if (pointer) return (path === HTTP_PATH && name === 'Request') || (path === GIN_PATH && name === 'Context') || (FIBER_PATHS.includes(path) && name === 'Ctx');
  return ECHO_PATHS.includes(path) && name === 'Context';
}

/** `RoundTrip(*http.Request) (*http.Response, error)`-shaped: the client side of a request. */
function isClientSide(file: GoFile, fn: Node): boolean {
  const result = fn.childForFieldName('result');
  if (!result) return false;
  return file.imports.namesFor(HTTP_PATH).some((h) => new RegExp(`\\*\\s*${h}\\.Response\\b`).test(result.text));
}

/** Ids of the handler function nodes of a file (function/method declarations and literals). */
export function handlerIds(file: GoFile, pkg: GoPackage): Set<number> {
  return pkg.memo(`handlers:file:${file.path}`, () => {
    const ids = new Set<number>();
    for (const m of compileQuery(SIGNATURE_QUERY).matches(file.root)) {
      const fn = m.captures.find((c) => c.name === 'fn')?.node;
      const type = m.captures.find((c) => c.name === 'type')?.node;
      if (fn && type && isHandlerParamType(file, type) && !isClientSide(file, fn)) ids.add(fn.id);
    }
    const reg = registrations(pkg);
    registrationsIn(file).literals.forEach((id) => ids.add(id));
    for (const decl of file.root.namedChildren) {
      if (!decl || (decl.type !== 'function_declaration' && decl.type !== 'method_declaration')) continue;
      const name = decl.childForFieldName('name')?.text ?? '';
      if (reg.names.has(name)) ids.add(decl.id);
      if (reg.factories.has(name)) {
        for (const { node: lit } of compileQuery(FACTORY_RETURN_QUERY).captures(decl)) {
          if (nearestFunction(lit)?.id === decl.id) ids.add(lit.id);
        }
      }
    }
    return ids;
  });
}

function nearestFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n;
  return null;
}

/** A literal run once per instance: `once.Do(func() {…})`, `sync.OnceFunc(func() {…})`. */
export function isOnceBody(file: GoFile, lit: Node): boolean {
  const call = lit.parent?.type === 'argument_list' ? lit.parent.parent : null;
  if (call?.type !== 'call_expression') return false;
  const c = calleeOf(file, call);
  if (!c) return false;
  if (c.pkgPath === 'sync') return ['OnceFunc', 'OnceValue', 'OnceValues'].includes(c.name);
  return !!c.receiver && c.name === 'Do';
}

/**
 * The handler whose requests run `node`: the innermost enclosing handler, looking through
 * nested literals, but not through a `once.Do` body nor out of a named non-handler function.
 */
export function enclosingHandler(file: GoFile, pkg: GoPackage, node: Node): Node | undefined {
  const ids = handlerIds(file, pkg);
  if (ids.size === 0) return undefined;
  for (let n = node.parent; n; n = n.parent) {
    if (!FUNCTION_TYPES.has(n.type)) continue;
    if (ids.has(n.id)) return n;
    if (n.type !== 'func_literal' || isOnceBody(file, n)) return undefined;
  }
  return undefined;
}

/** A readable name for a handler: `handleUser`, `(*server).ServeHTTP`, `function literal`. */
export function handlerName(fn: Node): string {
  const name = fn.childForFieldName('name')?.text;
  if (fn.type === 'function_declaration' && name) return name;
  if (fn.type === 'method_declaration' && name) {
    const recv = fn.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
    const t = recv?.childForFieldName('type')?.text;
    return t ? `(${t}).${name}` : name;
  }
  return 'handler literal';
}

/** True for files whose findings do not concern production requests (tests). */
export function isTestFile(file: GoFile): boolean {
  return file.path.endsWith('_test.go');
}

/**
 * The import path behind a package name. An import without an alias is known by its
 * conventional name (imports.ts defaultName: `github.com/redis/go-redis/v9` is `redis`).
 */
export function importPathOfName(file: GoFile, name: string): string | undefined {
  return file.imports.pathOf(name);
}

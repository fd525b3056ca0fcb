// Which functions are request handlers (DESIGN.md): a function, method or literal with an
// `*http.Request` parameter (ServeHTTP included; not the client-side RoundTrip shape that
// returns an `*http.Response`) or a gin/echo/fiber request context; a
// function passed to `http.HandleFunc`, a mux's `HandleFunc`, `http.HandlerFunc`,
// `functions.HTTP`/`CloudEvent` or `lambda.Start` — found across the package's files, so a
// handler defined in one file and registered in another counts — and the literals that a
// handler factory (`func makeHandler(db *sql.DB) http.HandlerFunc`) returns.
import { NON_CODE_TOP_LEVEL, type GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import { DeclarationTextCache } from '../text-cache';
import { argsOf, calleeOf, findLocalDeclaration, FUNCTION_TYPES } from './syntax';

import { ECHO_PATHS, FIBER_PATHS, FUNCTIONS_PATH, GIN_PATH, HTTP_PATH, LAMBDA_PATH } from './import-paths';

export { ECHO_PATHS, FIBER_PATHS, FUNCTIONS_PATH, GIN_PATH, HTTP_PATH, LAMBDA_PATH };

const REGISTRATION_QUERY = declareQuery(`(call_expression
  function: (selector_expression field: (field_identifier) @method)
  (#match? @method "^(HandleFunc|HandlerFunc|HTTP|CloudEvent|Start|StartWithOptions|StartHandlerFunc)$")) @call`);
/** Text a declaration must contain to hold a registration (REGISTRATION_QUERY's names). */
const REGISTRATION_TEXT = /HandleFunc|HandlerFunc|HTTP|CloudEvent|Start/;
/** Text of a parameter type that can make a handler (checked against the imports after). */
const HANDLER_PARAM_TEXT = /^[*]?[A-Za-z_][A-Za-z0-9_]*[.](Request|Context|Ctx)$/;

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

interface FileRegistrations extends Registrations {
  /** Start offsets of the function literals passed as handlers. */
  literals: Set<number>;
}

/** One declaration's registrations, literals as offsets from its start. */
interface DeclarationRegistrations {
  names: string[];
  factories: string[];
  literalOffsets: number[];
}

/**
 * Registrations written in one file, cached per GoFile (the package loader reuses unchanged
 * files) and, for the file being edited, per declaration text and imports: a keystroke
 * queries only the declaration it changed.
 */
const fileRegistrations = new WeakMap<GoFile, FileRegistrations>();
const declarationRegistrations = new DeclarationTextCache<DeclarationRegistrations>();

function registrationsIn(file: GoFile): FileRegistrations {
  let out = fileRegistrations.get(file);
  if (out) return out;
  out = { names: new Set(), factories: new Set(), literals: new Set() };
  fileRegistrations.set(file, out);
  if (!mayRegister(file)) return out;
  const perEntry = file.perEntry(`registrations\n${file.importsKey}`, (top) => (NON_CODE_TOP_LEVEL.has(top.type) ? NO_REGISTRATIONS : declarationRegistrationsOf(file, () => top.node, top.text)));
  file.topLevel.forEach((top, i) => {
    const found = perEntry[i];
    if (found === NO_REGISTRATIONS) return;
    found.names.forEach((n) => out!.names.add(n));
    found.factories.forEach((n) => out!.factories.add(n));
    found.literalOffsets.forEach((o) => out!.literals.add(top.startIndex + o));
  });
  return out;
}

const NO_REGISTRATIONS: DeclarationRegistrations = { names: [], factories: [], literalOffsets: [] };

/** `decl` is asked for only when the text is not cached (reading a node costs). */
function declarationRegistrationsOf(file: GoFile, decl: () => Node, text: string): DeclarationRegistrations {
  if (!REGISTRATION_TEXT.test(text)) return NO_REGISTRATIONS;
  return declarationRegistrations.get(file.importsKey, text, () => registrationsInDeclaration(file, decl()));
}

/**
 * What a declaration registers that other declarations depend on: the names and factories
 * it passes as handlers (incremental.ts keeps this in the package context).
 */
export function registeredBy(file: GoFile, decl: Node, text: string): string {
  const r = declarationRegistrationsOf(file, () => decl, text);
  return r === NO_REGISTRATIONS ? '' : `${r.names.join(',')};${r.factories.join(',')}`;
}

function registrationsInDeclaration(file: GoFile, decl: Node): DeclarationRegistrations {
  const out: DeclarationRegistrations = { names: [], factories: [], literalOffsets: [] };
  for (const { node: call } of REGISTRATION_QUERY().captures(decl).filter((c) => c.name === 'call')) {
    const arg = argsOf(call)[handlerArgIndex(file, call)];
    if (!arg) continue;
    if (arg.type === 'func_literal') out.literalOffsets.push(arg.startIndex - decl.startIndex);
    else if (arg.type === 'identifier' && !findLocalDeclaration(arg.text, arg)) out.names.push(arg.text);
    else if (arg.type === 'selector_expression') {
      const operand = arg.childForFieldName('operand');
      const field = arg.childForFieldName('field');
      if (operand && field && !(operand.type === 'identifier' && file.imports.pathOf(operand.text))) out.names.push(field.text);
    } else if (arg.type === 'call_expression') {
      const c = calleeOf(file, arg);
      if (c && !c.pkgPath && !(c.receiver === undefined && findLocalDeclaration(c.name, arg))) out.factories.push(c.name);
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

type TopNames = { vars: Set<string>; consts: Set<string>; all: Set<string> };
const fileTopNames = new WeakMap<GoFile, TopNames>();
/** Names one declaration declares, by its text (a keystroke re-reads only the one it changed). */
const declarationNames = new DeclarationTextCache<{ vars: string[]; consts: string[]; others: string[] }>();

function namesDeclaredBy(declNode: () => Node, text: string): { vars: string[]; consts: string[]; others: string[] } {
  return declarationNames.get('', text, () => {
    const decl = declNode();
    const names = { vars: [] as string[], consts: [] as string[], others: [] as string[] };
    if (decl.type === 'function_declaration') names.others.push(decl.childForFieldName('name')?.text ?? '');
    else {
      for (const spec of decl.descendantsOfType(['var_spec', 'const_spec', 'type_spec', 'type_alias'])) {
        for (const id of spec?.childrenForFieldName('name') ?? []) {
          if (!id) continue;
          (spec!.type === 'var_spec' ? names.vars : spec!.type === 'const_spec' ? names.consts : names.others).push(id.text);
        }
      }
    }
    return names;
  });
}

const NAMING_DECLARATIONS = new Set(['function_declaration', 'var_declaration', 'const_declaration', 'type_declaration']);

/** Top-level names of one file (cached per file version): vars, consts, and every name. */
export function topNamesOf(file: GoFile): TopNames {
  let out = fileTopNames.get(file);
  if (out) return out;
  out = { vars: new Set(), consts: new Set(), all: new Set() };
  const perEntry = file.perEntry('declared-names', (top) => (NAMING_DECLARATIONS.has(top.type) ? namesDeclaredBy(() => top.node, top.text) : undefined));
  for (const names of perEntry) {
    if (!names) continue;
    for (const n of names.vars) out.vars.add(n);
    for (const n of names.consts) out.consts.add(n);
    for (const list of [names.vars, names.consts, names.others]) for (const n of list) out.all.add(n);
  }
  fileTopNames.set(file, out);
  return out;
}

export interface NameLookup {
  has(name: string): boolean;
}

/** Package-level names of the package: looked up in each file's names (no union built per keystroke). */
export function packageTopNames(pkg: GoPackage): { vars: NameLookup; consts: NameLookup; all: NameLookup } {
  return pkg.memo('handlers:top-names', () => {
    const perFile = pkg.files.map(topNamesOf);
    const lookup = (kind: keyof TopNames): NameLookup => ({ has: (name) => perFile.some((names) => names[kind].has(name)) });
    return { vars: lookup('vars'), consts: lookup('consts'), all: lookup('all') };
  });
}

/** Cheap pre-filter: a file that imports none of the registering packages and has no HandleFunc. */
function mayRegister(file: GoFile): boolean {
  return file.mentions('HandleFunc') || file.mentions('HandlerFunc') || file.imports.has(FUNCTIONS_PATH) || file.imports.has(LAMBDA_PATH);
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

/** A handler by its parameters: an `*http.Request`, gin/fiber/echo context (not a RoundTrip). */
function hasHandlerSignature(file: GoFile, fn: Node): boolean {
  const params = fn.childForFieldName('parameters');
  if (!params) return false;
  for (const p of params.namedChildren) {
    const type = p?.type === 'parameter_declaration' ? p.childForFieldName('type') : null;
    if (type && HANDLER_PARAM_TEXT.test(type.text) && isHandlerParamType(file, type)) return !isClientSide(file, fn);
  }
  return false;
}

/** A literal returned (alone or as a conversion's only argument) by a registered factory. */
function isFactoryResult(lit: Node, factories: Set<string>): boolean {
  let up = lit.parent;
  if (up?.type === 'argument_list') {
    if (up.namedChildren.filter((c) => c?.type !== 'comment').length !== 1) return false;
    up = up.parent?.type === 'call_expression' ? up.parent.parent : null;
  }
  if (up?.type !== 'expression_list' || up.parent?.type !== 'return_statement') return false;
  const fn = nearestFunction(lit);
  return !!fn && (fn.type === 'function_declaration' || fn.type === 'method_declaration') && factories.has(fn.childForFieldName('name')?.text ?? '');
}

/** True when a function, method or literal is a request handler. */
export function isHandler(file: GoFile, pkg: GoPackage, fn: Node): boolean {
  if (hasHandlerSignature(file, fn)) return true;
  const reg = registrations(pkg);
  if (fn.type !== 'func_literal') return reg.names.has(fn.childForFieldName('name')?.text ?? '');
  return registrationsIn(file).literals.has(fn.startIndex) || (reg.factories.size > 0 && isFactoryResult(fn, reg.factories));
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
  for (let n = node.parent; n; n = n.parent) {
    if (!FUNCTION_TYPES.has(n.type)) continue;
    if (isHandler(file, pkg, n)) return n;
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

// The incoming context in scope at a node: the context a function received from its caller
// (a `context.Context` parameter, an HTTP handler's `*http.Request`, a gin `*gin.Context`, an
// echo `echo.Context`), looked up from the innermost enclosing function outwards, with the
// Go expression that yields it there and what would have to change for that expression to
// compile (a blank or unnamed parameter gets a name).
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import type { TextEdit } from '../types';
import { calleeOf, enclosingFunction, encloses, findLocalDeclaration, paramsOf, type Param } from './syntax';
import { isNamed, namedTypeOf, typeOfDeclaredName, type NamedType } from './var-types';
import { CONTEXT_PATHS, ECHO_PATHS, GIN_PATH } from './import-paths';

// CONTEXT_PATHS: import paths whose `Context` is the standard one (x/net/context aliases it).
export { CONTEXT_PATHS };

export type ContextSource = 'context' | 'request' | 'gin' | 'echo';

/**
 * How the node's code runs relative to the function that received the context:
 * `go` in a goroutine it starts, `defer` in a deferred call, `later` in a function literal
 * stored, returned or scheduled (`time.AfterFunc`) — all may run after the caller cancels.
 */
export type Detachment = 'go' | 'defer' | 'later';

export interface IncomingContext {
  source: ContextSource;
  /** The function, method or literal whose parameter carries the context. */
  fn: Node;
  param: Param;
  /** Go expression for the context at the node (`ctx`, `r.Context()`); undefined when not nameable there. */
  expr?: string;
  /** Why `expr` is undefined (e.g. the parameter is redeclared by a local). */
  unnamable?: string;
  /** Edits any use of `expr` needs first: naming a blank (`_`) or unnamed parameter. */
  setup: TextEdit[];
  detached?: Detachment;
  /** True when the code waits for the context's Done before the node: it is known cancelled there. */
  afterDone: boolean;
  /** True when the node is on the branch where the parameter was found nil (`if ctx == nil {…}`). */
  nilBranch: boolean;
}

/**
 * Cheap text gate before running a query: every incoming context source is spelled with
 * `Context` or `Request` (context.Context, *http.Request, *gin.Context, echo.Context).
 */

/** The name a parameter gets when the fix has to name it. */
const PREFERRED_NAME: Record<ContextSource, string> = { context: 'ctx', request: 'r', gin: 'c', echo: 'c' };
const PRIORITY: ContextSource[] = ['context', 'request', 'gin', 'echo'];

/** What kind of incoming context a type carries, if any. */
export function contextSourceOfType(t: NamedType | undefined): ContextSource | undefined {
  if (!t) return undefined;
  if (!t.pointer && CONTEXT_PATHS.some((p) => isNamed(t, p, 'Context'))) return 'context';
  if (isNamed(t, 'net/http', 'Request', true)) return 'request';
  if (isNamed(t, GIN_PATH, 'Context', true)) return 'gin';
  if (!t.pointer && ECHO_PATHS.some((p) => isNamed(t, p, 'Context'))) return 'echo';
  return undefined;
}

/**
 * The parameter of a function that carries an incoming context: a named one before a blank
 * or unnamed one (no renaming needed), then by kind (context first).
 */
export function contextParamOf(file: GoFile, fn: Node): { param: Param; source: ContextSource } | undefined {
  let best: { param: Param; source: ContextSource; rank: number } | undefined;
  for (const param of paramsOf(fn)) {
    const source = contextSourceOfType(namedTypeOf(file, param.type));
    if (!source) continue;
    const rank = (param.name && param.name !== '_' ? 0 : PRIORITY.length) + PRIORITY.indexOf(source);
    if (!best || rank < best.rank) best = { param, source, rank };
  }
  return best && { param: best.param, source: best.source };
}

/** The context expression for a source reached through a variable of the given name. */
export function contextExpr(source: ContextSource, name: string): string {
  switch (source) {
    case 'context':
      return name;
    case 'request':
      return `${name}.Context()`;
    case 'gin':
      return `${name}.Request.Context()`;
    case 'echo':
      return `${name}.Request().Context()`;
  }
}

/** The incoming context in scope at `node`: the innermost enclosing function with one. */
export function incomingContextAt(file: GoFile, pkg: GoPackage, node: Node): IncomingContext | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const found = contextParamOf(file, fn);
    if (!found) continue;
    const { param, source } = found;
    const detached = detachmentWithin(file, node, fn);
    const ctx: IncomingContext = { source, fn, param, setup: [], afterDone: false, nilBranch: false, detached };
    nameContext(file, pkg, node, ctx);
    if (ctx.expr) ctx.afterDone = waitsForDone(node, fn, ctx.expr);
    if (param.name && param.name !== '_') ctx.nilBranch = onNilBranch(node, fn, param.name);
    return ctx;
  }
  return undefined;
}

function nameContext(file: GoFile, pkg: GoPackage, node: Node, ctx: IncomingContext): void {
  const { param, source, fn } = ctx;
  if (param.name && param.name !== '_' && param.nameNode) {
    const decl = findLocalDeclaration(param.name, node);
    // A redeclaration that keeps the kind (`ctx, cancel := context.WithTimeout(ctx, d)`) is fine.
    if (decl && decl.startIndex !== param.nameNode.startIndex && contextSourceOfType(typeOfDeclaredName(file, pkg, decl)) !== source) {
      ctx.unnamable = `\`${param.name}\` is redeclared here`;
      return;
    }
    ctx.expr = contextExpr(source, param.name);
    return;
  }
  const name = PREFERRED_NAME[source];
  if (usesName(fn, name)) {
    ctx.unnamable = `the ${param.name === '_' ? 'blank' : 'unnamed'} parameter cannot be named \`${name}\`: the name is taken in this function`;
    return;
  }
  ctx.expr = contextExpr(source, name);
  ctx.setup = param.nameNode ? [{ range: file.rangeOf(param.nameNode), newText: name }] : nameAllParams(file, fn, param, name);
}

/** Go requires all parameters named or none: name ours, the others `_`. */
function nameAllParams(file: GoFile, fn: Node, ours: Param, name: string): TextEdit[] {
  const list = fn.childForFieldName('parameters');
  const edits: TextEdit[] = [];
  for (const decl of list?.namedChildren ?? []) {
    if (!decl || (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration')) continue;
    const at = file.rangeOf(decl).start;
    edits.push({ range: { start: at, end: at }, newText: `${decl.startIndex === ours.decl.startIndex ? name : '_'} ` });
  }
  return edits;
}

const NAMES_QUERY = declareQuery('[(identifier) (type_identifier) (package_identifier)] @name');

/** True when the name occurs anywhere in the function (so naming a parameter after it could clash). */
export function usesName(fn: Node, name: string): boolean {
  return NAMES_QUERY()
    .captures(fn)
    .some((c) => c.node.text === name);
}

/** Outermost construct between node and fn that makes the node's code outlive fn's call. */
export function detachmentWithin(file: GoFile, node: Node, fn: Node): Detachment | undefined {
  let found: Detachment | undefined;
  for (let n = node.parent; n && !n.equals(fn); n = n.parent) {
    if (n.type === 'go_statement') found = 'go';
    else if (n.type === 'defer_statement') found = 'defer';
    else if (n.type === 'func_literal' && literalRunsLater(file, n)) found = 'later';
  }
  return found;
}

/** A function literal stored in a field or composite literal, returned, or given to time.AfterFunc. */
function literalRunsLater(file: GoFile, lit: Node): boolean {
  const parent = lit.parent;
  if (!parent) return false;
  if (parent.type === 'literal_element' || parent.type === 'keyed_element') return true;
  if (parent.type === 'expression_list') {
    const stmt = parent.parent;
    if (stmt?.type === 'return_statement') return true;
    if (stmt?.type === 'assignment_statement') {
      const left = stmt.childForFieldName('left');
      return !!left?.namedChildren.some((l) => l?.type === 'selector_expression' || l?.type === 'index_expression');
    }
  }
  if (parent.type === 'argument_list' && parent.parent?.type === 'call_expression') {
    const callee = calleeOf(file, parent.parent);
    return callee?.pkgPath === 'time' && callee.name === 'AfterFunc';
  }
  return false;
}

const DONE_QUERY = declareQuery(`(unary_expression operator: "<-" operand: (call_expression function: (selector_expression operand: (_) @ctx field: (field_identifier) @done (#eq? @done "Done")) arguments: (argument_list))) @recv`);

/**
 * True when, before `node`, the code of `fn` blocks on `<-<expr>.Done()` (a plain receive
 * in a function that contains the node) or the node sits in a `case <-<expr>.Done():` —
 * the context is cancelled there, and a fresh one is deliberate (shutdown after a signal).
 */
export function waitsForDone(node: Node, fn: Node, expr: string): boolean {
  // Most functions never say Done: no query walk then (nor its compile, on a server's first run).
  if (!fn.text.includes('Done')) return false;
  for (const m of DONE_QUERY().matches(fn)) {
    const recv = m.captures.find((c) => c.name === 'recv')?.node;
    const ctxNode = m.captures.find((c) => c.name === 'ctx')?.node;
    if (!recv || !ctxNode || ctxNode.text !== expr || recv.startIndex >= node.startIndex) continue;
    const stmt = recv.parent;
    if (stmt?.type === 'receive_statement' || stmt?.type === 'communication_case') {
      const kase = stmt.type === 'communication_case' ? stmt : stmt.parent;
      if (kase?.type === 'communication_case' && encloses(kase, node)) return true;
      continue;
    }
    if (stmt?.type === 'expression_statement') {
      const owner = enclosingFunction(recv);
      if (owner && encloses(owner, node)) return true;
    }
  }
  return false;
}

/** True inside `if name == nil {here}` or `if name != nil {…} else {here}` within fn. */
export function onNilBranch(node: Node, fn: Node, name: string): boolean {
  for (let n = node.parent, child: Node = node; n && !n.equals(fn); child = n, n = n.parent) {
    if (n.type !== 'if_statement') continue;
    const cond = n.childForFieldName('condition');
    if (cond?.type !== 'binary_expression') continue;
    const sides = [cond.childForFieldName('left')?.text, cond.childForFieldName('right')?.text];
    if (!sides.includes(name) || !sides.includes('nil')) continue;
    const op = cond.childForFieldName('operator')?.text;
    const branch = op === '==' ? n.childForFieldName('consequence') : op === '!=' ? n.childForFieldName('alternative') : null;
    if (branch && encloses(branch, child)) return true;
  }
  return false;
}

// Small syntax helpers over tree-sitter-go nodes, shared by rules. They look only at the
// nodes they are given and their ancestors (never walk a whole tree from JavaScript).
import type { GoFile } from '../go-file';
import type { Node } from '../parser';

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** The nearest function, method or function literal around a node. */
/** True when `inner` lies within `outer` (by offsets; either may be the other). */
export function encloses(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n;
  return null;
}

/** Every enclosing function, innermost first. */
export function enclosingFunctions(node: Node): Node[] {
  const out: Node[] = [];
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) out.push(n);
  return out;
}

export interface Param {
  /** Undefined for unnamed parameters (`func(http.ResponseWriter, *http.Request)`). */
  name?: string;
  nameNode?: Node;
  type: Node;
  /** The parameter_declaration node. */
  decl: Node;
}

/** Parameters of a function/method/literal, one entry per name (`a, b int` gives two). */
export function paramsOf(fn: Node): Param[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  const out: Param[] = [];
  for (const decl of list.namedChildren) {
    if (!decl || (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration')) continue;
    const type = decl.childForFieldName('type');
    if (!type) continue;
    const names = decl.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) out.push({ type, decl });
    for (const n of names) out.push({ name: n.text, nameNode: n, type, decl });
  }
  return out;
}

/** The receiver of a method declaration, if any. */
export function receiverOf(fn: Node): Param | undefined {
  if (fn.type !== 'method_declaration') return undefined;
  const list = fn.childForFieldName('receiver');
  const decl = list?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = decl?.childForFieldName('type');
  if (!decl || !type) return undefined;
  const nameNode = decl.childForFieldName('name') ?? undefined;
  return { name: nameNode?.text, nameNode, type, decl };
}

/** Function body block. */
export function bodyOf(fn: Node): Node | null {
  return fn.childForFieldName('body');
}

/**
 * True when `typeNode` spells `[*]<pkg>.<name>` for the import path (aliases honoured).
 * `pointer`: true requires `*`, false forbids it, undefined accepts both.
 */
export function isQualifiedType(file: GoFile, typeNode: Node, importPath: string, name: string, pointer?: boolean): boolean {
  let t = typeNode;
  const isPtr = t.type === 'pointer_type';
  if (isPtr) t = t.namedChild(0) ?? t;
  if (pointer === true && !isPtr) return false;
  if (pointer === false && isPtr) return false;
  if (t.type !== 'qualified_type') return false;
  const pkg = t.childForFieldName('package')?.text;
  const typeName = t.childForFieldName('name')?.text;
  return typeName === name && !!pkg && file.imports.pathOf(pkg) === importPath;
}

export interface Callee {
  /** `pkg.Func(...)` where pkg is an import; path is the import path. */
  pkgPath?: string;
  /** Selector operand (receiver expression) for `x.M(...)` that is not a package. */
  receiver?: Node;
  /** The called name: function, method or the identifier of a plain call. */
  name: string;
  /** The node naming the function (the field identifier or identifier). */
  nameNode: Node;
}

/** Describes what a call_expression calls. Package operands shadowed by locals are receivers. */
export function calleeOf(file: GoFile, call: Node): Callee | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return { name: fn.text, nameNode: fn };
  if (fn.type !== 'selector_expression') return undefined;
  const operand = fn.childForFieldName('operand');
  const field = fn.childForFieldName('field');
  if (!operand || !field) return undefined;
  if (operand.type === 'identifier') {
    const pkgPath = file.imports.pathOf(operand.text);
    if (pkgPath && !isShadowed(operand.text, call)) return { pkgPath, name: field.text, nameNode: field };
  }
  return { receiver: operand, name: field.text, nameNode: field };
}

/** True for `<import path>.<one of names>(...)`. */
export function isPkgCall(file: GoFile, call: Node, importPath: string, names: readonly string[]): boolean {
  const c = calleeOf(file, call);
  return !!c && c.pkgPath === importPath && names.includes(c.name);
}

/**
 * True when `name` is declared as a local (parameter, receiver, `:=`, `var`, range variable)
 * in a function around `at`, before `at`. Cheap: looks only at enclosing functions' parameters
 * and at declarations in enclosing blocks.
 */
export function isShadowed(name: string, at: Node): boolean {
  return findLocalDeclaration(name, at) !== undefined;
}

/** The identifier node that declares `name` as a local visible at `at`, if any. */
export function findLocalDeclaration(name: string, at: Node): Node | undefined {
  for (let n: Node | null = at.parent, child: Node = at; n; child = n, n = n.parent) {
    if (FUNCTION_TYPES.has(n.type)) {
      for (const p of paramsOf(n)) if (p.name === name && p.nameNode) return p.nameNode;
      const recv = receiverOf(n);
      if (recv?.name === name && recv.nameNode) return recv.nameNode;
      const results = n.childForFieldName('result');
      if (results?.type === 'parameter_list') {
        for (const d of results.namedChildren) for (const id of d?.childrenForFieldName('name') ?? []) if (id?.text === name) return id;
      }
      continue;
    }
    if (n.type === 'block' || n.type === 'statement_list' || n.type === 'source_file') {
      if (n.type === 'source_file') return undefined;
      for (const stmt of n.namedChildren) {
        if (!stmt || stmt.startIndex >= child.startIndex) break;
        const id = declaredIn(stmt, name);
        if (id) return id;
      }
    }
    // for/if/switch headers: `for i, x := range`, `if err := f(); ...`
    if (['for_statement', 'if_statement', 'expression_switch_statement', 'type_switch_statement'].includes(n.type)) {
      for (const c of n.namedChildren) {
        if (!c || c.startIndex >= child.startIndex) continue;
        if (c.type === 'block') continue;
        const id = declaredIn(c, name);
        if (id) return id;
      }
    }
  }
  return undefined;
}

function declaredIn(stmt: Node, name: string): Node | undefined {
  switch (stmt.type) {
    case 'short_var_declaration':
    case 'range_clause': {
      const left = stmt.childForFieldName('left');
      return left?.namedChildren.find((c) => c?.type === 'identifier' && c.text === name) ?? undefined;
    }
    case 'for_clause': {
      const init = stmt.childForFieldName('initializer');
      return init ? declaredIn(init, name) : undefined;
    }
    case 'var_declaration':
    case 'const_declaration': {
      for (const spec of stmt.descendantsOfType(['var_spec', 'const_spec'])) {
        for (const id of spec?.childrenForFieldName('name') ?? []) if (id?.text === name) return id;
      }
      return undefined;
    }
    case 'type_switch_header':
    case 'type_switch_statement': {
      const alias = stmt.childForFieldName('alias');
      return alias?.namedChildren.find((c) => c?.text === name) ?? (alias?.text === name ? alias : undefined);
    }
    default:
      if (stmt.type.endsWith('_statement') === false) return undefined;
      // `if x := f(); ...` initializers
      const init = stmt.childForFieldName('initializer');
      return init ? declaredIn(init, name) : undefined;
  }
}

/** The Go value of a string literal node, or undefined when it is not a plain literal. */
export function stringValue(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  try {
    return JSON.parse(node.text.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
  } catch {
    return node.text.slice(1, -1);
  }
}

/** Arguments of a call (named children of its argument_list; comments are not arguments). */
export function argsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/** True when a node lies inside a `go` statement's function literal within `fn`. */
export function inGoStatementWithin(node: Node, fn: Node): boolean {
  for (let n = node.parent; n && !n.equals(fn); n = n.parent) {
    if (n.type === 'func_literal' && n.parent?.type === 'call_expression' && n.parent.parent?.type === 'go_statement') return true;
  }
  return false;
}


// Declared types of expressions, as far as the syntax of a file and its package tells:
// parameters, receivers, `var x T`, `x := sql.Open(...)`, `&T{}`, struct fields (`s.db`),
// package-level variables and results of the package's own functions. No type checker:
// anything not written down (or not derivable from a known constructor) is undefined,
// so rules that need a type stay silent rather than guess.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import type { Node } from '../parser';
import { calleeOf, findLocalDeclaration } from './syntax';

/** A named type, possibly behind one pointer. `pkgPath` '' means a type of the analysed package. */
export interface NamedType {
  pkgPath: string;
  name: string;
  pointer: boolean;
}

/** True when `t` is `pkgPath.name` (pointer or not, unless `pointer` says which). */
export function isNamed(t: NamedType | undefined, pkgPath: string, name: string, pointer?: boolean): boolean {
  return !!t && t.pkgPath === pkgPath && t.name === name && (pointer === undefined || t.pointer === pointer);
}

/**
 * Results of known constructors and methods, by import path, then function or
 * `Receiver.Method`, as the list of result types (`null` for results we do not track).
 */
const KNOWN_RESULTS: Record<string, Record<string, (NamedType | null)[]>> = {
  'database/sql': {
    Open: [ptr('database/sql', 'DB'), null],
    OpenDB: [ptr('database/sql', 'DB')],
    'DB.Begin': [ptr('database/sql', 'Tx'), null],
    'DB.BeginTx': [ptr('database/sql', 'Tx'), null],
    'DB.Conn': [ptr('database/sql', 'Conn'), null],
    'DB.Prepare': [ptr('database/sql', 'Stmt'), null],
    'DB.PrepareContext': [ptr('database/sql', 'Stmt'), null],
    'Conn.BeginTx': [ptr('database/sql', 'Tx'), null],
    'Conn.PrepareContext': [ptr('database/sql', 'Stmt'), null],
    'Tx.Prepare': [ptr('database/sql', 'Stmt'), null],
    'Tx.PrepareContext': [ptr('database/sql', 'Stmt'), null],
    'Tx.Stmt': [ptr('database/sql', 'Stmt')],
    'Tx.StmtContext': [ptr('database/sql', 'Stmt')],
  },
  context: {
    WithCancel: [named('context', 'Context'), null],
    WithCancelCause: [named('context', 'Context'), null],
    WithTimeout: [named('context', 'Context'), null],
    WithTimeoutCause: [named('context', 'Context'), null],
    WithDeadline: [named('context', 'Context'), null],
    WithDeadlineCause: [named('context', 'Context'), null],
    WithValue: [named('context', 'Context')],
    WithoutCancel: [named('context', 'Context')],
    Background: [named('context', 'Context')],
    TODO: [named('context', 'Context')],
  },
  'net/http': {
    'Request.Context': [named('context', 'Context')],
    'Request.WithContext': [ptr('net/http', 'Request')],
    'Request.Clone': [ptr('net/http', 'Request')],
    NewRequest: [ptr('net/http', 'Request'), null],
    NewRequestWithContext: [ptr('net/http', 'Request'), null],
  },
  'os/exec': {
    Command: [ptr('os/exec', 'Cmd')],
    CommandContext: [ptr('os/exec', 'Cmd')],
  },
};

function ptr(pkgPath: string, name: string): NamedType {
  return { pkgPath, name, pointer: true };
}

function named(pkgPath: string, name: string): NamedType {
  return { pkgPath, name, pointer: false };
}

/** Resolves a type node written in `file` (`T`, `*T`, `pkg.T`, `*pkg.T`, `(T)`). */
export function namedTypeOf(file: GoFile, typeNode: Node): NamedType | undefined {
  let t = typeNode;
  while (t.type === 'parenthesized_type' && t.namedChild(0)) t = t.namedChild(0)!;
  let pointer = false;
  if (t.type === 'pointer_type') {
    pointer = true;
    t = t.namedChild(0) ?? t;
  }
  if (t.type === 'generic_type') t = t.childForFieldName('type') ?? t;
  if (t.type === 'type_identifier') return { pkgPath: '', name: t.text, pointer };
  if (t.type === 'qualified_type') {
    const pkgPath = file.imports.pathOf(t.childForFieldName('package')?.text ?? '');
    const name = t.childForFieldName('name')?.text;
    if (pkgPath && name) return { pkgPath, name, pointer };
  }
  return undefined;
}

const MAX_DEPTH = 6;

/**
 * The type of an expression in `file`, when declarations say it: identifiers (locals,
 * parameters, receivers, package-level variables), field selections on values of
 * package-local struct types, `&T{}`/`T{}`, and calls of known constructors or of the
 * package's own functions. Undefined whenever unsure.
 */
export function typeOfExpr(file: GoFile, pkg: GoPackage, expr: Node, depth = 0): NamedType | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (expr.type) {
    case 'parenthesized_expression': {
      const inner = expr.namedChild(0);
      return inner ? typeOfExpr(file, pkg, inner, depth + 1) : undefined;
    }
    case 'identifier':
      return typeOfIdentifier(file, pkg, expr, depth);
    case 'selector_expression':
      return typeOfSelector(file, pkg, expr, depth);
    case 'unary_expression': {
      const operand = expr.childForFieldName('operand');
      if (expr.childForFieldName('operator')?.text !== '&' || operand?.type !== 'composite_literal') return undefined;
      const t = typeOfExpr(file, pkg, operand, depth + 1);
      return t && !t.pointer ? { ...t, pointer: true } : undefined;
    }
    case 'composite_literal': {
      const type = expr.childForFieldName('type');
      return type ? namedTypeOf(file, type) : undefined;
    }
    case 'call_expression':
      return resultTypesOfCall(file, pkg, expr, depth)?.[0] ?? undefined;
    default:
      return undefined;
  }
}

function typeOfIdentifier(file: GoFile, pkg: GoPackage, id: Node, depth: number): NamedType | undefined {
  const decl = findLocalDeclaration(id.text, id);
  if (decl) return typeOfDeclaredName(file, pkg, decl, depth);
  const global = packageVars(pkg).get(id.text);
  return global ? typeOfDeclaredName(global.file, pkg, global.name, depth) : undefined;
}

/** Type of the variable a declaring identifier introduces (param, receiver, var, :=). */
export function typeOfDeclaredName(file: GoFile, pkg: GoPackage, nameNode: Node, depth = 0): NamedType | undefined {
  const parent = nameNode.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'parameter_declaration':
    case 'variadic_parameter_declaration': {
      if (parent.type === 'variadic_parameter_declaration') return undefined;
      const type = parent.childForFieldName('type');
      return type ? namedTypeOf(file, type) : undefined;
    }
    case 'var_spec': {
      const type = parent.childForFieldName('type');
      if (type) return namedTypeOf(file, type);
      const names = parent.childrenForFieldName('name').filter((n): n is Node => !!n);
      const values = parent.childForFieldName('value');
      // By id: web-tree-sitter hands out a new JS object on every access, so indexOf never matched.
      const index = names.findIndex((n) => n.id === nameNode.id);
      return values ? typeOfAssigned(file, pkg, index, names.length, values, depth) : undefined;
    }
    case 'expression_list': {
      const decl = parent.parent;
      if (decl?.type !== 'short_var_declaration' || !decl.childForFieldName('left')?.equals(parent)) return undefined;
      const names = parent.namedChildren.filter((n): n is Node => !!n);
      const values = decl.childForFieldName('right');
      const index = names.findIndex((n) => n.id === nameNode.id);
      return values ? typeOfAssigned(file, pkg, index, names.length, values, depth) : undefined;
    }
    default:
      return undefined;
  }
}

/** The type of the index-th of `count` names given the right-hand expression_list. */
function typeOfAssigned(file: GoFile, pkg: GoPackage, index: number, count: number, values: Node, depth: number): NamedType | undefined {
  if (index < 0) return undefined;
  const exprs = values.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (exprs.length === count) return typeOfExpr(file, pkg, exprs[index], depth + 1);
  if (exprs.length === 1 && exprs[0].type === 'call_expression') {
    return resultTypesOfCall(file, pkg, exprs[0], depth + 1)?.[index] ?? undefined;
  }
  return undefined;
}

/** Result types of a call: known constructors and methods, or the package's own functions. */
export function resultTypesOfCall(file: GoFile, pkg: GoPackage, call: Node, depth = 0): (NamedType | null)[] | undefined {
  const callee = calleeOf(file, call);
  if (!callee) return undefined;
  if (callee.pkgPath) return KNOWN_RESULTS[callee.pkgPath]?.[callee.name];
  if (callee.receiver) {
    const recv = typeOfExpr(file, pkg, callee.receiver, depth + 1);
    if (!recv) return undefined;
    if (recv.pkgPath) return KNOWN_RESULTS[recv.pkgPath]?.[`${recv.name}.${callee.name}`];
    return undefined;
  }
  // A plain call of a package-level function (not shadowed by a local).
  if (findLocalDeclaration(callee.name, call)) return undefined;
  const fn = packageFuncs(pkg).get(callee.name);
  return fn ? resultTypesOf(fn.file, fn.node) : undefined;
}

function resultTypesOf(file: GoFile, fn: Node): (NamedType | null)[] {
  const result = fn.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [namedTypeOf(file, result) ?? null];
  const out: (NamedType | null)[] = [];
  for (const decl of result.namedChildren) {
    if (decl?.type !== 'parameter_declaration') continue;
    const type = decl.childForFieldName('type');
    const t = type ? (namedTypeOf(file, type) ?? null) : null;
    const names = decl.childrenForFieldName('name').length || 1;
    for (let i = 0; i < names; i++) out.push(t);
  }
  return out;
}

/** `x.f` where x has a package-local struct type that declares f (or embeds a type named f). */
function typeOfSelector(file: GoFile, pkg: GoPackage, sel: Node, depth: number): NamedType | undefined {
  const operand = sel.childForFieldName('operand');
  const field = sel.childForFieldName('field')?.text;
  if (!operand || !field) return undefined;
  // A package qualifier: `pkg.Var` is not tracked (other packages' variables are unknown),
  // except by rules that check it themselves (http.DefaultClient).
  if (operand.type === 'identifier' && file.imports.pathOf(operand.text) && !findLocalDeclaration(operand.text, sel)) return undefined;
  const owner = typeOfExpr(file, pkg, operand, depth + 1);
  if (!owner || owner.pkgPath !== '') return undefined;
  return structFields(pkg).get(owner.name)?.get(field);
}

interface PackageDecl {
  file: GoFile;
  /** The declaring identifier. */
  name: Node;
  node: Node;
}

interface FileDecls {
  vars: Map<string, PackageDecl>;
  funcs: Map<string, { file: GoFile; node: Node }>;
  structs: Map<string, Map<string, NamedType>>;
}

/** Top-level declarations per file, cached on the (immutable) file: package-mates are reused across analyses. */
const declsCache = new WeakMap<GoFile, FileDecls>();

function fileDecls(file: GoFile): FileDecls {
  let decls = declsCache.get(file);
  if (decls) return decls;
  decls = { vars: new Map(), funcs: new Map(), structs: new Map() };
  for (const decl of file.namedTopLevelNodes()) {
    if (decl?.type === 'var_declaration') {
      for (const spec of decl.descendantsOfType('var_spec')) {
        for (const id of spec?.childrenForFieldName('name') ?? []) if (id && spec) decls.vars.set(id.text, { file, name: id, node: spec });
      }
    } else if (decl?.type === 'function_declaration') {
      const name = decl.childForFieldName('name')?.text;
      if (name) decls.funcs.set(name, { file, node: decl });
    } else if (decl?.type === 'type_declaration') {
      for (const spec of decl.namedChildren) {
        const struct = spec?.type === 'type_spec' ? spec.childForFieldName('type') : undefined;
        const name = spec?.childForFieldName('name')?.text;
        if (struct?.type === 'struct_type' && name) decls.structs.set(name, fieldsOf(file, struct));
      }
    }
  }
  declsCache.set(file, decls);
  return decls;
}

function merged<K extends keyof FileDecls>(pkg: GoPackage, key: K): FileDecls[K] {
  return pkg.memo(`var-types:${key}`, () => {
    const out = new Map();
    for (const file of pkg.files) for (const [k, v] of fileDecls(file)[key]) out.set(k, v);
    return out as FileDecls[K];
  });
}

/** Package-level variables of every file of the package, by name. */
export function packageVars(pkg: GoPackage): Map<string, PackageDecl> {
  return merged(pkg, 'vars');
}

/** Package-level functions (not methods) of the package, by name. */
function packageFuncs(pkg: GoPackage): Map<string, { file: GoFile; node: Node }> {
  return merged(pkg, 'funcs');
}

/** Fields of the package's struct types: type name → field name → field type. */
export function structFields(pkg: GoPackage): Map<string, Map<string, NamedType>> {
  return merged(pkg, 'structs');
}

/** Go's predeclared types: a field of one tells other declarations nothing. */
const PREDECLARED = new Set(['bool', 'byte', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8', 'int16', 'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'any', 'comparable']);

/**
 * What other declarations can learn from a type declaration: the names it declares and, for
 * structs, the fields whose types are known (as fileDecls reads them). The package context
 * keeps this instead of the text, so adding a blank line or an `int` field changes nothing.
 */
export function typeDeclarationFacts(file: GoFile, decl: Node): string {
  const out: string[] = [];
  for (const spec of decl.namedChildren) {
    if (!spec || spec.type === 'comment') continue;
    const name = spec.childForFieldName('name')?.text ?? '';
    const type = spec.childForFieldName('type');
    if (spec.type === 'type_spec' && type?.type === 'struct_type' && !spec.childForFieldName('type_parameters')) {
      const fields = [...fieldsOf(file, type)]
        .filter(([, t]) => t.pkgPath || !PREDECLARED.has(t.name))
        .map(([f, t]) => `${f}:${t.pointer ? '*' : ''}${t.pkgPath}.${t.name}`);
      out.push(`struct ${name}{${fields.join(';')}}`);
    } else out.push(spec.text);
  }
  return `type ${out.join('\n')}`;
}

function fieldsOf(file: GoFile, struct: Node): Map<string, NamedType> {
  const fields = new Map<string, NamedType>();
  const list = struct.namedChildren.find((c) => c?.type === 'field_declaration_list');
  for (const field of list?.namedChildren ?? []) {
    if (field?.type !== 'field_declaration') continue;
    const typeNode = field.childForFieldName('type');
    if (!typeNode) continue;
    const t = namedTypeOf(file, typeNode);
    if (!t) continue;
    const names = field.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) {
      // Embedded field: named after its type; `*T` is written with an anonymous `*` token.
      const pointer = t.pointer || field.children.some((c) => c?.type === '*');
      fields.set(t.name, { ...t, pointer });
      continue;
    }
    for (const n of names) fields.set(n.text, t);
  }
  return fields;
}

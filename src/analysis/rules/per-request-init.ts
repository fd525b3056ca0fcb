// per-request-init: a request handler builds a long-lived, reusable resource (a connection
// pool, an SDK client, an HTTP transport, a regexp or template from constant input), so a
// reused instance rebuilds it for every request.
import { ensureImport } from '../edits';
import type { GoFile, TopLevel } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix, Range, TextEdit } from '../types';
import {
  CONSTRUCTOR_NAMES,
  MUST_WRAPPERS,
  chainedConstructorFor,
  constructorFor,
  type Constructor,
  type ResultType,
} from '../go/constructors';
import { enclosingHandler, handlerName, importPathOfName, isTestFile, packageTopNames, type NameLookup } from '../go/handlers';
import { argsOf, calleeOf, findLocalDeclaration, FUNCTION_TYPES, stringValue } from '../go/syntax';
import { packageVars } from '../go/var-types';
import { HANDLER_GATE } from '../gate';

const NAME_PATTERN = `^(${CONSTRUCTOR_NAMES.join('|')})$`;

const query = `
(call_expression function: (selector_expression field: (field_identifier) @name (#match? @name "${NAME_PATTERN}"))) @call
(composite_literal type: (qualified_type name: (type_identifier) @tname (#match? @tname "^(Client|Transport)$"))) @lit`;

/** Cheap text pre-check: a file that names no constructor cannot have a candidate. */
const MENTIONS = new RegExp(`\\.(${CONSTRUCTOR_NAMES.join('|')})\\b`);

const CHAIN_METHODS = new Set(['Funcs', 'Delims', 'Option']);

interface Candidate {
  ctor: Constructor;
  /** The call or composite literal that builds the resource. */
  node: Node;
  /** What the fix replaces: the node, or a `template.Must(…)` around it. */
  unit: Node;
  /** `regexp.MustCompile`, `sql.Open`, `&http.Client{}`: for messages. */
  label: string;
}

function candidateOf(file: GoFile, node: Node): Candidate | undefined {
  if (node.type === 'composite_literal') {
    const type = node.childForFieldName('type');
    const pkgName = type?.childForFieldName('package')?.text ?? '';
    const path = file.imports.pathOf(pkgName);
    const name = type?.childForFieldName('name')?.text ?? '';
    const ctor = path && !findLocalDeclaration(pkgName, node) ? constructorFor(path, name, true) : undefined;
    if (!ctor) return undefined;
    const unit = node.parent?.type === 'unary_expression' ? node.parent : node;
    return { ctor, node, unit, label: `${unit.id === node.id ? '' : '&'}${pkgName}.${name}{}` };
  }
  const c = calleeOf(file, node);
  if (!c) return undefined;
  let ctor: Constructor | undefined;
  let label = '';
  const guessed = c.receiver?.type === 'identifier' && !findLocalDeclaration(c.receiver.text, node) ? importPathOfName(file, c.receiver.text) : undefined;
  const pkgPath = c.pkgPath ?? guessed;
  if (pkgPath) {
    ctor = constructorFor(pkgPath, c.name, false);
    label = `${node.childForFieldName('function')?.text}`;
  } else if (c.receiver?.type === 'call_expression') {
    // template.New("x").Funcs(m).Parse(src)
    let recv: Node | undefined = c.receiver;
    while (recv?.type === 'call_expression') {
      const rc = calleeOf(file, recv);
      if (!rc) return undefined;
      if (rc.pkgPath) {
        ctor = chainedConstructorFor(rc.pkgPath, rc.name, c.name);
        label = `${recv.childForFieldName('function')?.text}(…).${c.name}`;
        break;
      }
      if (!CHAIN_METHODS.has(rc.name)) return undefined;
      recv = rc.receiver;
    }
  }
  if (!ctor) return undefined;
  const outer = node.parent?.type === 'argument_list' ? node.parent.parent : null;
  const oc = outer?.type === 'call_expression' ? calleeOf(file, outer) : undefined;
  const must = oc?.pkgPath && MUST_WRAPPERS.some((w) => w.importPath === oc.pkgPath && w.name === oc.name) && argsOf(outer!)[0]?.id === node.id;
  return { ctor, node, unit: must ? outer! : node, label };
}

/** Arguments that decide what a compile builds: all of them, minus the receiver chain. */
function compileArgsConstant(file: GoFile, pkg: GoPackage, cand: Candidate, packageOnly: boolean): boolean {
  return argsOf(cand.node).every((a) => isConstant(file, pkg, a, packageOnly));
}

/** A constant expression: literals, consts, and `+` of them (`packageOnly`: no local consts). */
function isConstant(file: GoFile, pkg: GoPackage, e: Node, packageOnly: boolean): boolean {
  if (stringValue(e) !== undefined || ['int_literal', 'float_literal', 'rune_literal', 'true', 'false'].includes(e.type)) return true;
  if (e.type === 'parenthesized_expression') return !!e.namedChild(0) && isConstant(file, pkg, e.namedChild(0)!, packageOnly);
  if (e.type === 'binary_expression') {
    const l = e.childForFieldName('left');
    const r = e.childForFieldName('right');
    return !!l && !!r && isConstant(file, pkg, l, packageOnly) && isConstant(file, pkg, r, packageOnly);
  }
  if (e.type === 'identifier') {
    const local = findLocalDeclaration(e.text, e);
    if (local) return !packageOnly && local.parent?.type === 'const_spec';
    if (packageConstNames(pkg).has(e.text)) return true;
    // A package-level embed.FS (ParseFS) is fixed at build time.
    const v = packageVars(pkg).get(e.text);
    return !!v && /\bembed\.FS$/.test(v.node.childForFieldName('type')?.text ?? '');
  }
  return false;
}

function packageConstNames(pkg: GoPackage): NameLookup {
  return packageTopNames(pkg).consts;
}

/** Every top-level name of the package (vars, consts, types, funcs; methods excluded). */
function packageNames(pkg: GoPackage): NameLookup {
  return packageTopNames(pkg).all;
}

/**
 * An expression that depends only on package state: literals, package-level names, imported
 * names, calls of imported functions and composite literals made of such parts.
 */
function isShareable(file: GoFile, pkg: GoPackage, e: Node, depth = 0): boolean {
  if (depth > 8) return false;
  const all = (nodes: (Node | null)[]) => nodes.every((n) => !n || n.type === 'comment' || isShareable(file, pkg, n, depth + 1));
  if (stringValue(e) !== undefined) return true;
  switch (e.type) {
    case 'int_literal':
    case 'float_literal':
    case 'rune_literal':
    case 'true':
    case 'false':
    case 'nil':
      return true;
    case 'identifier':
      return !findLocalDeclaration(e.text, e) && packageNames(pkg).has(e.text);
    case 'selector_expression': {
      const op = e.childForFieldName('operand');
      if (op?.type === 'identifier' && importPathOfName(file, op.text) && !findLocalDeclaration(op.text, e)) return true;
      return !!op && isShareable(file, pkg, op, depth + 1);
    }
    case 'parenthesized_expression':
    case 'unary_expression':
    case 'binary_expression':
      return all(e.namedChildren);
    case 'call_expression': {
      const c = calleeOf(file, e);
      return !!c?.pkgPath && all(argsOf(e));
    }
    case 'composite_literal': {
      const body = e.childForFieldName('body');
      return !!body && all(body.namedChildren);
    }
    case 'keyed_element': {
      // The key of a struct literal is a field name, not a value.
      const value = e.namedChild(1);
      return !!value && isShareable(file, pkg, value, depth + 1);
    }
    case 'literal_element':
    case 'literal_value':
      return all(e.namedChildren);
    default:
      return false;
  }
}

/** The identifier a unit is bound to in `x := unit` / `x, err := unit` (first result). */
function boundVar(unit: Node): { name: Node; stmt: Node; sole: boolean } | undefined {
  const list = unit.parent;
  if (list?.type !== 'expression_list') return undefined;
  const stmt = list.parent;
  if (!stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement')) return undefined;
  if (stmt.childForFieldName('right')?.id !== list.id) return undefined;
  const right = list.namedChildren.filter((n): n is Node => !!n);
  const left = (stmt.childForFieldName('left')?.namedChildren ?? []).filter((n): n is Node => !!n);
  const i = right.findIndex((n) => n.id === unit.id);
  const name = right.length === left.length ? left[i] : i === 0 ? left[0] : undefined;
  if (!name || name.type !== 'identifier' || name.text === '_') return undefined;
  return { name, stmt, sole: right.length === 1 && left.length === 1 };
}

const IDENTIFIERS = declareQuery('(identifier) @id');

/** Identifier nodes named `name` inside `scope` (one query over the scope, filtered here). */
function usesIn(scope: Node, name: string): Node[] {
  return IDENTIFIERS()
    .captures(scope)
    .map((c) => c.node)
    .filter((n) => n.text === name);
}

/** A prefix unique in the package for names a fix introduces: `handleUsers`, `serverServeHTTP`. */
function prefixOf(fn: Node): string {
  const name = fn.childForFieldName('name')?.text ?? 'handler';
  const recv = fn.type === 'method_declaration' ? fn.childForFieldName('receiver')?.text.match(/([A-Za-z_]\w*)\s*(\[.*\])?\)$/)?.[1] : undefined;
  const full = recv ? recv + name.charAt(0).toUpperCase() + name.slice(1) : name;
  return full.charAt(0).toLowerCase() + full.slice(1);
}

/** True when another file of the package mentions `name` (it may introduce it in the same fix-all). */
function mentionedElsewhere(file: GoFile, pkg: GoPackage, name: string): boolean {
  const re = new RegExp(`\\b${name}\\b`);
  return pkg.others(file).some((f) => re.test(f.text));
}

function topFunction(node: Node): Node | undefined {
  let top: Node | undefined;
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) top = n;
  return top;
}

/** Where package-level declarations go: before the first function (and its doc comment). */
const insertionPoints = new WeakMap<GoFile, Range['start'] | undefined>();

/** Before the first function (and its doc comment): where a hoisted package-level var goes. */
function insertionPoint(file: GoFile): Range['start'] | undefined {
  if (!insertionPoints.has(file)) insertionPoints.set(file, findInsertionPoint(file));
  return insertionPoints.get(file);
}

function findInsertionPoint(file: GoFile): Range['start'] | undefined {
  // Named nodes only (a `;` between declarations is a child too).
  const decls = file.topLevel.filter((t) => /^[A-Za-z_]/.test(t.type));
  const i = decls.findIndex((d) => d.type === 'function_declaration' || d.type === 'method_declaration');
  if (i < 0) return undefined;
  let start = decls[i];
  // Its doc comment: comments ending on the line just above.
  const endRow = (t: TopLevel) => t.startRow + (t.text.match(/\n/g)?.length ?? 0);
  for (let j = i - 1; j >= 0 && decls[j].type === 'comment' && endRow(decls[j]) === start.startRow - 1; j--) start = decls[j];
  return { line: start.startRow, character: 0 };
}

/** Names no other fix in this check claimed, free in the package and unused in the file. */
class Names {
  private claimed = new Set<string>();
  constructor(
    private readonly file: GoFile,
    private readonly pkg: GoPackage,
  ) {}

  /** Free for a new package-level name used in `fn`: not declared in the package nor named in `fn`. */
  isFree(name: string, fn: Node): boolean {
    return !this.claimed.has(name) && !packageNames(this.pkg).has(name) && !new RegExp(`\\b${name}\\b`).test(fn.text);
  }

  fresh(fn: Node, ...bases: string[]): string[] | undefined {
    for (let n = 1; n < 20; n++) {
      const names = bases.map((b) => (n === 1 ? b : `${b}${n}`));
      if (names.every((x) => this.isFree(x, fn))) return names;
    }
    return undefined;
  }

  /** Free for moving a local of `fn` to package level: used nowhere in the file outside `fn`. */
  isFreeOutside(name: string, fn: Node): boolean {
    const text = this.file.text;
    const from = this.file.offsetAt(this.file.rangeOf(fn).start);
    const to = this.file.offsetAt(this.file.rangeOf(fn).end);
    const re = new RegExp(`\\b${name}\\b`);
    return !this.claimed.has(name) && !packageNames(this.pkg).has(name) && !re.test(text.slice(0, from)) && !re.test(text.slice(to));
  }

  claim(...names: string[]): void {
    for (const n of names) this.claimed.add(n);
  }
}

function whole(file: GoFile, node: Node): Range {
  return file.rangeOf(node);
}

/** The range of a statement's whole line(s), when nothing but a trailing comment shares them. */
function lineRange(file: GoFile, stmt: Node): Range | undefined {
  return lineRangeWithComment(file, stmt)?.range;
}

function lineRangeWithComment(file: GoFile, stmt: Node): { range: Range; comment: string } | undefined {
  const first = file.lineText(stmt.startPosition.row);
  const rest = file.lineText(stmt.endPosition.row).slice(stmt.endPosition.column).trim();
  if (first.slice(0, stmt.startPosition.column).trim() !== '' || (rest !== '' && !/^\/\/.*$/.test(rest))) return undefined;
  return { range: { start: { line: stmt.startPosition.row, character: 0 }, end: { line: stmt.endPosition.row + 1, character: 0 } }, comment: rest };
}

/** Adds several imports; gives up when two of them would rewrite the same declaration. */
function importEdits(file: GoFile, paths: string[]): { names: Map<string, string>; edits: TextEdit[] } | undefined {
  const names = new Map<string, string>();
  const edits: TextEdit[] = [];
  for (const p of [...new Set(paths)].sort()) {
    const r = ensureImport(file, p);
    if (!r) return undefined;
    names.set(p, r.name);
    for (const e of r.edits) {
      const rewrite = e.range.start.line !== e.range.end.line || e.range.start.character !== e.range.end.character;
      if (rewrite && edits.length) return undefined;
      if (edits.some((x) => x.range.start.line !== x.range.end.line) ) return undefined;
      edits.push(e);
    }
  }
  return { names, edits };
}

/** Hoists a constant-input compile to a package-level var. */
function hoistFix(file: GoFile, pkg: GoPackage, cand: Candidate, names: Names): Fix | undefined {
  const at = insertionPoint(file);
  if (!at || !compileArgsConstant(file, pkg, cand, true)) return undefined;
  // A chained receiver (`template.New("x")`) must be constant too.
  for (let r = calleeOf(file, cand.node)?.receiver; r?.type === 'call_expression'; r = calleeOf(file, r)?.receiver) {
    if (!argsOf(r).every((a) => isConstant(file, pkg, a, true))) return undefined;
  }
  const expr = cand.unit.text;
  const bound = boundVar(cand.unit);
  const fn = topFunction(cand.unit);
  if (bound?.sole && bound.stmt.type === 'short_var_declaration' && fn) {
    // `re := regexp.MustCompile(…)` → `var re = regexp.MustCompile(…)` at package level.
    const name = bound.name.text;
    const lines = lineRangeWithComment(file, bound.stmt);
    const writes = usesIn(fn, name).filter((u) => u.id !== bound.name.id && isWritten(u));
    if (lines && name.length >= 3 && names.isFreeOutside(name, fn) && !mentionedElsewhere(file, pkg, name) && !findLocalDeclaration(name, bound.stmt) && writes.length === 0) {
      names.claim(name);
      return {
        title: `Move ${name} to a package-level var (built once)`,
        edits: [
          { range: { start: at, end: at }, newText: `var ${name} = ${expr}${lines.comment ? ' ' + lines.comment : ''}\n\n` },
          { range: lines.range, newText: '' },
        ],
      };
    }
  }
  const fresh = fn && names.fresh(fn, prefixOf(fn) + exported(cand.ctor.base));
  if (!fresh) return undefined;
  names.claim(...fresh);
  return {
    title: `Hoist to a package-level var ${fresh[0]} (built once)`,
    edits: [
      { range: { start: at, end: at }, newText: `var ${fresh[0]} = ${expr}\n\n` },
      { range: whole(file, cand.unit), newText: fresh[0] },
    ],
  };
}

function isWritten(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'inc_statement' || p.type === 'dec_statement') return true;
  if (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '&') return true;
  if (p.type === 'expression_list' && p.parent?.type === 'assignment_statement' && p.parent.childForFieldName('left')?.id === p.id) return true;
  return false;
}

const INITIALISMS: Record<string, string> = { db: 'DB', http: 'HTTP', grpc: 'GRPC', aws: 'AWS' };

function exported(base: string): string {
  const m = /^[a-z]+/.exec(base)?.[0] ?? '';
  return (INITIALISMS[m] ?? m.charAt(0).toUpperCase() + m.slice(1)) + base.slice(m.length);
}

function typeText(t: ResultType, ownName: string, importNames: Map<string, string>): string {
  if (t.pkg === 'builtin') return t.type;
  const name = t.pkg ? importNames.get(t.pkg) : ownName;
  return `${t.pointer ? '*' : ''}${name}.${t.type}`;
}

/** Replaces a client constructor by a getter that builds one shared client, once. */
function lazyFix(file: GoFile, pkg: GoPackage, cand: Candidate, names: Names): Fix | undefined {
  const { ctor } = cand;
  const at = insertionPoint(file);
  const fn = topFunction(cand.unit);
  if (!at || !fn) return undefined;
  if (cand.node.type === 'composite_literal') return compositeFix(file, pkg, cand, names, at);
  if (!ctor.results || cand.unit.id !== cand.node.id) return undefined;
  const args = argsOf(cand.node);
  const ctxArg = ctor.ctxArg;
  if (!args.every((a, i) => i === ctxArg || isShareable(file, pkg, a))) return undefined;
  // A local context variable used only here would be left unused.
  const ctxNode = ctxArg !== undefined ? args[ctxArg] : undefined;
  if (ctxNode?.type === 'identifier') {
    const decl = findLocalDeclaration(ctxNode.text, ctxNode);
    if (decl && decl.parent?.type !== 'parameter_declaration' && usesIn(fn, ctxNode.text).length <= 2) return undefined;
  }
  // The shared client must outlive the request: drop `defer x.Close()`, refuse other Closes.
  const edits: TextEdit[] = [];
  const bound = boundVar(cand.unit);
  if (bound) {
    const uses = usesIn(fn, bound.name.text).filter((u) => u.startIndex > bound.name.startIndex);
    const closes = uses.filter((u) => u.parent?.type === 'selector_expression' && u.parent.childForFieldName('field')?.text === 'Close');
    for (const c of closes) {
      const stmt = c.parent?.parent?.parent;
      const lines = stmt?.type === 'defer_statement' ? lineRange(file, stmt) : undefined;
      if (!lines) return undefined;
      edits.push({ range: lines, newText: '' });
    }
    if (closes.length && uses.length === closes.length) return undefined;
  }
  const ownPath = importPathOfName(file, cand.node.childForFieldName('function')?.childForFieldName('operand')?.text ?? '');
  const ownName = cand.node.childForFieldName('function')?.childForFieldName('operand')?.text ?? '';
  const extra = ctor.results.filter((t) => t.pkg && t.pkg !== 'builtin').map((t) => t.pkg!);
  const imports = importEdits(file, ['sync', ...(ctxArg !== undefined ? ['context'] : []), ...extra]);
  if (!ownPath || !imports) return undefined;
  // Files of a package are fixed together (CLI --fix): a getter another file may also
  // introduce gets this function's name in it.
  const ownCall = `${ownName}.${cand.node.childForFieldName('function')?.childForFieldName('field')?.text}(`;
  const base = pkg.others(file).some((f) => f.text.includes(ownCall)) ? prefixOf(fn) + exported(ctor.base) : ctor.base;
  const B = exported(base);
  const fresh = names.fresh(fn, `get${B}`, `${base}Once`, `shared${B}`, `${base}Err`);
  if (!fresh) return undefined;
  const [getter, once, value, errName] = fresh;
  const types = ctor.results.map((t) => typeText(t, ownName, imports.names));
  const withErr = types.length === 2 && types[1] === 'error';
  if (types.length !== (withErr ? 2 : 1)) return undefined;
  names.claim(getter, once, value, ...(withErr ? [errName] : []));
  const callArgs = args.map((a, i) => (i === ctxArg ? `${imports.names.get('context')}.Background()` : a.text)).join(', ');
  const call = `${cand.node.childForFieldName('function')!.text}(${callArgs})`;
  const vars: [string, string][] = [[once, `${imports.names.get('sync')}.Once`], [value, types[0]], ...(withErr ? [[errName, 'error'] as [string, string]] : [])];
  const width = Math.max(...vars.map(([n]) => n.length));
  const block = [
    'var (',
    ...vars.map(([n, t]) => `\t${n.padEnd(width)} ${t}`),
    ')',
    '',
    `// ${getter} builds the ${ctor.what} once per instance; every request shares it.`,
    `func ${getter}() ${withErr ? `(${types[0]}, error)` : types[0]} {`,
    `\t${once}.Do(func() {`,
    `\t\t${withErr ? `${value}, ${errName}` : value} = ${call}`,
    '\t})',
    `\treturn ${withErr ? `${value}, ${errName}` : value}`,
    '}',
    '',
    '',
  ].join('\n');
  return {
    title: `Share one ${ctor.what} across requests (${getter}, built once with sync.Once)`,
    edits: [...imports.edits, { range: { start: at, end: at }, newText: block }, { range: whole(file, cand.unit), newText: `${getter}()` }, ...edits],
  };
}

/** `&http.Client{Timeout: 10 * time.Second}` → a package-level var (no I/O: no Once needed). */
function compositeFix(file: GoFile, pkg: GoPackage, cand: Candidate, names: Names, at: Range['start']): Fix | undefined {
  const unit = cand.node.parent?.type === 'unary_expression' ? cand.node.parent : cand.node;
  if (!isShareable(file, pkg, cand.node)) return undefined;
  const fn = topFunction(unit);
  const bound = boundVar(unit);
  // Fields set later on the bound variable would then change the shared value.
  if (fn && bound && usesIn(fn, bound.name.text).some((u) => u.parent?.type === 'selector_expression' && u.parent.parent?.parent?.type === 'assignment_statement' && isFieldWrite(u.parent))) return undefined;
  const fresh = fn && names.fresh(fn, prefixOf(fn) + exported(cand.ctor.base));
  if (!fresh) return undefined;
  names.claim(fresh[0]);
  return {
    title: `Hoist to a package-level var ${fresh[0]} shared by every request`,
    edits: [
      { range: { start: at, end: at }, newText: `var ${fresh[0]} = ${unit.text}\n\n` },
      { range: whole(file, unit), newText: fresh[0] },
    ],
  };
}

function isFieldWrite(sel: Node): boolean {
  const list = sel.parent;
  return list?.type === 'expression_list' && list.parent?.type === 'assignment_statement' && list.parent.childForFieldName('left')?.id === list.id;
}

/** Results assigned to a package-level variable: a lazy (if racy) init, not a per-request build. */
function assignedToGlobal(unit: Node): boolean {
  const bound = boundVar(unit);
  return !!bound && bound.stmt.type === 'assignment_statement' && !findLocalDeclaration(bound.name.text, bound.stmt);
}

function message(cand: Candidate, handler: Node, fixed: boolean): string {
  const where = `handler ${handlerName(handler)}`;
  if (cand.ctor.kind === 'compile') {
    const advice = fixed ? '' : ` Declare it once in a package-level \`var\`${cand.ctor.importPath === 'regexp' ? ' with regexp.MustCompile' : ' with template.Must'}.`;
    return `${cand.label} with constant input in ${where} builds the same ${cand.ctor.what} on every request.${advice}`;
  }
  const advice = fixed
    ? ''
    : ' Create it once per instance (a package-level variable set in main/init, a field of your server struct, or a sync.Once getter) and reuse it; its arguments here depend on the request, so no automatic fix.';
  return `${cand.label} in ${where} builds a new ${cand.ctor.what} on every request: a reused instance (Cloud Run, Cloud Functions, Lambda) should share one across requests.${advice}`;
}

export const perRequestInit: GoRule = {
  id: 'per-request-init',
  kind: 'go',
  family: 'handlers',
  summary: 'A request handler builds a reusable resource (DB pool, SDK client, HTTP client, regexp, template) on every request',
  defaultSeverity: 'warning',
  query,
  gate: { ...HANDLER_GATE, fileText: [MENTIONS] },
  local: true,
  docs: `Cloud Run, Cloud Functions and Lambda keep a Go process alive and reuse it for many
requests. Whatever a handler builds, it builds again on every request: a \`*sql.DB\` opens a
new connection pool (and new connections, TLS handshakes, authentication), an SDK client
resolves credentials again, an \`http.Transport\` starts with an empty keep-alive pool, a
regexp or template is compiled again. Latency goes up and connection limits run out.
The platforms' guidance is the same: initialise clients in global scope and reuse them.

Reported inside request handlers (\`*http.Request\` parameters, \`ServeHTTP\`, funcs passed
to \`HandleFunc\`, \`functions.HTTP\`/\`CloudEvent\`, \`lambda.Start\`, gin and echo handlers,
closures returned by handler factories): \`sql.Open\`, \`sqlx.Open\`/\`Connect\`,
\`pgxpool.New\`, \`gorm.Open\`, \`redis.NewClient\`, \`grpc.Dial\`/\`DialContext\`/\`NewClient\`,
\`http.Client{}\`, \`http.Transport{}\`, Google Cloud \`NewClient\`s, AWS
\`config.LoadDefaultConfig\`, \`session.NewSession\`, \`<service>.NewFromConfig\`, and
\`regexp\`/\`template\` compiles with constant input. A regexp built from request data, or a
per-request value such as \`json.NewDecoder(r.Body)\`, is not reported.

Wrong:

\`\`\`go
func handler(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", os.Getenv("DSN"))
	if err != nil { … }
	defer db.Close()
	re := regexp.MustCompile(\`^[a-z]+$\`)
	…
}
\`\`\`

Right (the quick fixes write this):

\`\`\`go
var re = regexp.MustCompile(\`^[a-z]+$\`)

var (
	dbOnce   sync.Once
	sharedDB *sql.DB
	dbErr    error
)

func getDB() (*sql.DB, error) {
	dbOnce.Do(func() {
		sharedDB, dbErr = sql.Open("postgres", os.Getenv("DSN"))
	})
	return sharedDB, dbErr
}

func handler(w http.ResponseWriter, r *http.Request) {
	db, err := getDB()
	…
}
\`\`\`

The lazy getter is offered when the constructor's arguments depend only on package state
(constants, package-level names, environment lookups); a request context argument becomes
\`context.Background()\`, because the client outlives the request. A \`defer x.Close()\` of
the shared client is removed. Lazily initialising keeps cold starts short: the client is
built on the first request that needs it, not before the instance can serve.`,
  check(ctx: GoRuleContext) {
    const { file, pkg } = ctx;
    if (isTestFile(file)) return;
    const names = new Names(file, pkg);
    const seen = new Set<number>();
    for (const { name, node } of ctx.captures()) {
      if (name !== 'call' && name !== 'lit') continue;
      const cand = candidateOf(file, node);
      if (!cand || seen.has(cand.unit.id)) continue;
      seen.add(cand.unit.id);
      const handler = enclosingHandler(file, pkg, node);
      if (!handler || assignedToGlobal(cand.unit)) continue;
      if (cand.ctor.kind === 'compile' && !compileArgsConstant(file, pkg, cand, false)) continue;
      const fix = cand.ctor.kind === 'compile' ? (cand.ctor.results || cand.unit.id !== cand.node.id ? hoistFix(file, pkg, cand, names) : undefined) : lazyFix(file, pkg, cand, names);
      // The fix moves code to package level, outside this declaration: on the keystroke path
      // only its existence is reported, so the finding stays in the declaration cache.
      const fixes = ctx.deferFixes ? { fixesLater: !!fix } : { fixes: fix ? [fix] : [] };
      ctx.report({ at: cand.unit, message: message(cand, handler, !!fix), ...fixes });
    }
  },
};

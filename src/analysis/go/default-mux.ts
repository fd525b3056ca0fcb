// Where a package serves `http.DefaultServeMux` (the mux `net/http/pprof` and `expvar`
// register on) and on which address: package-level `http.ListenAndServe[TLS]`/`Serve[TLS]`
// with a nil handler or `http.DefaultServeMux`, and `http.Server{}` literals without a
// Handler. (servers.ts has every server start; this adds handler and address.) An address
// that cannot be resolved counts as public.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import { capturesInFile } from '../quiet-declarations';
import { HTTP_PATH, isTestFile } from './handlers';
import { argsOf, calleeOf, findLocalDeclaration, isQualifiedType, stringValue } from './syntax';
import { packageVars } from './var-types';

export interface ServeSite {
  file: GoFile;
  /** The start call, or the `http.Server{}` literal. */
  node: Node;
  /** Serves http.DefaultServeMux (a nil handler, `http.DefaultServeMux`, a Server without Handler). */
  defaultMux: boolean;
  /** Loopback-only address (localhost, 127.0.0.1, [::1]). */
  loopback: boolean;
  /** The address as written, for messages. */
  addrText: string;
  /** `http.ListenAndServe(addr, nil)`-style call whose handler argument is `handlerArg`. */
  handlerArg?: Node;
}

const START_QUERY = declareQuery(`
(call_expression function: (selector_expression field: (field_identifier) @m
  (#match? @m "^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$"))) @call
(composite_literal type: (qualified_type name: (type_identifier) @t (#eq? @t "Server"))) @lit`);

/** Package-level serve calls and http.Server literals of the package (test files excluded). */
export function serveSites(pkg: GoPackage): ServeSite[] {
  return pkg.memo('default-mux:sites', () => {
    const out: ServeSite[] = [];
    for (const file of pkg.files) {
      if (isTestFile(file) || !file.mentions('Serve')) continue;
      for (const cap of capturesInFile(file, START_QUERY.source)) {
        if (cap.name === 'call') {
          const site = startCall(file, pkg, cap.node);
          if (site) out.push(site);
        } else if (cap.name === 'lit' && isQualifiedType(file, cap.node.childForFieldName('type')!, HTTP_PATH, 'Server')) {
          out.push(serverLiteral(file, pkg, cap.node));
        }
      }
    }
    return out;
  });
}

function startCall(file: GoFile, pkg: GoPackage, call: Node): ServeSite | undefined {
  const c = calleeOf(file, call);
  if (!c) return undefined;
  const args = argsOf(call);
  if (c.pkgPath === HTTP_PATH) {
    const handlerIndex = { ListenAndServe: 1, ListenAndServeTLS: 3, Serve: 1, ServeTLS: 1 }[c.name];
    if (handlerIndex === undefined) return undefined;
    const handler = args[handlerIndex];
    const addrNode = c.name.startsWith('Listen') ? args[0] : listenerAddr(file, pkg, args[0]);
    return { file, node: call, defaultMux: !handler || isDefaultMux(file, handler), handlerArg: handler, ...exposure(file, pkg, addrNode) };
  }
  return undefined;
}

function serverLiteral(file: GoFile, pkg: GoPackage, lit: Node): ServeSite {
  const fields = new Map<string, Node>();
  for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const key = el.namedChild(0)?.text;
    const value = el.namedChild(1)?.namedChild(0) ?? el.namedChild(1);
    if (key && value) fields.set(key, value);
  }
  const handler = fields.get('Handler');
  let defaultMux = !handler || isDefaultMux(file, handler);
  // `srv.Handler = mux` later in the same function replaces the default.
  const bound = boundName(lit);
  const fn = enclosingBody(lit);
  if (defaultMux && bound && fn && new RegExp(`\\b${bound}\\.Handler\\s*=[^=]`).test(fn.text)) defaultMux = false;
  return { file, node: lit, defaultMux, ...exposure(file, pkg, fields.get('Addr'), ':http') };
}

function boundName(lit: Node): string | undefined {
  let e: Node | null = lit.parent?.type === 'unary_expression' ? lit.parent : lit;
  const list = e?.parent;
  if (list?.type !== 'expression_list') return undefined;
  const decl = list.parent;
  if (!decl || !['short_var_declaration', 'assignment_statement'].includes(decl.type)) return undefined;
  const idx = list.namedChildren.findIndex((n) => n?.id === e!.id);
  e = decl.childForFieldName('left')?.namedChild(idx) ?? null;
  return e?.type === 'identifier' ? e.text : undefined;
}

function enclosingBody(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'block' && (n.parent?.type === 'function_declaration' || n.parent?.type === 'method_declaration' || n.parent?.type === 'func_literal')) return n;
  return null;
}

function isDefaultMux(file: GoFile, handler: Node): boolean {
  if (handler.type === 'nil') return true;
  if (handler.type !== 'selector_expression') return false;
  const op = handler.childForFieldName('operand');
  return handler.childForFieldName('field')?.text === 'DefaultServeMux' && op?.type === 'identifier' && file.imports.pathOf(op.text) === HTTP_PATH;
}

/** `ln, err := net.Listen("tcp", addr)` → addr, for `http.Serve(ln, nil)`. */
function listenerAddr(file: GoFile, pkg: GoPackage, listener: Node | undefined): Node | undefined {
  if (listener?.type !== 'identifier') return undefined;
  const init = initializerOf(file, pkg, listener);
  if (!init || init.expr.type !== 'call_expression') return undefined;
  const c = calleeOf(init.file, init.expr);
  return c?.pkgPath === 'net' && c.name === 'Listen' ? argsOf(init.expr)[1] : undefined;
}

/** The expression an identifier was declared with (`x := e`, `var x = e`, package vars and consts). */
export function initializerOf(file: GoFile, pkg: GoPackage, id: Node): { file: GoFile; expr: Node } | undefined {
  const decl = findLocalDeclaration(id.text, id);
  if (decl) {
    const e = valueOfDeclared(decl);
    return e ? { file, expr: e } : undefined;
  }
  const global = packageVars(pkg).get(id.text) ?? packageConsts(pkg).get(id.text);
  const e = global ? valueOfDeclared(global.name) : undefined;
  return global && e ? { file: global.file, expr: e } : undefined;
}

function valueOfDeclared(nameNode: Node): Node | undefined {
  const parent = nameNode.parent;
  if (!parent) return undefined;
  if (parent.type === 'var_spec' || parent.type === 'const_spec') {
    const names = parent.childrenForFieldName('name').filter((n): n is Node => !!n);
    const values = parent.childForFieldName('value')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    return values.length === names.length ? values[names.findIndex((n) => n.id === nameNode.id)] : undefined;
  }
  if (parent.type === 'expression_list' && parent.parent?.type === 'short_var_declaration') {
    const names = parent.namedChildren.filter((n): n is Node => !!n);
    const values = parent.parent.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const i = names.findIndex((n) => n.id === nameNode.id);
    if (values.length === names.length) return values[i];
    if (values.length === 1 && i === 0) return values[0];
  }
  return undefined;
}

function packageConsts(pkg: GoPackage): Map<string, { file: GoFile; name: Node }> {
  return pkg.memo('default-mux:consts', () => {
    const out = new Map<string, { file: GoFile; name: Node }>();
    for (const file of pkg.files) {
      for (const decl of file.namedTopLevelNodes()) {
        if (decl.type !== 'const_declaration') continue;
        for (const spec of decl.namedChildren) {
          if (spec?.type !== 'const_spec') continue;
          for (const id of spec.childrenForFieldName('name')) if (id) out.set(id.text, { file, name: id });
        }
      }
    }
    return out;
  });
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Whether an address expression is loopback-only; unresolved means public. */
function exposure(file: GoFile, pkg: GoPackage, addr: Node | undefined, absent = '(unknown address)'): { loopback: boolean; addrText: string } {
  if (!addr) return { loopback: false, addrText: absent };
  const host = hostOf(file, pkg, addr, 0);
  return { loopback: host !== undefined && LOOPBACK.test(host), addrText: addr.text };
}

/** The host part of an address expression, when it can be read from the code. */
function hostOf(file: GoFile, pkg: GoPackage, e: Node, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const s = stringValue(e);
  if (s !== undefined) {
    const colon = s.lastIndexOf(':');
    return colon < 0 ? s : s.slice(0, colon);
  }
  switch (e.type) {
    case 'parenthesized_expression':
      return e.namedChild(0) ? hostOf(file, pkg, e.namedChild(0)!, depth + 1) : undefined;
    case 'identifier': {
      const init = initializerOf(file, pkg, e);
      return init ? hostOf(init.file, pkg, init.expr, depth + 1) : undefined;
    }
    case 'unary_expression': {
      // *addr where `var addr = flag.String("addr", "localhost:6060", …)`
      const op = e.childForFieldName('operand');
      if (e.childForFieldName('operator')?.text !== '*' || op?.type !== 'identifier') return undefined;
      const init = initializerOf(file, pkg, op);
      if (init?.expr.type !== 'call_expression') return undefined;
      const c = calleeOf(init.file, init.expr);
      const def = argsOf(init.expr)[1];
      return c?.pkgPath === 'flag' && c.name === 'String' && def ? hostOf(init.file, pkg, def, depth + 1) : undefined;
    }
    case 'binary_expression': {
      // "localhost:" + port
      const left = e.childForFieldName('left');
      const lit = left ? stringValue(left) : undefined;
      if (lit !== undefined && lit.includes(':')) return lit.slice(0, lit.lastIndexOf(':'));
      return undefined;
    }
    case 'call_expression': {
      const c = calleeOf(file, e);
      const args = argsOf(e);
      if (c?.pkgPath === 'net' && c.name === 'JoinHostPort' && args[0]) return plainHost(file, pkg, args[0], depth);
      if (c?.pkgPath === 'fmt' && c.name === 'Sprintf' && args[0]) {
        const f = stringValue(args[0]);
        const m = f === undefined ? null : /^([^%]*):%/.exec(f);
        return m ? m[1] : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function plainHost(file: GoFile, pkg: GoPackage, e: Node, depth: number): string | undefined {
  const s = stringValue(e);
  if (s !== undefined) return s;
  if (e.type === 'identifier') {
    const init = initializerOf(file, pkg, e);
    return init ? plainHost(init.file, pkg, init.expr, depth + 1) : undefined;
  }
  return undefined;
}

/** True when the package's `init`/`main` serves the default mux on a public address. */
export function publicDefaultMuxSites(pkg: GoPackage): ServeSite[] {
  return serveSites(pkg).filter((s) => s.defaultMux && !s.loopback);
}

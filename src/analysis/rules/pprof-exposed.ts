// pprof-exposed: `net/http/pprof` registers /debug/pprof/ on http.DefaultServeMux, and the
// package serves that mux on an address that is not loopback: anyone who reaches the
// service can download heap dumps and goroutine stacks and run CPU profiles.
import * as path from 'node:path';
import { ensureImport } from '../edits';
import { NON_CODE_TOP_LEVEL, type GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { publicDefaultMuxSites, type ServeSite } from '../go/default-mux';
import { HTTP_PATH, isTestFile } from '../go/handlers';
import { calleeOf } from '../go/syntax';

const PPROF = 'net/http/pprof';

const query = `(import_spec path: (interpreted_string_literal) @path (#eq? @path "\\"${PPROF}\\"")) @spec`;

const REGISTRATION_QUERY = declareQuery(`(call_expression function: (selector_expression operand: (identifier) field: (field_identifier) @f
  (#match? @f "^(Handle|HandleFunc)$"))) @reg`);

/** Offsets, from the declaration's start, of its `http.Handle`/`http.HandleFunc` calls. */
function registrationOffsets(file: GoFile, decl: Node): readonly number[] {
  return REGISTRATION_QUERY()
    .captures(decl)
    .filter((c) => c.name === 'reg' && calleeOf(file, c.node)?.pkgPath === HTTP_PATH)
    .map((c) => c.node.startIndex - decl.startIndex);
}

const NONE: readonly number[] = [];

/**
 * Where the package registers on the default mux: the start offsets of each file's
 * `http.Handle`/`http.HandleFunc` calls. A per-entry fact, so a keystroke queries only the
 * declaration it changed (this runs on every version of a file that imports net/http/pprof).
 */
function defaultMuxRegistrations(pkg: GoPackage): { file: GoFile; offsets: number[] }[] {
  return pkg.memo('pprof-exposed:registrations', () =>
    pkg.files
      .filter((f) => !isTestFile(f) && f.mentions('Handle'))
      .map((file) => {
        const perEntry = file.perEntry(`pprof-exposed:registrations\n${file.importsKey}`, (top) =>
          NON_CODE_TOP_LEVEL.has(top.type) || !top.text.includes('Handle') ? NONE : registrationOffsets(file, top.node),
        );
        return { file, offsets: file.topLevel.flatMap((top, i) => perEntry[i].map((o) => top.startIndex + o)) };
      }),
  );
}

/** The statement of a function body that holds `node` (its direct child of the body's list). */
function bodyStatement(node: Node, body: Node): Node | undefined {
  let n: Node | null = node;
  while (n && n.parent && n.parent.id !== body.id) n = n.parent;
  return n && n.parent?.id === body.id ? n : undefined;
}

function statementListOf(fn: Node): Node | undefined {
  const block = fn.childForFieldName('body');
  return block?.namedChildren.find((c) => c?.type === 'statement_list') ?? undefined;
}

function enclosingFn(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal') return n;
  return undefined;
}

/**
 * The mechanical case: one public `http.ListenAndServe[TLS](addr, nil)` in this file, every
 * default-mux registration of the package in the same function body before it. Then: a
 * `mux := http.NewServeMux()` takes the registrations and the public address, and the
 * default mux (pprof) moves to localhost:6060 in a goroutine.
 */
function ownMuxFix(file: GoFile, pkg: GoPackage, sites: ServeSite[]): Fix | undefined {
  if (sites.length !== 1) return undefined;
  const [site] = sites;
  const c = site.node.type === 'call_expression' ? calleeOf(file, site.node) : undefined;
  if (site.file !== file || !c || !c.name.startsWith('ListenAndServe') || !site.handlerArg) return undefined;
  const fn = enclosingFn(site.node);
  const list = fn && statementListOf(fn);
  const serveStmt = list && bodyStatement(site.node, list);
  if (!fn || !list || !serveStmt) return undefined;
  // Every registration of the package is in this function's body, before the serve statement.
  const regs = defaultMuxRegistrations(pkg);
  const own = regs.find((r) => r.file === file)?.offsets ?? [];
  if (own.length === 0 || regs.some((r) => r.file !== file && r.offsets.length > 0)) return undefined;
  if (own.some((at) => at < list.startIndex || at > serveStmt.startIndex)) return undefined;
  const calls = REGISTRATION_QUERY()
    .captures(list)
    .filter((c) => c.name === 'reg' && own.includes(c.node.startIndex))
    .map((c) => c.node);
  // The same query over the same body finds exactly these, unless the facts went stale: no fix then.
  if (calls.length !== own.length) return undefined;
  const regStmts: Node[] = [];
  for (const call of calls) {
    const stmt = bodyStatement(call, list);
    if (!stmt || stmt.type !== 'expression_statement' || stmt.namedChild(0)?.id !== call.id) return undefined;
    regStmts.push(stmt);
  }
  // The default mux must not be named anywhere else (handlers passed it around, tests…).
  const mentions = pkg.files.reduce((n, f) => n + (f.mentions('DefaultServeMux') ? (f.text.match(/\bDefaultServeMux\b/g)?.length ?? 0) : 0), 0);
  if (mentions > (site.handlerArg.text.includes('DefaultServeMux') ? 1 : 0)) return undefined;
  const name = ['mux', 'appMux', 'apiMux'].find((n) => !new RegExp(`\\b${n}\\b`).test(fn.text) && !pkg.files.some((f) => f.mentions(n) && new RegExp(`^(var|const|func) ${n}\\b`, 'm').test(f.text)));
  const log = ensureImport(file, 'log');
  const http = file.imports.namesFor(HTTP_PATH)[0];
  if (!name || !log || !http) return undefined;
  const first = regStmts.reduce((a, b) => (a.startIndex < b.startIndex ? a : b));
  const indent = file.indentOf(first.startPosition.row);
  const serveIndent = file.indentOf(serveStmt.startPosition.row);
  const at = (n: Node) => file.rangeOf(n).start;
  const edits: TextEdit[] = [
    ...log.edits,
    { range: { start: at(first), end: at(first) }, newText: `${name} := ${http}.NewServeMux()\n${indent}` },
    ...calls.map((call) => ({ range: file.rangeOf(call.childForFieldName('function')!.childForFieldName('operand')!), newText: name })),
    { range: file.rangeOf(site.handlerArg), newText: name },
    {
      range: { start: at(serveStmt), end: at(serveStmt) },
      newText: `go func() {\n${serveIndent}\t${log.name}.Println(${http}.ListenAndServe("localhost:6060", nil))\n${serveIndent}}()\n${serveIndent}`,
    },
  ];
  return { title: 'Serve the application on its own ServeMux and pprof only on localhost:6060', edits };
}

export const pprofExposed: GoRule = {
  id: 'pprof-exposed',
  kind: 'go',
  family: 'observability',
  summary: 'net/http/pprof is registered on the default mux, which is served on a public address',
  defaultSeverity: 'warning',
  query,
  gate: { nonTestFiles: true, fileImports: [PPROF] },
  docs: `Importing \`net/http/pprof\` registers \`/debug/pprof/\` on \`http.DefaultServeMux\`. A
service that also serves the default mux — \`http.ListenAndServe(":8080", nil)\`, an
\`http.Server\` without a \`Handler\` — hands every visitor heap dumps (secrets in memory),
goroutine stacks, the command line, and CPU profiles that cost the instance CPU while they
run: a data leak and a denial-of-service lever. On Cloud Run, Lambda function URLs or a
Kubernetes Service of type LoadBalancer, that address is the internet. Profile in
production, yes — but never on the public port.

Reported on the import when the package serves the default mux on an address that is not
loopback (\`:8080\`, \`0.0.0.0:…\`, an address read from the environment counts as public).
Serving the default mux only on \`localhost\`/\`127.0.0.1\`/\`[::1]\` while the application
uses its own mux is the good pattern.

Wrong:

\`\`\`go
import _ "net/http/pprof"

func main() {
	http.HandleFunc("/", home)
	log.Fatal(http.ListenAndServe(":8080", nil)) // pprof is public
}
\`\`\`

Right (the quick fix writes this when the shape is this simple):

\`\`\`go
import _ "net/http/pprof"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", home)
	go func() {
		log.Println(http.ListenAndServe("localhost:6060", nil)) // pprof, reachable via port-forward
	}()
	log.Fatal(http.ListenAndServe(":8080", mux))
}
\`\`\`

Reach the profiles with \`kubectl port-forward\` or an authenticated admin listener, or
push them to a continuous profiler instead.`,
  check(ctx: GoRuleContext) {
    const { file, pkg } = ctx;
    if (isTestFile(file)) return;
    const spec = ctx.captures().find((c) => c.name === 'spec')?.node;
    if (!spec) return;
    const sites = publicDefaultMuxSites(pkg);
    if (sites.length === 0) return;
    const s = sites[0];
    const where = `${s.file === file ? '' : path.basename(s.file.path) + ':'}line ${s.node.startPosition.row + 1}`;
    const addr = s.addrText;
    const fix = ownMuxFix(file, pkg, sites);
    ctx.report({
      at: spec,
      message:
        `net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which this package serves on ${addr} (${where}): anyone who reaches the service can read heap dumps and goroutine stacks and run CPU profiles.` +
        (fix ? '' : ' Serve the application on its own http.NewServeMux() and the default mux only on localhost:6060.'),
      fixes: fix ? [fix] : [],
    });
  },
};

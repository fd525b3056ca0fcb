// heavy-init: blocking work (network round trips, sleeps, subprocesses) in `init()` or a
// package-level variable initializer. Every cold start waits for it, and a failure there
// kills the instance before it can serve or report anything.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import type { Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import { initializerOf } from '../go/default-mux';
import { importPathOfName, isTestFile } from '../go/handlers';
import { argsOf, calleeOf, findLocalDeclaration } from '../go/syntax';
import { isNamed, typeOfExpr } from '../go/var-types';

const query = `(call_expression function: (selector_expression field: (field_identifier) @m
  (#match? @m "^(Get|Head|Post|PostForm|Do|Dial|DialTimeout|DialContext|Ping|PingContext|Sleep|Run|Output|CombinedOutput|Connect|MustConnect)$"))) @call`;

/** Text gates: a candidate call by name, and an init() or a var declaration to hold it. */
const BLOCKING_CALL_TEXT = /\.\s*(Get|Head|Post|PostForm|Do|Dial|DialTimeout|DialContext|Ping|PingContext|Sleep|Run|Output|CombinedOutput|Connect|MustConnect)\s*\(/;
const INIT_TIME_TEXT = /^\s*(func\s+init\b|var\b)/m;

const HTTP_CLIENT_METHODS = ['Get', 'Head', 'Post', 'PostForm', 'Do'];

/** Package-level functions that block: import path → names → what they do. */
const BLOCKING_FUNCS: Record<string, Record<string, string>> = {
  'net/http': { Get: 'an HTTP request', Head: 'an HTTP request', Post: 'an HTTP request', PostForm: 'an HTTP request' },
  net: { Dial: 'a network dial', DialTimeout: 'a network dial' },
  time: { Sleep: 'a sleep' },
  'github.com/jmoiron/sqlx': { Connect: 'a database connection and ping', MustConnect: 'a database connection and ping' },
  'github.com/jackc/pgx/v5': { Connect: 'a database connection' },
  'github.com/jackc/pgx/v4': { Connect: 'a database connection' },
  'github.com/jackc/pgx/v4/pgxpool': { Connect: 'a database connection' },
};

/** 'init' or 'var' when `node` runs while the package initialises (not in a goroutine). */
function initTime(node: Node): 'init()' | 'a package-level variable initializer' | undefined {
  for (let n = node.parent; n; n = n.parent) {
    switch (n.type) {
      case 'go_statement':
        return undefined;
      case 'func_literal':
        // Only an immediately invoked literal runs now: `var x = func() T { … }()`.
        if (n.parent?.type === 'call_expression' && n.parent.childForFieldName('function')?.id === n.id) continue;
        return undefined;
      case 'method_declaration':
        return undefined;
      case 'function_declaration':
        return n.childForFieldName('name')?.text === 'init' && !n.childForFieldName('type_parameters') && n.parent?.type === 'source_file' ? 'init()' : undefined;
      case 'var_declaration':
        if (n.parent?.type === 'source_file') return 'a package-level variable initializer';
        break;
    }
  }
  return undefined;
}

/** What blocking thing a call does, or undefined when it is not one we know. */
function blockingKind(file: GoFile, pkg: GoPackage, call: Node): string | undefined {
  const c = calleeOf(file, call);
  if (!c) return undefined;
  const guessed = !c.pkgPath && c.receiver?.type === 'identifier' && !findLocalDeclaration(c.receiver.text, call) ? importPathOfName(file, c.receiver.text) : undefined;
  const pkgPath = c.pkgPath ?? guessed;
  if (pkgPath) {
    const kind = BLOCKING_FUNCS[pkgPath]?.[c.name];
    if (kind) return kind;
    if (pkgPath === 'google.golang.org/grpc' && (c.name === 'Dial' || c.name === 'DialContext') && argsOf(call).some((a) => isGrpcWithBlock(file, a))) {
      return 'a blocking gRPC dial (WithBlock)';
    }
    return undefined;
  }
  const recv = c.receiver;
  if (!recv) return undefined;
  if (c.name === 'Ping' || c.name === 'PingContext') return 'a database or cache ping';
  if (HTTP_CLIENT_METHODS.includes(c.name)) {
    if (isDefaultClient(file, recv)) return 'an HTTP request';
    return isTypedAs(file, pkg, recv, 'net/http', 'Client') ? 'an HTTP request' : undefined;
  }
  if (c.name === 'Dial' || c.name === 'DialContext') return isTypedAs(file, pkg, recv, 'net', 'Dialer') ? 'a network dial' : undefined;
  if (c.name === 'Run' || c.name === 'Output' || c.name === 'CombinedOutput') {
    return isTypedAs(file, pkg, recv, 'os/exec', 'Cmd') ? 'a subprocess' : undefined;
  }
  return undefined;
}

/**
 * The receiver is declared as `importPath.name`. No file of the package importing the path
 * means no such declaration, and the package-mates need not be parsed to find out.
 */
function isTypedAs(file: GoFile, pkg: GoPackage, recv: Node, importPath: string, name: string): boolean {
  if (!pkg.gateFiles.some((f) => f.importPaths.has(importPath))) return false;
  return isNamed(typeOf(file, pkg, recv), importPath, name);
}

/** typeOfExpr, plus identifiers whose declaration assigns a typed expression. */
function typeOf(file: GoFile, pkg: GoPackage, e: Node) {
  const t = typeOfExpr(file, pkg, e);
  if (t || e.type !== 'identifier') return t;
  const init = initializerOf(file, pkg, e);
  return init ? typeOfExpr(init.file, pkg, init.expr) : undefined;
}

function isDefaultClient(file: GoFile, recv: Node): boolean {
  const op = recv.type === 'selector_expression' ? recv.childForFieldName('operand') : null;
  return recv.childForFieldName('field')?.text === 'DefaultClient' && op?.type === 'identifier' && file.imports.pathOf(op.text) === 'net/http';
}

function isGrpcWithBlock(file: GoFile, arg: Node): boolean {
  if (arg.type !== 'call_expression') return false;
  const c = calleeOf(file, arg);
  return c?.pkgPath === 'google.golang.org/grpc' && c.name === 'WithBlock';
}

export const heavyInit: GoRule = {
  id: 'heavy-init',
  kind: 'go',
  family: 'handlers',
  summary: 'Blocking I/O or sleeps in init() or package-level initializers: every cold start pays for them',
  defaultSeverity: 'warning',
  query,
  gate: { nonTestFiles: true, fileText: [BLOCKING_CALL_TEXT, INIT_TIME_TEXT] },
  local: true,
  docs: `Cloud Run, Cloud Functions and Lambda start instances on demand: a request may wait
for a cold start. Everything in \`init()\` and in package-level variable initializers runs
before \`main\`, before the server listens, on every cold start. A network round trip, a
database ping, a \`time.Sleep\` or a subprocess there adds directly to cold-start latency
(and Cloud Run's startup probe or Lambda's init timeout may kill the instance). Worse, a
failure there — the database is briefly unreachable — crashes the process before it can
log usefully or serve a health check, and the platform restarts it in a loop.

Reported in \`init()\` and package-level initializers (including immediately invoked function
literals, not goroutines): \`http.Get\`/\`Head\`/\`Post\`/\`PostForm\`, \`Get\`/\`Do\`… on
\`http.DefaultClient\` or an \`*http.Client\`, \`net.Dial\`/\`DialTimeout\`, a \`net.Dialer\`'s
\`Dial\`, \`Ping\`/\`PingContext\`, \`time.Sleep\`, \`Run\`/\`Output\`/\`CombinedOutput\` of an
\`exec.Command\`, \`sqlx.Connect\`, \`pgx.Connect\`, and \`grpc.Dial\` with \`grpc.WithBlock()\`.
Constructors that do no I/O — \`sql.Open\`, \`redis.NewClient\`, Google Cloud and AWS SDK
clients — are what the platforms recommend creating at init, and are not reported.

Wrong:

\`\`\`go
var db *sql.DB

func init() {
	db, _ = sql.Open("pgx", os.Getenv("DSN"))
	if err := db.Ping(); err != nil { // a round trip on every cold start
		log.Fatal(err)                // and a crash loop when the DB blips
	}
}
\`\`\`

Right:

\`\`\`go
var db *sql.DB

func init() {
	db, _ = sql.Open("pgx", os.Getenv("DSN")) // no I/O: connections open on first use
}

func readyz(w http.ResponseWriter, r *http.Request) {
	if err := db.PingContext(r.Context()); err != nil { // checked where it can be reported
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	}
}
\`\`\`

Move blocking work to first use (lazily, with a context deadline), into \`main\` after
logging is set up, or into a readiness check. No automatic fix.`,
  check(ctx: GoRuleContext) {
    const { file, pkg } = ctx;
    if (isTestFile(file)) return;
    for (const { name, node } of ctx.captures()) {
      if (name !== 'call') continue;
      const where = initTime(node);
      if (!where) continue;
      const kind = blockingKind(file, pkg, node);
      if (!kind) continue;
      const fn = node.childForFieldName('function');
      const callee = fn && fn.text.length <= 40 ? fn.text : `…${fn?.childForFieldName('field')?.text ?? 'call'}`;
      ctx.report({
        at: node,
        message: `${callee} in ${where} is ${kind} on every cold start, and a failure here crashes the instance before it can serve or report. Do it on first use (with a deadline), in main, or in a readiness check.`,
      });
    }
  },
};

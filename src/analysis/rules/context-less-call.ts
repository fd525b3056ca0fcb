// context-less-call: a call that has a context-aware variant, where an incoming context is in scope.
import type { GoFile } from '../go-file';
import { incomingContextAt, type IncomingContext } from '../go/incoming-context';
import { argsOf, calleeOf, findLocalDeclaration, type Callee } from '../go/syntax';
import { isNamed, typeOfExpr } from '../go/var-types';
import type { GoPackage } from '../package';
import type { Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { INCOMING_CONTEXT_PATHS, MAY_HAVE_INCOMING_CONTEXT } from '../gate';

const NAMES = 'NewRequest|Get|Head|Post|PostForm|Query|QueryRow|Exec|Prepare|Begin|Ping|Command|Dial';
const CANDIDATE_TEXT = new RegExp(`\\.(${NAMES})\\s*\\(`);

const QUERY = `(call_expression
  function: (selector_expression field: (field_identifier) @name
    (#match? @name "^(${NAMES})$"))
  arguments: (argument_list)) @call`;

/** What a candidate call is and how its context-aware variant is spelled. */
interface Variant {
  /** How the finding names the call, e.g. `http.NewRequest`, `db.Query`. */
  call: string;
  /** Markdown advice after "use", given the context expression. */
  advice: (ctx: string) => string;
  /** Short name of the variant for the fix title, e.g. `db.QueryContext`. */
  title?: string;
  /** Edits turning the call into the variant; undefined when no mechanical rewrite exists. */
  rewrite?: (ctx: string) => TextEdit[];
}

const SQL_METHODS: Record<string, readonly string[]> = {
  DB: ['Query', 'QueryRow', 'Exec', 'Prepare', 'Begin', 'Ping'],
  Tx: ['Query', 'QueryRow', 'Exec', 'Prepare'],
  Stmt: ['Query', 'QueryRow', 'Exec'],
};
const HTTP_CLIENT_METHODS = ['Get', 'Head', 'Post', 'PostForm'];

const DOCS = `Finds calls that have a context-aware variant, made where an incoming context is in scope
(a \`context.Context\` parameter, an HTTP handler's \`*http.Request\`, a gin or echo handler):

| call | variant |
|---|---|
| \`http.NewRequest(m, url, body)\` | \`http.NewRequestWithContext(ctx, m, url, body)\` |
| \`http.Get\`/\`Head\`/\`Post\`/\`PostForm\`, also on \`http.DefaultClient\` or an \`*http.Client\` | \`http.NewRequestWithContext\` + \`client.Do(req)\` |
| \`Query\`/\`QueryRow\`/\`Exec\`/\`Prepare\`/\`Ping\` on \`*sql.DB\`, \`*sql.Tx\`, \`*sql.Stmt\` | \`QueryContext(ctx, …)\`, \`QueryRowContext\`, \`ExecContext\`, \`PrepareContext\`, \`PingContext\` |
| \`db.Begin()\` | \`db.BeginTx(ctx, nil)\` |
| \`exec.Command(name, args…)\` | \`exec.CommandContext(ctx, name, args…)\` |
| \`net.Dial(network, address)\` | \`(&net.Dialer{}).DialContext(ctx, network, address)\` |

Database methods are reported only on receivers known to be \`database/sql\` values: declared
as such (variables, parameters, struct fields like \`s.db\`) or built by \`sql.Open\`,
\`db.Begin\`, \`db.Prepare\`, … A \`Query\` method of any other type is left alone.

## Why it matters

On Cloud Run, Lambda and Kubernetes a request's context carries its deadline and its
cancellation (client gone, platform timeout, instance shutting down) and its trace values.
A call without a context cannot be cancelled: a slow query or upstream keeps running, holding
a connection and the instance, long after the caller gave up, and it is missing from the trace.

\`\`\`go
// wrong
func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.Query("SELECT id FROM orders WHERE user_id = $1", userID(r))
	// ...
}

// right
func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(r.Context(), "SELECT id FROM orders WHERE user_id = $1", userID(r))
	// ...
}
\`\`\`

The quick fix rewrites the call where the rewrite is mechanical. \`http.Get\` and friends
have no one-expression equivalent, so they are reported without a fix:

\`\`\`go
req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
if err != nil {
	return err
}
resp, err := http.DefaultClient.Do(req)
\`\`\`

Calls inside goroutines, deferred calls and stored or returned function literals are not
reported: there the incoming context may already be cancelled, and the right context is a
deliberate choice. Neither are calls after the code waited for the context (\`<-ctx.Done()\`)
or on the branch where it is nil (\`if ctx == nil {…}\`).

## Suppressing

Add \`//nolint:context-less-call\` at the end of the line or on the line above.`;

export const contextLessCall: GoRule = {
  kind: 'go',
  id: 'context-less-call',
  family: 'context',
  summary: 'a call with a context-aware variant (http.NewRequest, http.Get, sql Query/Exec, exec.Command, net.Dial) where a context is in scope',
  docs: DOCS,
  defaultSeverity: 'warning',
  query: QUERY,
  gate: { fileImports: INCOMING_CONTEXT_PATHS, fileText: [CANDIDATE_TEXT, MAY_HAVE_INCOMING_CONTEXT] },
  local: true,
  check(ctx) {
    for (const m of ctx.matches()) {
      const call = m.captures.find((c) => c.name === 'call')?.node;
      const callee = call && calleeOf(ctx.file, call);
      if (!call || !callee) continue;
      const variant = variantOf(ctx.file, ctx.pkg, call, callee);
      if (!variant) continue;
      const incoming = incomingContextAt(ctx.file, ctx.pkg, call);
      if (!incoming || incoming.detached || incoming.afterDone || incoming.nilBranch) continue;
      report(ctx, call, variant, incoming);
    }
  },
};

function report(ctx: GoRuleContext, call: Node, variant: Variant, incoming: IncomingContext): void {
  const expr = incoming.expr;
  const whose = incoming.source === 'context' ? "the incoming context's" : "the request's";
  let message = `\`${variant.call}\` cannot be cancelled: use ${variant.advice(expr ?? 'ctx')} so ${whose} cancellation, deadline and trace reach it.`;
  if (!expr) message += ` No automatic fix: ${incoming.unnamable}.`;
  else if (!variant.rewrite) message += ' No automatic fix: the rewrite takes more than one expression.';
  const fixes: Fix[] =
    expr && variant.rewrite ? [{ title: `Use ${variant.title}`, edits: [...incoming.setup, ...variant.rewrite(expr)] }] : [];
  ctx.report({ at: call, message, fixes });
}

function variantOf(file: GoFile, pkg: GoPackage, call: Node, callee: Callee): Variant | undefined {
  const fnNode = call.childForFieldName('function')!;
  const operand = fnNode.childForFieldName('operand')!.text;
  const written = fnNode.text;
  const args = argsOf(call);
  const open = file.rangeOf(call.childForFieldName('arguments')!).start;
  const afterParen = { line: open.line, character: open.character + 1 };
  const rest = args.length ? ', …' : '';
  /** Puts ctx (and any extra arguments) first; on a line of its own when the arguments start on a new line. */
  const prepend = (ctx: string, extra: string[] = []): TextEdit => {
    const items = [ctx, ...extra].join(', ');
    const first = args[0];
    if (first && first.startPosition.row !== open.line) {
      const at = file.rangeOf(first).start;
      return { range: { start: at, end: at }, newText: `${items},\n${file.indentOf(at.line)}` };
    }
    return { range: { start: afterParen, end: afterParen }, newText: items + (args.length ? ', ' : '') };
  };
  /** `x.M(args)` → `x.<newName>(ctx, [extra…,] args)`. */
  const renamed = (newName: string, extra: string[] = []): Variant => ({
    call: written,
    title: `${operand}.${newName}`,
    advice: (ctx) => `\`${operand}.${newName}(${[ctx, ...extra].join(', ')}${rest})\``,
    rewrite: (ctx) => [{ range: file.rangeOf(callee.nameNode), newText: newName }, prepend(ctx, extra)],
  });

  if (callee.pkgPath === 'net/http') {
    if (callee.name === 'NewRequest') return renamed('NewRequestWithContext');
    if (HTTP_CLIENT_METHODS.includes(callee.name)) return httpClientVariant(written, operand, `${operand}.DefaultClient`, callee.name);
    return undefined;
  }
  if (callee.pkgPath === 'os/exec') return callee.name === 'Command' ? renamed('CommandContext') : undefined;
  if (callee.pkgPath === 'net') {
    if (callee.name !== 'Dial') return undefined;
    const dialer = `(&${operand}.Dialer{}).DialContext`;
    return {
      call: written,
      title: dialer,
      advice: (ctx) => `\`${dialer}(${ctx}${rest})\``,
      rewrite: (ctx) => [{ range: file.rangeOf(fnNode), newText: dialer }, prepend(ctx)],
    };
  }
  if (callee.pkgPath || !callee.receiver) return undefined;

  // Methods: `http.DefaultClient.Get`, `client.Get`, `db.Query`, `tx.Exec`, `stmt.Query`.
  const receiver = callee.receiver;
  if (HTTP_CLIENT_METHODS.includes(callee.name)) {
    const httpName = file.imports.namesFor('net/http')[0];
    return httpName && isHttpClient(file, pkg, receiver) ? httpClientVariant(written, httpName, operand, callee.name) : undefined;
  }
  const t = typeOfExpr(file, pkg, receiver);
  const sqlType = Object.keys(SQL_METHODS).find((name) => isNamed(t, 'database/sql', name));
  if (!sqlType || !SQL_METHODS[sqlType].includes(callee.name)) return undefined;
  if (callee.name === 'Begin') return args.length ? undefined : renamed('BeginTx', ['nil']);
  return renamed(`${callee.name}Context`);
}

function httpClientVariant(written: string, httpName: string, client: string, method: string): Variant {
  const verb = method === 'PostForm' ? 'Post' : method;
  const body = method === 'Get' || method === 'Head' ? 'nil' : 'body';
  return {
    call: written,
    advice: (ctx) => `\`req, err := ${httpName}.NewRequestWithContext(${ctx}, ${httpName}.Method${verb}, url, ${body})\` and \`${client}.Do(req)\``,
  };
}

/** `http.DefaultClient` (alias-aware) or an expression declared as `http.Client`/`*http.Client`. */
function isHttpClient(file: GoFile, pkg: GoPackage, receiver: Node): boolean {
  if (receiver.type === 'selector_expression') {
    const operand = receiver.childForFieldName('operand');
    if (
      operand?.type === 'identifier' &&
      receiver.childForFieldName('field')?.text === 'DefaultClient' &&
      file.imports.pathOf(operand.text) === 'net/http' &&
      !findLocalDeclaration(operand.text, receiver)
    ) {
      return true;
    }
  }
  return isNamed(typeOfExpr(file, pkg, receiver), 'net/http', 'Client');
}

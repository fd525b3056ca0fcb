// After Shutdown, ListenAndServe returns http.ErrServerClosed at once: fatal on it means
// the graceful shutdown ends in log.Fatal, an exit status 1 and a crash report.
import type { Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import { SERVER_CALLS_QUERY, isTestFile, serverFacts, type ServerStart } from '../go/servers';
import { ensureImports } from '../go/shutdown-template';
import { argsOf, calleeOf, enclosingFunction, findLocalDeclaration } from '../go/syntax';
import type { Fix, TextEdit } from '../types';
import { SERVER_START_GATE } from '../gate';

/** A call that ends the process (or the goroutine's caller): log.Fatal, panic, os.Exit, any .Fatal*. */
function isFatalCall(ctx: GoRuleContext, call: Node): boolean {
  const callee = calleeOf(ctx.file, call);
  if (!callee) return false;
  if (callee.pkgPath === 'os') return callee.name === 'Exit';
  if (!callee.pkgPath && !callee.receiver) return callee.name === 'panic' && !findLocalDeclaration('panic', call);
  return /^(Fatal|Panic)/.test(callee.name);
}

/** The fatal calls (or `return <err>`) a block makes with the error, outside nested functions. */
function fatalIn(ctx: GoRuleContext, block: Node, errName: string, returnsCount: boolean): boolean {
  for (const n of block.descendantsOfType(['call_expression', 'return_statement'])) {
    if (!n || nested(n, block)) continue;
    if (n.type === 'call_expression' && isFatalCall(ctx, n)) return true;
    if (n.type === 'return_statement' && returnsCount && new RegExp(`\\b${errName}\\b`).test(n.text)) return true;
  }
  return false;
}

function nextStatement(n: Node): Node | null {
  let next = n.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  return next;
}

function nested(n: Node, within: Node): boolean {
  for (let p = n.parent; p && p.id !== within.id; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}

/** A function literal passed to `g.Go(…)` (errgroup, run groups): its error is the group's. */
function isGroupFunc(fn: Node | null): boolean {
  const call = fn?.parent?.parent;
  return fn?.type === 'func_literal' && call?.type === 'call_expression' && /\.Go$/.test(call.childForFieldName('function')?.text ?? '');
}

interface Finding {
  at: Node;
  edits?: () => TextEdit[] | undefined;
}

function exclusion(ctx: GoRuleContext, err: string): { text: string; edits: TextEdit[] } | undefined {
  const imports = ensureImports(ctx.file, ['errors', 'net/http']);
  if (!imports) return undefined;
  return { text: `${err} != nil && !${imports.names.get('errors')}.Is(${err}, ${imports.names.get('net/http')}.ErrServerClosed)`, edits: imports.edits };
}

/** The ways a start's error is made fatal without excluding ErrServerClosed. */
function findingFor(ctx: GoRuleContext, start: ServerStart, mentionsClosed: boolean): Finding | undefined {
  const call = start.call;
  const parent = call.parent;
  const file = ctx.file;
  const indent = (n: Node) => file.indentOf(n.startPosition.row);
  // log.Fatal(srv.ListenAndServe()), panic(srv.Serve(l))
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call_expression' && isFatalCall(ctx, parent.parent)) {
    const fatal = parent.parent;
    const stmt = fatal.parent;
    return {
      at: call,
      edits: () => {
        if (stmt?.type !== 'expression_statement' || /\berr\b/.test(fatal.text) || fatal.text.includes('\n')) return undefined;
        const ex = exclusion(ctx, 'err');
        if (!ex) return undefined;
        const handler = file.text.slice(fatal.startIndex, call.startIndex) + 'err' + file.text.slice(call.endIndex, fatal.endIndex);
        const i = indent(stmt);
        return [...ex.edits, { range: file.rangeOf(stmt), newText: `if err := ${call.text}; ${ex.text} {\n${i}\t${handler}\n${i}}` }];
      },
    };
  }
  // return srv.ListenAndServe() inside errgroup's g.Go(func() error {...})
  if (parent?.type === 'expression_list' && parent.parent?.type === 'return_statement' && parent.namedChildCount === 1) {
    const ret = parent.parent;
    if (mentionsClosed || !isGroupFunc(enclosingFunction(call))) return undefined;
    return {
      at: call,
      edits: () => {
        if (ret.parent?.type !== 'statement_list' || call.text.includes('\n')) return undefined;
        const ex = exclusion(ctx, 'err');
        if (!ex) return undefined;
        const i = indent(ret);
        return [...ex.edits, { range: file.rangeOf(ret), newText: `if err := ${call.text}; ${ex.text} {\n${i}\treturn err\n${i}}\n${i}return nil` }];
      },
    };
  }
  // if err := srv.ListenAndServe(); err != nil {...}   and   err := srv...(); if err != nil {...}
  let name: string | undefined;
  let ifStmt: Node | null | undefined;
  if (parent?.type === 'expression_list' && (parent.parent?.type === 'short_var_declaration' || parent.parent?.type === 'assignment_statement')) {
    const decl = parent.parent;
    const left = decl.childForFieldName('left')?.namedChildren ?? [];
    if (left.length !== 1 || parent.namedChildCount !== 1 || left[0]?.type !== 'identifier') return undefined;
    name = left[0].text;
    ifStmt = decl.parent?.type === 'if_statement' && decl.parent.childForFieldName('initializer')?.id === decl.id ? decl.parent : nextStatement(decl);
  }
  if (!name || name === '_' || ifStmt?.type !== 'if_statement') return undefined;
  const cond = ifStmt.childForFieldName('condition');
  const body = ifStmt.childForFieldName('consequence');
  if (!cond || !body || cond.text.replace(/\s+/g, ' ') !== `${name} != nil`) return undefined;
  const fn = enclosingFunction(call);
  // `return err` hands the error to a caller that may exclude it; only a group's func or main end here.
  const returnsCount = !mentionsClosed && isGroupFunc(fn);
  if (!fatalIn(ctx, body, name, returnsCount)) return undefined;
  const errName = name;
  return {
    at: call,
    edits: () => {
      const ex = exclusion(ctx, errName);
      return ex ? [...ex.edits, { range: file.rangeOf(cond), newText: ex.text }] : undefined;
    },
  };
}

export const serverClosedTreatedAsError: GoRule = {
  id: 'server-closed-treated-as-error',
  kind: 'go',
  family: 'lifecycle',
  summary: "ListenAndServe's error is made fatal without excluding http.ErrServerClosed, in a package that calls Shutdown.",
  defaultSeverity: 'warning',
  query: SERVER_CALLS_QUERY.source,
  gate: SERVER_START_GATE,
  docs: `After \`Shutdown\` (or \`Close\`) is called, \`ListenAndServe\`, \`Serve\` and their TLS variants — and
echo's \`Start\` — return \`http.ErrServerClosed\` **immediately**. That is the success path of a
graceful shutdown, not an error. A program that feeds it to \`log.Fatal\`, \`panic\` or \`os.Exit\`
ends its graceful shutdown with exit status 1 — often before \`Shutdown\` has drained the
in-flight requests, because \`log.Fatal\` does not wait for the goroutine that calls \`Shutdown\`.
On **Kubernetes** every rollout then counts as a crash (restarts, \`Error\` status, alerts); on
**Cloud Run** each scale-down logs an error and the requests still in flight are cut; on **AWS
Lambda** (web adapter) the runtime reports the instance as failed.

Reported, in a package that calls \`Shutdown\` somewhere: \`log.Fatal(srv.ListenAndServe())\`
(any \`Fatal*\`/\`Panic*\`, \`panic\`, \`os.Exit\`), \`if err := srv.ListenAndServe(); err != nil { log.Fatal(err) }\`
and the same with \`err :=\` on the line before, and, inside an errgroup's \`g.Go(func() error {…})\`,
\`return srv.ListenAndServe()\` or \`return err\` when the package never mentions \`ErrServerClosed\`.
Not reported: any test against \`http.ErrServerClosed\` (\`!=\`, \`==\`, \`errors.Is\`), errors sent on a
channel, and errors returned to a caller (which may check them).

Wrong:

\`\`\`go
go func() {
	if err := srv.ListenAndServe(); err != nil {
		log.Fatal(err)
	}
}()
<-ctx.Done()
srv.Shutdown(shutdownCtx)
\`\`\`

Right:

\`\`\`go
go func() {
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}()
\`\`\`

The quick fix adds the \`errors.Is(err, http.ErrServerClosed)\` exclusion (and the imports).`,
  check(ctx) {
    if (isTestFile(ctx.file) || ctx.captures().length === 0) return;
    const facts = serverFacts(ctx.pkg);
    if (facts.shutdowns.length === 0) return;
    for (const start of facts.starts) {
      if (start.file !== ctx.file || start.kind === 'package' || start.kind === 'gin') continue;
      // Any mention of ErrServerClosed in the function is taken as the exclusion being handled.
      const fn = enclosingFunction(start.call);
      if (fn && fn.text.includes('ErrServerClosed')) continue;
      const found = findingFor(ctx, start, facts.mentionsServerClosed);
      if (!found) continue;
      const edits = found.edits?.();
      const fixes: Fix[] = edits ? [{ title: 'Exclude http.ErrServerClosed (the normal result of Shutdown)', edits }] : [];
      ctx.report({
        at: found.at,
        message: `${start.method} returns http.ErrServerClosed after Shutdown; making it fatal turns every graceful shutdown into a crash (exit status 1, in-flight requests cut): exclude it`,
        fixes,
      });
    }
  },
};

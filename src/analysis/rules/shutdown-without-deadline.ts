// Shutdown(context.Background()) waits for every connection forever; the platform will not.
import type { Node } from '../parser';
import type { GoRule } from '../rule';
import { isTestFile, serverFacts } from '../go/servers';
import { ensureImports, freshName, TIMEOUT } from '../go/shutdown-template';
import { topNamesOf } from '../go/handlers';
import { argsOf, calleeOf, enclosingFunction, findLocalDeclaration } from '../go/syntax';
import type { Fix } from '../types';
import { SERVER_GATE } from '../gate';

const QUERY = `(call_expression
  function: (selector_expression field: (field_identifier) @method (#eq? @method "Shutdown"))
  arguments: (argument_list . (call_expression) @arg .)) @call`;

/** `claimed`: functions that already got a `ctx, cancel :=` fix this round (a second would redeclare them). */
function deadlineFix(ctx: Parameters<GoRule['check']>[0], call: Node, arg: Node, claimed: Set<number>): Fix | undefined {
  const fn = enclosingFunction(call);
  let stmt: Node = call;
  while (stmt.parent && stmt.parent.type !== 'statement_list') stmt = stmt.parent;
  if (!fn || !stmt.parent || stmt.startPosition.row !== call.startPosition.row) return undefined;
  const imports = ensureImports(ctx.file, ['context', 'time']);
  if (!imports) return undefined;
  const contextName = imports.names.get('context')!;
  const timeName = imports.names.get('time')!;
  if (findLocalDeclaration(contextName, call) || findLocalDeclaration(timeName, call)) return undefined;
  const taken = topNamesOf(ctx.file).all;
  const ctxName = freshName(['ctx', 'shutdownCtx', 'drainCtx'], fn.text, taken);
  const cancel = freshName(['cancel', 'cancelShutdown'], fn.text, taken);
  if (!ctxName || !cancel) return undefined;
  const indent = ctx.file.indentOf(stmt.startPosition.row);
  const timeout = TIMEOUT.replace(/ \* time\./, `*${timeName}.`);
  const setup = [`${ctxName}, ${cancel} := ${contextName}.WithTimeout(${contextName}.Background(), ${timeout})`, `defer ${cancel}()`];
  const edits = [...imports.edits];
  if (stmt.type === 'defer_statement') {
    // The deadline must start when the deferred call runs, not when it is deferred.
    if (stmt.namedChild(0) !== null && stmt.namedChild(0)!.startIndex !== call.startIndex) return undefined;
    const recv = call.childForFieldName('function')?.childForFieldName('operand')?.text;
    if (!recv) return undefined;
    const body = [...setup, `_ = ${recv}.Shutdown(${ctxName})`].map((l) => `${indent}\t${l}`).join('\n');
    edits.push({ range: ctx.file.rangeOf(stmt), newText: `defer func() {\n${body}\n${indent}}()` });
  } else if (stmt.type === 'go_statement') {
    return undefined;
  } else {
    // Fix-all recomputes after applying this one, when the names in use show the next fresh pair.
    if (claimed.has(fn.id)) return undefined;
    claimed.add(fn.id);
    const at = { line: stmt.startPosition.row, character: stmt.startPosition.column };
    edits.push({ range: { start: at, end: at }, newText: `${setup.join(`\n${indent}`)}\n${indent}` });
    edits.push({ range: ctx.file.rangeOf(arg), newText: ctxName });
  }
  return { title: `Bound Shutdown with a ${TIMEOUT.replace(' * time.Second', ' s')} timeout`, edits };
}

export const shutdownWithoutDeadline: GoRule = {
  id: 'shutdown-without-deadline',
  kind: 'go',
  family: 'lifecycle',
  summary: 'Shutdown(context.Background()) waits for every connection with no deadline, while the platform kills after its grace period.',
  defaultSeverity: 'warning',
  query: QUERY,
  gate: { ...SERVER_GATE, fileImports: ['context'], fileText: [/\.\s*Shutdown\b/] },
  docs: `\`http.Server.Shutdown(ctx)\` stops accepting connections, then waits for active ones to go idle
— for as long as \`ctx\` allows. With \`context.Background()\` or \`context.TODO()\` that is forever:
one slow download or long poll keeps the process in shutdown until the platform's SIGKILL:
**Cloud Run** after 10 seconds, **Kubernetes** after \`terminationGracePeriodSeconds\` (30 s by
default), **AWS Lambda** after its 500 ms–2 s shutdown phase. Whatever the program meant to do
after \`Shutdown\` returns — flush logs, traces and metrics, close the database, report the
error — never happens. A deadline shorter than the grace period keeps that time.

Reported: \`Shutdown(context.Background())\` and \`Shutdown(context.TODO())\` on an \`http.Server\`
or an echo server (by declaration, or by the name of a server the package starts). Other
\`Shutdown\` methods (OpenTelemetry providers, custom types) are not reported.

Wrong:

\`\`\`go
<-ctx.Done()
if err := srv.Shutdown(context.Background()); err != nil {
	log.Printf("shutdown: %v", err)
}
\`\`\`

Right:

\`\`\`go
<-ctx.Done()
ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
defer cancel()
if err := srv.Shutdown(ctx); err != nil {
	log.Printf("shutdown: %v", err)
}
\`\`\`

The quick fix inserts the \`context.WithTimeout\` (10 seconds: edit the constant to fit your
platform) right before the call — inside a deferred function for \`defer srv.Shutdown(…)\`, so
that the clock starts when shutdown does.`,
  check(ctx) {
    if (isTestFile(ctx.file)) return;
    const matches = ctx.matches();
    if (!matches.length) return;
    const facts = serverFacts(ctx.pkg);
    const startKeys = new Set(facts.starts.map((s) => s.key).filter((k) => k !== undefined));
    const claimed = new Set<number>();
    for (const m of matches) {
      const call = m.captures.find((c) => c.name === 'call')?.node;
      const arg = m.captures.find((c) => c.name === 'arg')?.node;
      if (!call || !arg) continue;
      const inner = calleeOf(ctx.file, arg);
      if (inner?.pkgPath !== 'context' || (inner.name !== 'Background' && inner.name !== 'TODO') || argsOf(arg).length) continue;
      const shutdown = facts.shutdowns.find((s) => s.call.startIndex === call.startIndex && s.file === ctx.file);
      if (!shutdown || !(shutdown.kind || (shutdown.key && startKeys.has(shutdown.key)))) continue;
      const fix = deadlineFix(ctx, call, arg, claimed);
      ctx.report({
        at: call,
        message: `Shutdown(context.${inner.name}()) waits for open connections with no deadline; the platform kills the process after its grace period (Cloud Run 10 s, Kubernetes 30 s), before anything after Shutdown runs`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

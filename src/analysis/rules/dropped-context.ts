// dropped-context: context.Background()/TODO() where the function already received a context.
import { ensureImport } from '../edits';
import type { GoFile } from '../go-file';
import { CONTEXT_PATHS, incomingContextAt, mayHaveIncomingContext, type IncomingContext } from '../go/incoming-context';
import { removeImportEdits, packageUses } from '../go/remove-import';
import { argsOf, calleeOf } from '../go/syntax';
import { goAtLeast } from '../module';
import type { Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix } from '../types';

const QUERY = `(call_expression
  function: (selector_expression operand: (identifier) field: (field_identifier) @name (#match? @name "^(Background|TODO)$"))
  arguments: (argument_list)) @call`;

const DOCS = `Finds \`context.Background()\` and \`context.TODO()\` called where an incoming context is in
scope: inside a function, method or function literal that received a \`context.Context\`
parameter, an HTTP handler's \`*http.Request\` (\`r.Context()\`), a gin \`*gin.Context\`
(\`c.Request.Context()\`) or an echo \`echo.Context\` (\`c.Request().Context()\`), including
function literals nested in them. The innermost such function wins, and a parameter
redeclared by a local is not used.

## Why it matters

On Cloud Run, Lambda and Kubernetes a request's context carries its deadline, its
cancellation (the client went away, the platform's request timeout fired, the instance is
shutting down) and its trace and auth values. A fresh \`context.Background()\` cuts all of
that: database queries and outgoing calls keep running for a caller that is gone, hold
connections and instances busy, and vanish from the trace.

\`\`\`go
// wrong: the query outlives a cancelled request and is missing from the trace
func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	row := s.db.QueryRowContext(context.Background(), "SELECT name FROM users WHERE id = $1", r.URL.Query().Get("id"))
	// ...
}

// right
func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	row := s.db.QueryRowContext(r.Context(), "SELECT name FROM users WHERE id = $1", r.URL.Query().Get("id"))
	// ...
}
\`\`\`

The quick fix puts the incoming context in place of the call (naming a blank
\`_ *http.Request\` parameter \`r\` first).

## Goroutines and deferred calls

The request context is cancelled as soon as the handler returns, so a goroutine that
outlives the handler must not use it as is. There the fix is
\`context.WithoutCancel(r.Context())\` (Go 1.21+): it keeps the values (trace IDs) and drops
the cancellation. When \`go.mod\` asks for an older Go, a handler's goroutine is still
reported, without a fix. Goroutines and deferred calls in functions with a plain
\`ctx context.Context\` parameter are reported only when \`context.WithoutCancel\` is
available.

\`\`\`go
go func() {
	audit(context.WithoutCancel(r.Context()), event) // not context.Background()
}()
\`\`\`

## Not reported

Functions without an incoming context (\`main\`, \`init\`, tests, package-level
initializers); a fresh context created after the code waited for the incoming one to be
done (\`<-ctx.Done()\` then a shutdown with its own timeout); a context stored in a struct
field or composite literal (a long-lived worker); function literals that are stored,
returned or scheduled with \`time.AfterFunc\`.

## Suppressing

Add \`//nolint:dropped-context\` at the end of the line or on the line above.`;

export const droppedContext: GoRule = {
  kind: 'go',
  id: 'dropped-context',
  family: 'context',
  summary: 'context.Background()/TODO() where an incoming request or caller context is in scope',
  docs: DOCS,
  defaultSeverity: 'warning',
  query: QUERY,
  check(ctx) {
    // Text gates first: most files have no candidate, and a query costs more than a scan.
    const text = ctx.file.text;
    if (!/\b(Background|TODO)\s*\(\s*\)/.test(text) || !mayHaveIncomingContext(text)) return;
    const pending: Pending[] = [];
    for (const m of ctx.matches()) {
      const call = m.captures.find((c) => c.name === 'call')?.node;
      if (!call || argsOf(call).length) continue;
      const callee = calleeOf(ctx.file, call);
      if (!callee?.pkgPath || !CONTEXT_PATHS.includes(callee.pkgPath)) continue;
      const incoming = incomingContextAt(ctx.file, ctx.pkg, call);
      if (!incoming || incoming.afterDone || incoming.nilBranch || storedForLater(call) || isComparison(call)) continue;
      const p = assess(ctx, call, incoming);
      if (p) pending.push(p);
    }
    for (const p of withImportCleanup(ctx.file, pending)) ctx.report({ at: p.call, message: p.message, fixes: p.fix ? [p.fix] : [] });
  },
};

interface Pending {
  call: Node;
  message: string;
  fix?: Fix;
  /** The fix replaces the call with the incoming context: the call's package use goes away. */
  removesUse: boolean;
}

function assess(ctx: GoRuleContext, call: Node, incoming: IncomingContext): Pending | undefined {
  const written = `${call.childForFieldName('function')!.text}()`;
  const { expr, detached } = incoming;
  const what = incoming.source === 'context' ? `the incoming context \`${incoming.param.name ?? 'context'}\`` : "the request's context";
  if (detached === 'later') return undefined;
  if (detached) {
    const handler = incoming.source !== 'context';
    const modern = goAtLeast(ctx.module, '1.21');
    // Without WithoutCancel, only a handler's goroutine is worth a word: its context is cancelled for sure.
    if (!modern && !(handler && detached === 'go')) return undefined;
    const target = `context.WithoutCancel(${expr ?? '<incoming context>'})`;
    let message = `\`${written}\` in ${detached === 'go' ? 'a goroutine' : 'a deferred call'} drops ${what} (trace and auth values). `;
    if (handler && detached === 'go') message += 'The request context is cancelled when the handler returns, so it cannot be passed as is: ';
    else if (detached === 'go') message += 'If the work must outlive the caller, keep the values and drop only the cancellation: ';
    else message += 'If the deferred work must run even after cancellation, keep the values and drop only the cancellation: ';
    if (!modern) {
      const said = ctx.module?.goVersion ? `go.mod says go ${ctx.module.goVersion}` : 'no go.mod says go 1.21 or later';
      return { call, message: `${message}use \`${target}\` once the module requires Go 1.21 (${said}); no automatic fix.`, removesUse: false };
    }
    message += `use \`${target}\`.`;
    if (!expr) return { call, message: `${message} No automatic fix: ${incoming.unnamable}.`, removesUse: false };
    return { call, message, fix: withoutCancelFix(ctx, call, expr, incoming), removesUse: false };
  }
  const message = `\`${written}\` drops ${what}: cancellation, deadline and trace values stop here.`;
  if (!expr) return { call, message: `${message} No automatic fix: ${incoming.unnamable}.`, removesUse: false };
  const fix: Fix = { title: `Use ${expr}`, edits: [...incoming.setup, { range: ctx.file.rangeOf(call), newText: expr }] };
  return { call, message: `${message} Use \`${expr}\`.`, fix, removesUse: true };
}

/**
 * Go refuses unused imports. When the fixes would take away every use of the context
 * package in the file, each of them does all of those replacements at once and removes the
 * import, so that one fix or all of them leave code that compiles.
 */
function withImportCleanup(file: GoFile, pending: Pending[]): Pending[] {
  const removing = pending.filter((p) => p.fix && p.removesUse);
  for (const name of new Set(removing.map((p) => p.call.childForFieldName('function')!.childForFieldName('operand')!.text))) {
    const group = removing.filter((p) => p.call.childForFieldName('function')!.childForFieldName('operand')!.text === name);
    const remaining = packageUses(file, name).filter((u) => !group.some((p) => within(p.call, u)));
    if (remaining.length) continue;
    const spec = file.imports.specs.find((s) => s.name === name);
    const removal = spec && removeImportEdits(file, spec);
    const all = group.flatMap((p) => p.fix!.edits);
    for (const p of group) {
      if (!removal) {
        p.fix = undefined;
        p.message += ` No automatic fix: it would leave the "${spec?.path ?? name}" import unused and it cannot be removed cleanly.`;
        continue;
      }
      const others = group.length - 1;
      p.fix = {
        title: `${p.fix!.title}${others ? ` (and ${others} more in this file)` : ''}, removing the unused "${spec!.path}" import`,
        edits: [...all, ...removal],
      };
    }
  }
  return pending;
}

/** `ctx != context.Background()`: a comparison, not a use. */
function isComparison(call: Node): boolean {
  const parent = call.parent;
  const op = parent?.type === 'binary_expression' ? parent.childForFieldName('operator')?.text : undefined;
  return op === '==' || op === '!=';
}

function within(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function withoutCancelFix(ctx: GoRuleContext, call: Node, expr: string, incoming: IncomingContext): Fix | undefined {
  const imp = ensureImport(ctx.file, 'context');
  if (!imp) return undefined;
  const text = `${imp.name}.WithoutCancel(${expr})`;
  return { title: `Use ${text}`, edits: [...incoming.setup, ...imp.edits, { range: ctx.file.rangeOf(call), newText: text }] };
}

/**
 * True when the new context (possibly wrapped: `context.WithCancel(context.Background())`)
 * is stored in a struct field, map or composite literal: a long-lived context on purpose.
 */
function storedForLater(call: Node): boolean {
  let n: Node = call;
  while (n.parent && (n.parent.type === 'argument_list' || n.parent.type === 'parenthesized_expression' || n.parent.type === 'call_expression')) {
    n = n.parent;
  }
  const parent = n.parent;
  if (!parent) return false;
  if (parent.type === 'literal_element' || parent.type === 'keyed_element') return true;
  if (parent.type === 'expression_list' && parent.parent?.type === 'assignment_statement') {
    const left = parent.parent.childForFieldName('left');
    return !!left?.namedChildren.some((l) => l?.type === 'selector_expression' || l?.type === 'index_expression');
  }
  return false;
}

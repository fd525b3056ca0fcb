// dropped-context: context.Background()/TODO() where the function already received a context.
import { ensureImport } from '../edits';
import type { GoFile } from '../go-file';
import { CONTEXT_PATHS, incomingContextAt, type IncomingContext } from '../go/incoming-context';
import { removeImportEdits, usedOutside } from '../go/remove-import';
import { argsOf, calleeOf } from '../go/syntax';
import { goAtLeast } from '../module';
import type { Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix } from '../types';
import { MAY_HAVE_INCOMING_CONTEXT } from '../gate';

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

The quick fix puts the incoming context in place of the call. A blank \`_ *http.Request\` or
\`_ context.Context\` parameter is named \`r\` or \`ctx\` first (unnamed parameters get names,
the others \`_\`); when that name is already used in the function the finding has no fix.
When the fix takes away the file's last use of the \`context\` package, it removes the import
too (replacing every such call in the file at once, so the file always compiles).

## Goroutines and deferred calls

The request context is cancelled as soon as the handler returns, so a goroutine that
outlives the handler must not use it as is. There the fix is
\`context.WithoutCancel(r.Context())\` (Go 1.21+): it keeps the values (trace IDs) and drops
the cancellation. When \`go.mod\` asks for an older Go, a handler's goroutine is still
reported, without a fix. Other detached code (a goroutine of a function with a plain
\`ctx context.Context\` parameter, any deferred call) is reported only when
\`context.WithoutCancel\` is available: before Go 1.21 a fresh context is the only option.

\`\`\`go
go func() {
	audit(context.WithoutCancel(r.Context()), event) // not context.Background()
}()
\`\`\`

## Not reported

Functions without an incoming context (\`main\`, \`init\`, package-level initializers,
tests: \`t.Context()\` is not treated as one); the branch of \`if ctx == nil\` that defaults
it; comparisons such as \`ctx != context.Background()\`; a fresh context created after the
code waited for the incoming one to be done (\`<-ctx.Done()\` then a shutdown with its own
timeout); a context stored in a struct field or composite literal (a long-lived worker);
function literals that are stored, returned or scheduled with \`time.AfterFunc\`; dot
imports of \`context\`. A fresh context that a comment next to it explains as deliberate
("even if the client cancels", "ignore the provided context", "detach", "outlive") is
treated like a goroutine's: with Go 1.21 the fix is \`context.WithoutCancel\`, before that it
is not reported.

## Suppressing

Add \`//nolint:dropped-context\` at the end of the line or on the line above.`;

/** Text gate: most files have no candidate, and a query costs more than a scan. */
const CALLS_BACKGROUND = /\b(Background|TODO)\s*\(\s*\)/;

export const droppedContext: GoRule = {
  kind: 'go',
  id: 'dropped-context',
  family: 'context',
  summary: 'context.Background()/TODO() where an incoming request or caller context is in scope',
  docs: DOCS,
  defaultSeverity: 'warning',
  query: QUERY,
  gate: { fileImports: CONTEXT_PATHS, fileText: [CALLS_BACKGROUND, MAY_HAVE_INCOMING_CONTEXT] },
  local: true,
  fixesReadOtherDeclarations: true,
  check(ctx) {
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
    // On the keystroke path the fixes wait for a code action: whether one may also remove the
    // import depends on every other declaration, which would keep these findings out of the
    // declaration cache.
    if (ctx.deferFixes) for (const p of pending) ctx.report({ at: p.call, message: p.message, fixesLater: !!p.fix });
    else for (const p of withImportCleanup(ctx.file, pending)) ctx.report({ at: p.call, message: p.message, fixes: p.fix ? [p.fix] : [] });
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
  const { expr } = incoming;
  const what = incoming.source === 'context' ? `the incoming context \`${incoming.param.name ?? 'context'}\`` : "the request's context";
  if (incoming.detached === 'later') return undefined;
  const detached = incoming.detached ?? (explainedAsDetached(ctx.file, call) ? 'explained' : undefined);
  if (detached) {
    const handlerGoroutine = incoming.source !== 'context' && detached === 'go';
    const modern = goAtLeast(ctx.module, '1.21');
    // Without WithoutCancel, only a handler's goroutine is worth a word: its context is cancelled for sure.
    if (!modern && !handlerGoroutine) return undefined;
    const target = `context.WithoutCancel(${expr ?? '<incoming context>'})`;
    const where = { go: ' in a goroutine', defer: ' in a deferred call', explained: '' }[detached];
    let message = `\`${written}\`${where} drops ${what} (trace and auth values). `;
    if (handlerGoroutine) message += 'The request context is cancelled when the handler returns, so it cannot be passed as is: ';
    else if (detached === 'go') message += 'If the work must outlive the caller, keep the values and drop only the cancellation: ';
    else if (detached === 'defer') message += 'If the deferred work must run even after cancellation, keep the values and drop only the cancellation: ';
    else message += 'The comment above says the work must not be cancelled with the caller; keep the values and drop only the cancellation: ';
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

/** Words with which people explain a deliberate detach ("even if the client cancels", "ignore the provided context"). */
const DETACH_WORDS = /\b(detach\w*|outlives?|ignor\w+|independent\w*|surviv\w+|even if|even when|intentional\w*|deliberate\w*|on purpose|regardless)\b/i;

/** …and they speak of the context or its cancellation ("// ignore errors" is not about it). */
const CONTEXT_WORDS = /(?<![\w-])(context|ctx|cancel\w*|request|deadline|timeout)(?![\w-])/i;

/**
 * True when a comment on the call's line, or the comment block at most a few lines above it
 * (within the same run of statements), explains that the fresh context is deliberate.
 */
function explainedAsDetached(file: GoFile, call: Node): boolean {
  const line = call.startPosition.row;
  const own = file.lineText(line);
  const comments: string[] = own.includes('//') ? [own.slice(own.indexOf('//'))] : [];
  for (let l = line - 1; l >= 0 && l >= line - 6; l--) {
    const text = file.lineText(l).trim();
    if (text === '' || text.endsWith('{') || text.startsWith('}')) break;
    if (text.startsWith('//')) comments.push(text);
  }
  const said = comments.join(' ');
  return DETACH_WORDS.test(said) && CONTEXT_WORDS.test(said);
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
    if (usedOutside(file, name, group.map((p) => p.call))) continue;
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

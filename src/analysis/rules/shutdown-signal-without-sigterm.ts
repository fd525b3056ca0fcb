// signal.Notify for Ctrl-C only: the SIGTERM platforms send still kills the process at once.
import { ensureImport } from '../edits';
import type { Node } from '../parser';
import type { GoRule } from '../rule';
import { isTestFile, serverFacts } from '../go/servers';
import { argsOf, calleeOf, findLocalDeclaration } from '../go/syntax';

const QUERY = `(call_expression
  function: (selector_expression operand: (identifier) field: (field_identifier) @name (#any-of? @name "Notify" "NotifyContext"))
  arguments: (argument_list)) @call`;

const SIGNAL_PKGS = ['syscall', 'golang.org/x/sys/unix'];

/** 'interrupt' | 'term' | 'other' for a signal argument; undefined when it cannot be read. */
function signalOf(ctx: Parameters<GoRule['check']>[0], arg: Node): 'interrupt' | 'term' | 'other' | undefined {
  if (arg.type !== 'selector_expression') return undefined;
  const pkg = arg.childForFieldName('operand');
  const name = arg.childForFieldName('field')?.text;
  if (pkg?.type !== 'identifier' || !name || findLocalDeclaration(pkg.text, arg)) return undefined;
  const path = ctx.file.imports.pathOf(pkg.text);
  if (path === 'os') return name === 'Interrupt' ? 'interrupt' : name === 'Kill' ? 'other' : undefined;
  if (!path || !SIGNAL_PKGS.includes(path)) return undefined;
  if (name === 'SIGINT') return 'interrupt';
  if (name === 'SIGTERM') return 'term';
  return /^SIG[A-Z0-9]+$/.test(name) ? 'other' : undefined;
}

export const shutdownSignalWithoutSigterm: GoRule = {
  id: 'shutdown-signal-without-sigterm',
  kind: 'go',
  family: 'lifecycle',
  summary: 'signal.Notify/NotifyContext for os.Interrupt without syscall.SIGTERM, the signal platforms send to stop a container.',
  defaultSeverity: 'warning',
  query: QUERY,
  gate: { nonTestFiles: true, fileImports: ['os/signal'], fileText: [/\.\s*Notify(Context)?\b/] },
  docs: `Ctrl-C sends SIGINT, but platforms stop containers with **SIGTERM**: **Cloud Run** sends it
and kills the instance 10 seconds later, **Kubernetes** sends it on every rollout, scale-down and
node drain and kills after \`terminationGracePeriodSeconds\` (30 s by default), **AWS Lambda**
sends it to the runtime at shutdown when an extension is registered. A program that listens
for \`os.Interrupt\` only shuts down gracefully on a developer's laptop and nowhere else: in
production SIGTERM takes the default action and ends the process mid-request.

Reported, in \`main\` packages and in packages that start or shut down an HTTP server:
\`signal.Notify(ch, …)\` and \`signal.NotifyContext(ctx, …)\` that name \`os.Interrupt\` or
\`syscall.SIGINT\` but not \`syscall.SIGTERM\`. Elsewhere an interrupt handler is an interactive
tool's Ctrl-C (Go's own fuzzing worker is one), and test files are skipped. Not reported: \`signal.Notify(ch)\` with no signals
(it relays all of them), sets without an interrupt (a SIGHUP reload handler), and signal lists
this rule cannot read (a variable, \`sigs...\`).

Wrong:

\`\`\`go
ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
\`\`\`

Right:

\`\`\`go
ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
\`\`\`

The quick fix adds \`syscall.SIGTERM\` (and the \`syscall\` import).`,
  check(ctx) {
    if (isTestFile(ctx.file) || ctx.matches().length === 0) return;
    // Outside main and server packages, an interrupt handler is an interactive tool's Ctrl-C.
    if (ctx.pkg.name !== 'main' && serverFacts(ctx.pkg).starts.length === 0 && serverFacts(ctx.pkg).shutdowns.length === 0) return;
    for (const m of ctx.matches()) {
      const call = m.captures.find((c) => c.name === 'call')?.node;
      if (!call) continue;
      const callee = calleeOf(ctx.file, call);
      if (callee?.pkgPath !== 'os/signal') continue;
      const signals = argsOf(call).filter((a) => a.type !== 'comment').slice(1);
      const kinds = signals.map((a) => signalOf(ctx, a));
      if (!kinds.includes('interrupt') || kinds.includes('term') || kinds.includes(undefined)) continue;
      const fixes = [];
      const unix = signals.map((s) => s.childForFieldName('operand')?.text).find((n) => n && ctx.file.imports.pathOf(n) === 'golang.org/x/sys/unix');
      const imp = unix ? { name: unix, edits: [] } : ensureImport(ctx.file, 'syscall');
      if (imp && !findLocalDeclaration(imp.name, call)) {
        const last = signals[signals.length - 1];
        const after = ctx.file.rangeOf(last).end;
        // One argument per line (`os.Interrupt,` then a newline): the new one gets its own line.
        const ownLine = /^,[ \t]*\r?\n/.test(ctx.file.text.slice(last.endIndex));
        const edit = ownLine
          ? { range: { start: { ...after, character: after.character + 1 }, end: { ...after, character: after.character + 1 } }, newText: `\n${ctx.file.indentOf(last.startPosition.row)}${imp.name}.SIGTERM,` }
          : { range: { start: after, end: after }, newText: `, ${imp.name}.SIGTERM` };
        fixes.push({ title: `Also handle ${imp.name}.SIGTERM`, edits: [...imp.edits, edit] });
      }
      ctx.report({
        at: call,
        message: `${callee.name} handles Ctrl-C (SIGINT) but not SIGTERM, the signal Cloud Run, Kubernetes and Lambda send to stop an instance: there the process dies without a graceful shutdown`,
        fixes,
      });
    }
  },
};

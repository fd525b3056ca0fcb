// handler-mutates-global: a request handler writes package-level state without holding a
// lock. A reused instance serves requests concurrently, so they race on it.
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import { declareQuery, type Node } from '../parser';
import type { GoRule, GoRuleContext } from '../rule';
import { enclosingHandler, handlerName, isTestFile, packageTopNames } from '../go/handlers';
import { findLocalDeclaration, FUNCTION_TYPES } from '../go/syntax';
import { HANDLER_GATE } from '../gate';

const query = `
(assignment_statement left: (expression_list) @left) @write
(inc_statement) @write
(dec_statement) @write
(call_expression function: (identifier) @fn (#eq? @fn "delete") arguments: (argument_list . (_) @left)) @write`;

const LOCK_QUERY = declareQuery(`(call_expression function: (selector_expression field: (field_identifier) @m (#match? @m "^(Lock|RLock)$"))) @lock`);

/** The variable an assignment target writes: `x`, `x[k]`, `x.f`, `x[k].f` → x (not `*p`, not calls). */
function rootOf(target: Node): Node | undefined {
  let t: Node | null = target;
  while (t) {
    switch (t.type) {
      case 'identifier':
        return t;
      case 'index_expression':
      case 'selector_expression':
        t = t.childForFieldName('operand');
        break;
      case 'parenthesized_expression':
        t = t.namedChild(0);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

function targetsOf(write: Node, captured: Node | undefined): Node[] {
  if (write.type === 'inc_statement' || write.type === 'dec_statement') return write.namedChild(0) ? [write.namedChild(0)!] : [];
  if (write.type === 'call_expression') return captured ? [captured] : [];
  return (captured?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/** The kind of write, for the message. */
function verb(write: Node, target: Node): string {
  if (write.type === 'inc_statement') return 'increments';
  if (write.type === 'dec_statement') return 'decrements';
  if (write.type === 'call_expression') return 'deletes from';
  const right = write.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
  if (right.some((r) => r.type === 'call_expression' && r.childForFieldName('function')?.text === 'append')) return 'appends to';
  if (target.type === 'index_expression') return 'writes an entry of';
  if (target.type === 'selector_expression') return 'writes a field of';
  return 'assigns';
}

/** A `Lock`/`RLock` call in a function around the write, before it: assume the lock is held. */
function lockedBefore(write: Node, handler: Node): boolean {
  for (let fn: Node | null = write.parent; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    const locks = LOCK_QUERY().captures(fn).filter((c) => c.name === 'lock');
    if (locks.some((l) => l.node.startIndex < write.startIndex)) return true;
    if (fn.id === handler.id) break;
  }
  return false;
}

function isPackageVar(pkg: GoPackage, file: GoFile, id: Node): boolean {
  return id.text !== '_' && packageTopNames(pkg).vars.has(id.text) && !findLocalDeclaration(id.text, id) && !file.imports.pathOf(id.text);
}

export const handlerMutatesGlobal: GoRule = {
  id: 'handler-mutates-global',
  kind: 'go',
  family: 'handlers',
  summary: 'A request handler writes a package-level variable without a lock; concurrent requests share it',
  defaultSeverity: 'warning',
  query,
  gate: HANDLER_GATE,
  local: true,
  docs: `A Go service on Cloud Run, Cloud Functions (2nd gen, with concurrency), Lambda (with
goroutines of its own) or Kubernetes serves many requests at once from one process, and
the process is reused from request to request. Package-level variables are shared by all
of them: a handler that writes one without synchronisation is a data race — lost counts,
corrupted maps (\`fatal error: concurrent map writes\` crashes the instance), and state
from one user's request leaking into another's.

Reported: inside a request handler, an assignment, \`++\`/\`--\`, \`append\`, map entry or
field write, or \`delete\` on a package-level variable, unless a \`Lock\`/\`RLock\` call comes
before it in the handler. Writes through \`sync/atomic\` (\`atomic.AddInt64(&n, 1)\`,
\`n.Add(1)\`), method calls (\`sync.Map.Store\`) and locals that shadow a global are fine.
Writes inside a \`once.Do\` body are a one-time initialisation and are not reported.

Wrong:

\`\`\`go
var hits = map[string]int{}

func handler(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++ // concurrent map writes
}
\`\`\`

Right:

\`\`\`go
var (
	mu   sync.Mutex
	hits = map[string]int{}
)

func handler(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	hits[r.URL.Path]++
	mu.Unlock()
}
\`\`\`

or \`var requests atomic.Int64\` with \`requests.Add(1)\`, or keep the value per request. If
the state must survive across instances (they scale out and are replaced), it belongs in a
database or cache, not in a variable. No automatic fix: the right lock scope is a design
decision.`,
  check(ctx: GoRuleContext) {
    const { file, pkg } = ctx;
    if (isTestFile(file)) return;
    for (const m of ctx.matches()) {
      const write = m.captures.find((c) => c.name === 'write')?.node;
      if (!write) continue;
      const left = m.captures.find((c) => c.name === 'left')?.node;
      for (const target of targetsOf(write, left)) {
        const root = rootOf(target);
        if (!root || !isPackageVar(pkg, file, root)) continue;
        const handler = enclosingHandler(file, pkg, write);
        if (!handler || lockedBefore(write, handler)) continue;
        ctx.report({
          at: target,
          message: `Handler ${handlerName(handler)} ${verb(write, target)} package-level variable ${root.text} without a lock: concurrent requests of a reused instance share it. Guard it with a sync.Mutex, use sync/atomic, or keep the value per request.`,
        });
      }
    }
  },
};

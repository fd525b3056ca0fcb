// An http.Server without ReadHeaderTimeout lets a slow client hold a connection forever.
import type { Node } from '../parser';
import type { GoRule } from '../rule';
import { isTestFile, isTestHelperPackage } from '../go/servers';
import { addLiteralField, ensureImports, literalKeys, TIMEOUT } from '../go/shutdown-template';
import { enclosingFunction, findLocalDeclaration, isQualifiedType } from '../go/syntax';

const QUERY = `(composite_literal type: (qualified_type name: (type_identifier) @name (#eq? @name "Server")) body: (literal_value)) @literal`;

const TIMEOUT_FIELDS = ['ReadHeaderTimeout', 'ReadTimeout'];

/** The variable or field the literal is stored in: `srv := &http.Server{}`, `s.srv = …`, `var srv = …`. */
function holderOf(literal: Node): string | undefined {
  let v: Node = literal;
  if (v.parent?.type === 'unary_expression') v = v.parent;
  const list = v.parent;
  const stmt = list?.type === 'expression_list' ? list.parent : list;
  if (!stmt) return undefined;
  if (stmt.type === 'short_var_declaration' || stmt.type === 'assignment_statement' || stmt.type === 'var_spec') {
    const values = stmt.type === 'var_spec' ? stmt.childForFieldName('value')?.namedChildren : list?.namedChildren;
    const names = stmt.type === 'var_spec' ? stmt.childrenForFieldName('name') : (stmt.childForFieldName('left')?.namedChildren ?? []);
    const index = (values ?? []).findIndex((n) => n?.startIndex === v.startIndex);
    return index >= 0 && names.length === (values ?? []).length ? names[index]?.text : undefined;
  }
  return undefined;
}

export const serverWithoutTimeouts: GoRule = {
  id: 'server-without-timeouts',
  kind: 'go',
  family: 'lifecycle',
  summary: 'An http.Server literal sets neither ReadHeaderTimeout nor ReadTimeout: slow clients can hold connections open forever.',
  defaultSeverity: 'warning',
  query: QUERY,
  gate: { nonTestFiles: true, fileImports: ['net/http'], fileText: [/\bServer\b/] },
  docs: `An \`http.Server\` without \`ReadHeaderTimeout\` or \`ReadTimeout\` waits forever for a client to
finish sending its request headers. A few hundred slow connections (Slowloris) use up the file
descriptors and memory of an instance. On **Kubernetes** behind an L4 load balancer or a
\`NodePort\`, clients reach the server directly; even behind **Cloud Run**'s front end or an
**AWS** load balancer, idle and half-open connections pile up within the instance's limits, and
each one also delays a graceful \`Shutdown\` until the platform's grace period (10 s on Cloud
Run, 30 s by default on Kubernetes) runs out. gosec reports this as G112.

Reported: an \`http.Server\` composite literal (value or pointer) without either field, unless the
variable it is stored in gets one assigned later in the same function
(\`srv.ReadTimeout = 5 * time.Second\`). Test files and test-helper packages (a package name
containing \`test\`, like \`httptest\`) are not reported.

Wrong:

\`\`\`go
srv := &http.Server{Addr: ":8080", Handler: mux}
\`\`\`

Right:

\`\`\`go
srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 10 * time.Second}
\`\`\`

The quick fix adds \`ReadHeaderTimeout: 10 * time.Second\` (and the \`time\` import), which bounds
header reading without limiting slow uploads or long responses.`,
  check(ctx) {
    if (isTestFile(ctx.file) || isTestHelperPackage(ctx.pkg)) return;
    for (const m of ctx.matches()) {
      const literal = m.captures.find((c) => c.name === 'literal')?.node;
      const type = literal?.childForFieldName('type');
      if (!literal || !type || !isQualifiedType(ctx.file, type, 'net/http', 'Server', false)) continue;
      if (findLocalDeclaration(type.childForFieldName('package')?.text ?? '', literal)) continue;
      const keys = literalKeys(literal);
      if (keys.some((k) => TIMEOUT_FIELDS.includes(k))) continue;
      const body = literal.childForFieldName('body');
      if (body?.namedChildren.some((e) => e && e.type !== 'keyed_element' && e.type !== 'comment')) continue; // positional
      const holder = holderOf(literal);
      const fn = enclosingFunction(literal);
      const scope = fn?.text ?? ctx.file.text;
      if (holder) {
        const key = holder.split('.').pop()!;
        if (new RegExp(`\\b${key}\\.(ReadHeaderTimeout|ReadTimeout)\\s*=`).test(scope)) continue;
      }
      const imports = ensureImports(ctx.file, ['time']);
      const timeName = imports?.names.get('time');
      const added = imports && timeName && !findLocalDeclaration(timeName, literal)
        ? addLiteralField(ctx.file, literal, 'ReadHeaderTimeout', TIMEOUT.replace('time.', `${timeName}.`))
        : undefined;
      ctx.report({
        at: type,
        message: 'http.Server without ReadHeaderTimeout or ReadTimeout: a slow client can hold a connection open forever (Slowloris) and delay graceful shutdown',
        fixes: imports && added ? [{ title: 'Add ReadHeaderTimeout: 10 * time.Second', edits: [...imports.edits, ...added] }] : [],
      });
    }
  },
};

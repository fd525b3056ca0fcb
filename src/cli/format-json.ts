// An array of {file, range, rule, severity, message, fixes}, ranges LSP-style (0-based line,
// UTF-16 character), exactly as the language server would publish them.
import type { CliFinding } from './report';

export function formatJson(findings: readonly CliFinding[]): string {
  const out = findings.map(({ file, range, rule, severity, message, fixes }) => ({ file, range, rule, severity, message, fixes }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

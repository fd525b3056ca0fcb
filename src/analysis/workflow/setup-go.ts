// `actions/setup-go` steps of a GitHub Actions workflow and the scalar `go-version` each one
// pins, with the value's exact place in the text (YAML node ranges are offsets into it).
import type { Scalar, YAMLMap } from 'yaml';

// Loaded on first use: the language server starts faster when no workflow is open.
const yaml = (): typeof import('yaml') => require('yaml');

export interface SetupGoVersion {
  /** The version as written, without quotes: "1.20", "1.21.x", "~1.22". */
  value: string;
  /** Offsets of the value without its quotes. */
  start: number;
  end: number;
  /** How the scalar is written: plain, single or double quoted. */
  style: 'plain' | 'single' | 'double';
}

/** Every setup-go step with a literal `go-version` (expressions, lists and block scalars skipped). */
export function setupGoVersions(text: string): SetupGoVersion[] {
  const out: SetupGoVersion[] = [];
  const doc = yaml().parseDocument(text);
  if (doc.errors.length) return out;
  const jobs = yaml().isMap(doc.contents) ? doc.contents.get('jobs', true) : undefined;
  if (!yaml().isMap(jobs)) return out;
  const seen = new Set<number>();
  for (const job of jobs.items) {
    const jobMap = yaml().isMap(job.value) ? (job.value as YAMLMap) : undefined;
    const steps = jobMap?.get('steps', true);
    if (!yaml().isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!yaml().isMap(step)) continue;
      const uses = step.get('uses');
      if (typeof uses !== 'string' || !/^actions\/setup-go(@|$)/.test(uses.trim())) continue;
      const withMap = step.get('with', true);
      if (!yaml().isMap(withMap)) continue;
      let node = withMap.get('go-version', true);
      // `go-version: ${{ env.GO_VERSION }}`: the version is written where the env is set.
      const envRef = yaml().isScalar(node) && typeof node.value === 'string' ? /^\$\{\{\s*env\.([\w-]+)\s*\}\}$/.exec(node.value.trim()) : null;
      if (envRef) node = [step, jobMap, doc.contents].map((m) => envValue(m, envRef[1])).find((n) => n !== undefined);
      if (!yaml().isScalar(node) || !node.range || seen.has(node.range[0])) continue;
      seen.add(node.range[0]);
      const found = scalarText(text, node);
      if (found) out.push(found);
    }
  }
  return out;
}

function envValue(scope: unknown, name: string): Scalar | undefined {
  const env = yaml().isMap(scope) ? scope.get('env', true) : undefined;
  const node = yaml().isMap(env) ? env.get(name, true) : undefined;
  return yaml().isScalar(node) ? node : undefined;
}

function scalarText(text: string, node: Scalar): SetupGoVersion | undefined {
  const [start, end] = node.range!;
  const raw = text.slice(start, end);
  if (node.type === 'PLAIN') return { value: raw, start, end, style: 'plain' };
  if (node.type === 'QUOTE_SINGLE' && raw.startsWith("'") && raw.endsWith("'")) return { value: raw.slice(1, -1), start: start + 1, end: end - 1, style: 'single' };
  if (node.type === 'QUOTE_DOUBLE' && raw.startsWith('"') && raw.endsWith('"')) return { value: raw.slice(1, -1), start: start + 1, end: end - 1, style: 'double' };
  return undefined; // block scalars: a list of versions, like a matrix
}

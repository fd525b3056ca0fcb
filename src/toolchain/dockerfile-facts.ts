// What "Generate Dockerfile" needs to know about a main package, read with tree-sitter:
// the port it listens on, when the code says so plainly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoFile } from '../analysis/go-file';
import { parseGoMod } from '../analysis/module';
import { compileQuery, loadGo, parseGo, type Node } from '../analysis/parser';
import { generateDockerfile, generateDockerignore, type DockerfileSpec } from './dockerfile-gen';
import { supportedReleases } from './go-releases';
import type { MainPackage } from './main-packages';

const LISTEN_FUNCS = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Listen', 'Run', 'Start', 'RunTLS', 'StartTLS']);

const PORT_QUERY = `
(call_expression
  function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]
  arguments: (argument_list . (_) @addr)) @call
(keyed_element
  key: (literal_element (identifier) @key)
  value: (literal_element (interpreted_string_literal) @value))
`;

function stringValue(node: Node): string | undefined {
  return node.type === 'interpreted_string_literal' ? node.text.slice(1, -1) : undefined;
}

/** ":8080", "0.0.0.0:8080", "8080" → 8080. */
function portOf(text: string | undefined, bare = false): number | undefined {
  const m = (bare ? /^:?(\d{2,5})$/ : /^(?:0\.0\.0\.0|\[::\])?:(\d{2,5})$/).exec(text ?? '');
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n < 65536 ? n : undefined;
}

/** The port a file's server listens on: a literal address, or the default of a PORT variable. */
export function findPort(file: GoFile): number | undefined {
  for (const m of file.roots.flatMap((root) => compileQuery(PORT_QUERY).matches(root))) {
    const cap = (name: string) => m.captures.find((c) => c.name === name)?.node;
    const key = cap('key');
    if (key) {
      if (key.text === 'Addr') {
        const p = portOf(stringValue(cap('value')!));
        if (p) return p;
      }
      continue;
    }
    const fn = cap('fn')?.text;
    const addr = cap('addr');
    if (!fn || !addr) continue;
    if (LISTEN_FUNCS.has(fn)) {
      const p = portOf(stringValue(addr));
      if (p) return p;
    }
    // os.Getenv("PORT") with a default in the same function: `if port == "" { port = "8080" }`.
    if ((fn === 'Getenv' || fn === 'LookupEnv') && stringValue(addr) === 'PORT') {
      let body: Node | null = addr;
      while (body && !['function_declaration', 'method_declaration', 'func_literal'].includes(body.type)) body = body.parent;
      for (const lit of body?.descendantsOfType('interpreted_string_literal') ?? []) {
        const p = lit ? portOf(stringValue(lit), true) : undefined;
        if (p) return p;
      }
    }
  }
  return undefined;
}

/** The port of the first file of the package (non-test Go files) that names one. */
export async function findPackagePort(dir: string): Promise<number | undefined> {
  await loadGo();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort();
  for (const name of files) {
    const p = path.join(dir, name);
    const text = fs.readFileSync(p, 'utf8');
    const tree = parseGo(text);
    try {
      const port = findPort(new GoFile(p, text, tree));
      if (port) return port;
    } finally {
      tree.delete();
    }
  }
  return undefined;
}

export interface GeneratedFiles {
  spec: DockerfileSpec;
  dockerfile: string;
  dockerignore: string;
}

/** Facts of one main package of a module → the generated files. */
export async function generateFor(moduleRoot: string, pkg: MainPackage, opts: { now?: Date; supportedGoReleases?: readonly string[]; localGoVersion?: string } = {}): Promise<GeneratedFiles> {
  const module = parseGoMod(path.join(moduleRoot, 'go.mod'), fs.readFileSync(path.join(moduleRoot, 'go.mod'), 'utf8'));
  const goRelease = supportedReleases(opts.now ?? new Date(), { override: opts.supportedGoReleases, localGoVersion: opts.localGoVersion })[0];
  const name = pkg.pattern === '.' ? module.modulePath.split('/').pop() || pkg.name : pkg.name;
  const spec: DockerfileSpec = {
    pkg: pkg.pattern,
    name,
    goRelease,
    versionVariable: pkg.versionVariable,
    port: await findPackagePort(pkg.dir),
    hasGoSum: fs.existsSync(path.join(moduleRoot, 'go.sum')),
  };
  return { spec, dockerfile: generateDockerfile(spec), dockerignore: generateDockerignore() };
}

/**
 * `go env GOVERSION` of the user's own toolchain ("go1.28.1"), or undefined when there is no Go.
 * Starts a process: callers run it only where that is allowed (CLI, trusted workspaces), with
 * `configured` taken from user or machine settings only.
 */
export async function detectLocalGoVersion(cwd: string, configured?: string): Promise<string | undefined> {
  try {
    const { findGo } = await import('./find-go.js');
    const { runGo } = await import('./go-command.js');
    const r = await runGo(findGo({ configured }), ['env', 'GOVERSION'], { cwd, env: { GOTOOLCHAIN: 'local' }, timeoutMs: 10_000 });
    const v = r.stdout.trim();
    return r.exitCode === 0 && /^go1\.\d+/.test(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

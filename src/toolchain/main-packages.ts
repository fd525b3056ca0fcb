// Finds a module's main packages and, per package, the facts a build plan needs: a
// package-level version variable to stamp and whether it imports "C". Read with tree-sitter.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoFile } from '../analysis/go-file';
import { compileQuery, loadGo, parseGo } from '../analysis/parser';
import { walkDirs } from '../analysis/walk';

export const DEFAULT_VERSION_NAMES = ['version', 'Version', 'buildVersion', 'BuildVersion', 'appVersion', 'AppVersion'];

export interface MainPackage {
  dir: string;
  /** "./cmd/api" relative to the module root ("." for the root itself). */
  pattern: string;
  /** Binary name go build would choose: the directory's base name. */
  name: string;
  /** e.g. "main.version" when found. */
  versionVariable?: string;
  usesCgo: boolean;
}

const VAR_QUERY = '(source_file (var_declaration [(var_spec) @spec (var_spec_list (var_spec) @spec)]))';

/** A package-level `var <name> string` or `var <name> = "..."` with one of the names. */
export function findVersionVariable(file: GoFile, names: readonly string[]): string | undefined {
  for (const { node: spec } of file.roots.flatMap((root) => compileQuery(VAR_QUERY).captures(root))) {
    const ids = spec.childrenForFieldName('name').filter((n) => !!n);
    const type = spec.childForFieldName('type');
    const values = spec.childForFieldName('value')?.namedChildren ?? [];
    for (let i = 0; i < ids.length; i++) {
      const name = ids[i]!.text;
      if (!names.includes(name)) continue;
      const value = values[i];
      const isString = type ? type.text === 'string' : value?.type === 'interpreted_string_literal' || value?.type === 'raw_string_literal';
      if (isString) return name;
    }
  }
  return undefined;
}

/** The name `go build` gives the package's binary: the module path's last element for the root. */
export function binaryName(pkg: MainPackage, modulePath: string): string {
  return pkg.pattern === '.' ? modulePath.split('/').pop() || pkg.name : pkg.name;
}

export async function findMainPackages(moduleRoot: string, versionNames: readonly string[] = DEFAULT_VERSION_NAMES): Promise<MainPackage[]> {
  await loadGo();
  const out: MainPackage[] = [];
  for (const batch of walkDirs(moduleRoot)) {
    const goFiles = batch.files.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    if (!goFiles.length) continue;
    let isMain = false;
    let versionVar: string | undefined;
    let usesCgo = false;
    for (const f of goFiles) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      const tree = parseGo(text);
      try {
        const file = new GoFile(f, text, tree);
        if (file.packageName !== 'main') continue;
        isMain = true;
        usesCgo ||= file.imports.has('C');
        versionVar ??= findVersionVariable(file, versionNames);
      } finally {
        tree.delete();
      }
    }
    if (!isMain) continue;
    const rel = path.relative(moduleRoot, batch.dir);
    out.push({
      dir: batch.dir,
      pattern: rel ? `./${rel.split(path.sep).join('/')}` : '.',
      name: path.basename(batch.dir),
      versionVariable: versionVar ? `main.${versionVar}` : undefined,
      usesCgo,
    });
  }
  return out;
}

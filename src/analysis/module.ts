// Facts from the nearest go.mod: module path, `go` line and `toolchain` line.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ModuleInfo {
  /** Absolute path of the go.mod file. */
  file: string;
  dir: string;
  modulePath: string;
  /** The `go` directive, e.g. "1.21" or "1.22.3"; undefined when absent. */
  goVersion?: string;
  /** The `toolchain` directive's version without the "go" prefix, e.g. "1.22.5". */
  toolchain?: string;
}

export function parseGoMod(file: string, text: string): ModuleInfo {
  const modulePath = /^\s*module\s+("?)([^\s"]+)\1/m.exec(text)?.[2] ?? '';
  const goVersion = /^\s*go\s+(\d+(?:\.\d+){0,2}\S*)\s*(?:\/\/.*)?$/m.exec(text)?.[1];
  const toolchain = /^\s*toolchain\s+go(\d+(?:\.\d+){0,2}\S*)\s*(?:\/\/.*)?$/m.exec(text)?.[1];
  return { file, dir: path.dirname(file), modulePath, goVersion, toolchain };
}

/** Compares dotted Go versions ("1.21" < "1.21.3" < "1.22"); pre-release suffixes are ignored. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => v.replace(/^go/, '').split(/[^\d]+/).filter(Boolean).map(Number);
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** True when the module's `go` line is at least the given version. */
export function goAtLeast(mod: ModuleInfo | undefined, version: string): boolean {
  return !!mod?.goVersion && compareGoVersions(mod.goVersion, version) >= 0;
}

/** Finds and parses the go.mod governing a directory, with a small cache keyed by mtime. */
export class ModuleFinder {
  private cache = new Map<string, { mtimeMs: number; info: ModuleInfo }>();

  constructor(private readonly read: (file: string) => string | undefined = readIfExists) {}

  find(dir: string): ModuleInfo | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
      const file = path.join(d, 'go.mod');
      const stat = statIfExists(file);
      if (stat) {
        const hit = this.cache.get(file);
        if (hit && hit.mtimeMs === stat.mtimeMs) return hit.info;
        const text = this.read(file);
        if (text === undefined) return undefined;
        const info = parseGoMod(file, text);
        this.cache.set(file, { mtimeMs: stat.mtimeMs, info });
        return info;
      }
      if (path.dirname(d) === d) return undefined;
    }
  }

  invalidate(file: string): void {
    this.cache.delete(file);
  }
}

function statIfExists(file: string): fs.Stats | undefined {
  try {
    // No exception for a missing file: it is the common case (every directory up to the
    // module root is asked on each analysis), and throwing costs ~15 µs a time.
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

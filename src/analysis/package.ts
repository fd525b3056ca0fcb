// The package index: the .go files of one directory with the same package clause, so that
// a Shutdown in server.go counts for a ListenAndServe in main.go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoFile } from './go-file';
import { parseGo } from './parser';

/** Files larger than this are not parsed as package-mates (generated tables, bindata). */
export const MAX_SIBLING_BYTES = 2 * 1024 * 1024;

export class GoPackage {
  private facts = new Map<string, unknown>();

  constructor(
    readonly dir: string,
    readonly name: string,
    /** Every file of the package, the analysed one included. */
    readonly files: readonly GoFile[],
  ) {}

  /** Computes a package-wide fact once per package snapshot (rules share them). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.facts.has(key)) this.facts.set(key, compute());
    return this.facts.get(key) as T;
  }

  /** Files other than the given one. */
  others(file: GoFile): GoFile[] {
    return this.files.filter((f) => f !== file);
  }
}

/** Source of package-mates: open documents (overlays) first, else the disk. */
export interface Overlay {
  get(filePath: string): GoFile | undefined;
}

const NO_OVERLAY: Overlay = { get: () => undefined };

/** Builds packages around a file, caching parsed package-mates by mtime and size. */
export class PackageLoader {
  private disk = new Map<string, { mtimeMs: number; size: number; file: GoFile }>();

  constructor(private readonly overlay: Overlay = NO_OVERLAY) {}

  packageOf(file: GoFile): GoPackage {
    const dir = path.dirname(file.path);
    const name = file.packageName;
    const files: GoFile[] = [file];
    for (const sibling of this.siblingPaths(dir)) {
      if (sibling === file.path) continue;
      const mate = this.overlay.get(sibling) ?? this.fromDisk(sibling);
      if (mate && mate.packageName === name) files.push(mate);
    }
    return new GoPackage(dir, name, files);
  }

  /** Forget a file read from disk (a file-watch notification). */
  invalidate(filePath: string): void {
    this.disk.delete(filePath);
  }

  /** Drop every cached tree (memory pressure, workspace change). */
  clear(): void {
    for (const { file } of this.disk.values()) file.tree.delete();
    this.disk.clear();
  }

  private siblingPaths(dir: string): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return [];
    }
    // Test files belong to the package too, but `_test` packages are filtered by name above.
    return names.filter((n) => n.endsWith('.go') && !n.startsWith('.') && !n.startsWith('_')).map((n) => path.join(dir, n));
  }

  private fromDisk(filePath: string): GoFile | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      this.disk.delete(filePath);
      return undefined;
    }
    if (!stat.isFile() || stat.size > MAX_SIBLING_BYTES) return undefined;
    const hit = this.disk.get(filePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.file;
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
    hit?.file.tree.delete();
    const file = new GoFile(filePath, text, parseGo(text));
    this.disk.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, file });
    return file;
  }
}

// The package index: the .go files of one directory with the same package clause, so that
// a Shutdown in server.go counts for a ListenAndServe in main.go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GateFile } from './gate';
import { GoFile } from './go-file';
import { headerOf } from './header';
import { parseGo } from './parser';

/** Files larger than this are not parsed as package-mates (generated tables, bindata). */
export const MAX_SIBLING_BYTES = 2 * 1024 * 1024;

export class GoPackage {
  private facts = new Map<string, unknown>();
  private loaded?: readonly GoFile[];
  private load?: () => readonly GoFile[];
  /** What rule gates read of each file: path, text, imports (no tree needed). */
  readonly gateFiles: readonly GateFile[];

  constructor(
    readonly dir: string,
    readonly name: string,
    /** Every file of the package, the analysed one included; a function parses them on first use. */
    files: readonly GoFile[] | (() => readonly GoFile[]),
    gateFiles?: readonly GateFile[],
  ) {
    if (typeof files === 'function') this.load = files;
    else this.loaded = files;
    this.gateFiles = gateFiles ?? this.files;
  }

  /** Parsed files of the package: package-mates are parsed only when a rule asks for them. */
  get files(): readonly GoFile[] {
    this.loaded ??= this.load!();
    return this.loaded;
  }

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

/** A package-mate read from disk: its header at once, its tree when a rule needs it. */
interface DiskFile extends GateFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly packageName: string;
  parsed?: GoFile;
}

/** Builds packages around a file, caching package-mates read from disk by mtime and size. */
interface Listing {
  at: number;
  paths: string[];
  disk: Map<string, DiskFile | undefined>;
}

/** How long a directory listing and its stats are trusted without a file-watch notification. */
const LISTING_TTL_MS = 1000;

export class PackageLoader {
  private disk = new Map<string, DiskFile>();
  private listings = new Map<string, Listing>();

  constructor(private readonly overlay: Overlay = NO_OVERLAY) {}

  packageOf(file: GoFile): GoPackage {
    const dir = path.dirname(file.path);
    const name = file.packageName;
    const mates: (GoFile | DiskFile)[] = [file];
    const listing = this.listing(dir);
    for (const sibling of listing.paths) {
      if (sibling === file.path) continue;
      const mate = this.overlay.get(sibling) ?? (listing.disk.has(sibling) ? listing.disk.get(sibling) : this.remember(listing, sibling));
      if (mate && mate.packageName === name) mates.push(mate);
    }
    const parse = () => mates.map((m) => (m instanceof GoFile ? m : this.parsed(m))).filter((f): f is GoFile => !!f);
    return new GoPackage(dir, name, parse, mates);
  }

  /**
   * A directory's listing and the disk files' stats, reused for a moment: a keystroke then
   * costs no readdir and no stat per package-mate. File watchers invalidate it at once.
   */
  private listing(dir: string): Listing {
    const now = Date.now();
    let hit = this.listings.get(dir);
    if (!hit || now - hit.at > LISTING_TTL_MS) {
      hit = { at: now, paths: goFilesIn(dir), disk: new Map() };
      this.listings.set(dir, hit);
    }
    return hit;
  }

  private remember(listing: Listing, filePath: string): DiskFile | undefined {
    const file = this.fromDisk(filePath);
    listing.disk.set(filePath, file);
    return file;
  }

  /** Forget a file read from disk (a file-watch notification). */
  invalidate(filePath: string): void {
    this.disk.get(filePath)?.parsed?.tree.delete();
    this.disk.delete(filePath);
    this.listings.delete(path.dirname(filePath));
  }

  /** Drop every cached tree (memory pressure, workspace change). */
  clear(): void {
    for (const f of this.disk.values()) f.parsed?.tree.delete();
    this.disk.clear();
    this.listings.clear();
  }

  private parsed(mate: DiskFile): GoFile | undefined {
    // Parsed lazily; a file changed since its header was read is re-read on the next packageOf.
    mate.parsed ??= new GoFile(mate.path, mate.text, parseGo(mate.text));
    return mate.parsed;
  }

  private fromDisk(filePath: string): DiskFile | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      this.invalidate(filePath);
      return undefined;
    }
    if (!stat.isFile() || stat.size > MAX_SIBLING_BYTES) return undefined;
    const hit = this.disk.get(filePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
    this.invalidate(filePath);
    const entry: DiskFile = { path: filePath, text, mtimeMs: stat.mtimeMs, size: stat.size, ...headerOf(filePath, text) };
    this.disk.set(filePath, entry);
    return entry;
  }
}

/**
 * The Go files of a directory that the go command reads (not `.` or `_` files); none when it
 * cannot be listed. Test files belong to the package too: `_test` packages are told apart by
 * their package clause.
 */
export function goFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.go') && !n.startsWith('.') && !n.startsWith('_')).map((n) => path.join(dir, n));
}

// Finding the files to analyse under a directory, as the go command walks `./...`:
// skip testdata, vendor, node_modules and directories starting with `.` or `_`, except
// `.github/workflows`, whose YAML files are analysed too. Files come grouped by directory,
// so a directory's package-mates can be parsed once and shared (and batches handed to workers).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from './file-kind';

/** The analysable files directly inside one directory, sorted by name. */
export interface DirBatch {
  dir: string;
  files: string[];
}

export type WalkErrorHandler = (filePath: string, reason: string) => void;

const SKIPPED_DIRS = new Set(['testdata', 'vendor', 'node_modules']);

/** Directory names the walk does not enter (the root itself is always entered). */
export function isSkippedDir(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith('.') || name.startsWith('_');
}

/** Whether a file inside a walked directory is analysed: a kind we know, not hidden from go. */
export function isAnalyzableName(filePath: string): boolean {
  const base = path.basename(filePath);
  if (base.startsWith('.') || base.startsWith('_')) return false;
  return fileKindOf(filePath) !== undefined;
}

export function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e?.message ?? String(error);
  }
}

function readDir(dir: string, onError: WalkErrorHandler): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    onError(dir, reasonOf(error));
    return undefined;
  }
}

/** Regular files, following symbolic links to files (not to directories: no cycles). */
function isFile(dir: string, entry: fs.Dirent): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(path.join(dir, entry.name)).isFile();
  } catch {
    return false;
  }
}

/**
 * Walks a directory depth-first in name order, yielding one batch per directory that holds
 * analysable files. Unreadable directories are reported through onError and skipped.
 */
export function* walkDirs(root: string, onError: WalkErrorHandler = () => {}): Generator<DirBatch> {
  const entries = readDir(root, onError);
  if (!entries) return;
  const files: string[] = [];
  const subdirs: string[] = [];
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!isSkippedDir(e.name)) subdirs.push(p);
    } else if (isAnalyzableName(p) && isFile(root, e)) {
      files.push(p);
    }
  }
  if (files.length) yield { dir: root, files };
  for (const sub of subdirs) yield* walkDirs(sub, onError);
  // `.github` is a dot-directory, but its workflows are analysed (not recursively: GitHub
  // reads only the files directly inside .github/workflows).
  if (entries.some((e) => e.name === '.github' && e.isDirectory())) {
    const workflows = path.join(root, '.github', 'workflows');
    if (fs.existsSync(workflows)) {
      const found = (readDir(workflows, onError) ?? [])
        .map((e) => ({ e, p: path.join(workflows, e.name) }))
        .filter(({ e, p }) => fileKindOf(p) === 'workflow' && isFile(workflows, e))
        .map(({ p }) => p);
      if (found.length) yield { dir: workflows, files: found };
    }
  }
}

/** Every analysable file under root, in walk order. */
export function walkAnalyzable(root: string, onError?: WalkErrorHandler): string[] {
  const out: string[] = [];
  for (const batch of walkDirs(root, onError)) out.push(...batch.files);
  return out;
}

// LSP 3.17 workspace/diagnostic under goForCloud.workspaceDiagnostics = "workspace": every
// analysable file of the workspace folders (the CLI's walk), analysed a directory at a time in
// the worker pool and streamed as partial results. Between requests only findings and file
// signatures (mtime, size, a content hash once a file changed) are kept, so a later request
// re-analyses only the directories whose files changed (a directory holds a file's
// package-mates; a go.mod change reaches everything under it) and answers `unchanged` for the
// rest. Open documents are left to the document pull, which sees their unsaved text.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  CancellationToken,
  Diagnostic,
  ResultProgressReporter,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { BatchOptions, BatchResult } from '../analysis/pool/batch';
import { WorkerPool } from '../analysis/pool/pool';
import { workerCount } from '../analysis/pool/runner';
import { walkDirs } from '../analysis/walk';
import { toDiagnostic } from './diagnostics';
import type { Settings } from './settings';

export interface WorkspaceHost {
  /** The goForCloud settings of a workspace folder (by URI). */
  settings(folderUri: string): Promise<Settings>;
  /** Paths of the open documents: the document pull reports those, from their live text. */
  openPaths(): Iterable<string>;
  localGoVersion(): string | undefined;
  /** Whether the client reports changed files (then an unchanged tree is not walked again). */
  watchesFiles(): boolean;
  log(message: string): void;
}

interface Signature {
  mtimeMs: number;
  size: number;
}

interface FileState extends Signature {
  /** Content hash, computed the first time the signature changes (to tell a touch from an edit). */
  hash?: string;
  resultId: string;
  items: Diagnostic[];
}

interface Folder {
  path: string;
  options: BatchOptions;
  /** Everything besides the files that the findings depend on. */
  optionsKey: string;
}

interface Dir {
  dir: string;
  folder: Folder;
  files: string[];
  /** From the walk; absent when the tree was not walked again (nothing reported changed). */
  stats?: Map<string, Signature>;
  /** Content hashes taken this time, stored once the directory is analysed again. */
  hashes?: Map<string, string>;
}

/** A typing user goes first: while keys came this recently, only one worker takes new batches. */
const QUIET_MS = 300;
/** The event loop is given back this often while walking a large tree. */
const SLICE_MS = 8;
/** Idle workers are stopped after this long: their wasm heaps hold what the largest package needed. */
const POOL_IDLE_MS = 60_000;
const NO_ITEMS: Diagnostic[] = [];

export class WorkspaceDiagnostics {
  private folders: string[] = [];
  private readonly files = new Map<string, FileState>();
  private readonly dirOptions = new Map<string, string>();
  private readonly dirFiles = new Map<string, string>();
  private listing?: Dir[];
  private needsWalk = true;
  /** Files the client said changed: their content is compared even when mtime and size match. */
  private readonly touched = new Set<string>();
  private pool?: WorkerPool;
  private poolSize = 0;
  /** Runs using a pool; a pool is only stopped with none (its pending batches would never settle). */
  private poolUsers = 0;
  private readonly retiring: WorkerPool[] = [];
  private idleTimer?: NodeJS.Timeout;
  private current?: Stop;
  private lastActivity = 0;
  private nextId = 0;
  private readonly session = Date.now().toString(36);
  private readonly logged = new Set<string>();
  private closed = false;

  constructor(private readonly host: WorkspaceHost) {}

  setFolders(uris: string[]): void {
    this.folders = [...new Set(uris.map(toPath).filter((p): p is string => !!p))];
    this.needsWalk = true;
  }

  /** workspace/didChangeWorkspaceFolders. */
  updateFolders(added: string[], removed: string[]): void {
    const gone = new Set(removed.map(toPath));
    this.setFolders([...this.folders.filter((f) => !gone.has(f)).map((f) => pathToFileURL(f).href), ...added]);
  }

  /** didChangeWatchedFiles (or a settings/world change with `undefined`): look again. */
  changed(uri?: string): void {
    this.needsWalk = true;
    const file = uri && toPath(uri);
    if (file) this.touched.add(file);
  }

  /** The last workspace findings of a file (the client pulls a document once more as it closes). */
  findingsOf(uri: string): Diagnostic[] | undefined {
    const file = toPath(uri);
    return file ? this.files.get(file)?.items : undefined;
  }

  /** The user is typing: leave the other cores to the document being edited for a moment. */
  noteActivity(): void {
    this.lastActivity = Date.now();
  }

  async report(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
  ): Promise<WorkspaceDiagnosticReport> {
    // A newer request supersedes this one, as does the client's cancellation.
    this.current?.stop();
    const stop = (this.current = new Stop());
    const subscription = token.onCancellationRequested(() => stop.stop());
    const cancelled = () => stop.stopped || this.closed;
    const previous = new Map<string, string>();
    for (const p of params.previousResultIds) {
      const file = toPath(p.uri);
      if (file) previous.set(file, p.value);
    }
    const sink = new Sink(progress);
    try {
      const open = new Set(this.host.openPaths());
      const folders = await this.enabledFolders();
      if (!folders.length) this.forget();
      else await this.analyse(folders, previous, open, sink, cancelled, stop);
      if (!cancelled()) {
        // Files reported before that are gone, or out of scope now: clear their problems.
        for (const file of previous.keys()) {
          if (!sink.reported.has(file) && !open.has(file) && !this.files.has(file)) sink.add(file, { kind: 'full', items: [] });
        }
      }
      return sink.finish();
    } catch (error) {
      this.logOnce(`workspace diagnostics failed: ${error instanceof Error ? error.message : String(error)}`);
      this.retirePool();
      return { items: [] };
    } finally {
      subscription.dispose();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const pools = [...this.retiring.splice(0), ...(this.pool ? [this.pool] : [])];
    this.pool = undefined;
    await Promise.all(pools.map((p) => p.close()));
  }

  /** The folders to analyse with their options; none unless the scope is "workspace". */
  private async enabledFolders(): Promise<Folder[]> {
    if (!this.folders.length) return [];
    const first = await this.host.settings(pathToFileURL(this.folders[0]).href);
    if (first.workspaceDiagnostics !== 'workspace') return [];
    const out: Folder[] = [];
    for (const folder of this.folders) {
      const s = await this.host.settings(pathToFileURL(folder).href);
      if (!s.enable) continue;
      const options: BatchOptions = { severities: s.severities, supportedGoReleases: s.supportedGoReleases, localGoVersion: this.host.localGoVersion() };
      out.push({ path: folder, options, optionsKey: JSON.stringify(options) });
    }
    return out;
  }

  private async analyse(folders: Folder[], previous: Map<string, string>, open: Set<string>, sink: Sink, cancelled: () => boolean, stop: Stop): Promise<void> {
    let listing = this.listing;
    if (!listing || this.needsWalk || !this.host.watchesFiles() || !sameFolders(listing, folders)) {
      this.needsWalk = false;
      const walked = await this.walk(folders, cancelled);
      if (!walked) {
        this.needsWalk = true;
        return;
      }
      listing = this.listing = walked;
      this.dropVanished(walked);
    } else {
      listing = listing.map((d) => ({ ...d, hashes: undefined, folder: folders.find((f) => f.path === d.folder.path)! }));
    }

    const stale: Dir[] = [];
    const staleRoots: string[] = [];
    let slice = Date.now();
    for (const d of listing) {
      // Hashing many changed files (a branch switch) must not hold up a keystroke either.
      if (Date.now() - slice > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        if (cancelled()) return;
        slice = Date.now();
      }
      if (this.isStale(d, staleRoots)) stale.push(d);
      else for (const file of d.files) this.emit(file, previous, open, sink);
    }
    sink.flush();
    if (!stale.length) return;

    // Directories of open documents first, then the largest, so the workers finish together.
    const bytes = (d: Dir) => d.files.reduce((n, f) => n + (d.stats?.get(f)?.size ?? 0), 0);
    const openDirs = new Set([...open].map((f) => path.dirname(f)));
    stale.sort((a, b) => Number(openDirs.has(b.dir)) - Number(openDirs.has(a.dir)) || bytes(b) - bytes(a));

    const pool = this.ensurePool();
    this.poolUsers++;
    let failure: unknown;
    const worker = async (_: unknown, index: number) => {
      for (;;) {
        if (index > 0) await this.quiet(cancelled);
        const d = stale.shift();
        if (!d || cancelled() || failure !== undefined) return;
        let result: BatchResult | undefined;
        try {
          const job = pool.run(d.files, d.folder.options);
          job.catch(() => undefined);
          // The answer does not wait for a batch running when the request is cancelled.
          result = await Promise.race([job, stop.stopped$]);
        } catch (error) {
          failure ??= error;
          return;
        }
        // A batch that finishes after a cancellation is dropped: its files may have changed.
        if (!result || cancelled()) return;
        this.record(d, result);
        for (const file of d.files) this.emit(file, previous, open, sink);
        sink.flush();
      }
    };
    try {
      await Promise.all(Array.from({ length: this.poolSize }, worker));
    } finally {
      this.releasePool();
    }
    if (failure !== undefined) throw failure;
  }

  /** Walks every folder (as the CLI does), with the signature of each file. */
  private async walk(folders: Folder[], cancelled: () => boolean): Promise<Dir[] | undefined> {
    const out: Dir[] = [];
    const seen = new Set<string>();
    let slice = Date.now();
    for (const folder of folders) {
      for (const batch of walkDirs(folder.path)) {
        if (Date.now() - slice > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          if (cancelled()) return undefined;
          slice = Date.now();
        }
        // Nested folders: a directory belongs to the first folder that reached it.
        if (seen.has(batch.dir)) continue;
        seen.add(batch.dir);
        const stats = new Map<string, Signature>();
        for (const file of batch.files) {
          try {
            const st = fs.statSync(file);
            stats.set(file, { mtimeMs: st.mtimeMs, size: st.size });
          } catch {
            stats.set(file, { mtimeMs: -1, size: -1 });
          }
        }
        out.push({ dir: batch.dir, folder, files: batch.files, stats });
      }
    }
    return out;
  }

  private dropVanished(listing: Dir[]): void {
    const present = new Set(listing.flatMap((d) => d.files));
    for (const file of this.files.keys()) if (!present.has(file)) this.files.delete(file);
    for (const file of this.touched) if (!present.has(file)) this.touched.delete(file);
    const dirs = new Set(listing.map((d) => d.dir));
    for (const dir of this.dirOptions.keys()) {
      if (!dirs.has(dir)) {
        this.dirOptions.delete(dir);
        this.dirFiles.delete(dir);
      }
    }
  }

  /** Whether a directory must be analysed again; a changed go.mod makes its subtree stale. */
  private isStale(d: Dir, staleRoots: string[]): boolean {
    const under = staleRoots.some((r) => d.dir === r || d.dir.startsWith(r + path.sep));
    const fileList = d.files.join('\0');
    const listChanged = this.dirFiles.get(d.dir) !== fileList;
    let stale = under || listChanged || this.dirOptions.get(d.dir) !== d.folder.optionsKey;
    for (const file of d.files) {
      const changed = this.contentChanged(file, d);
      stale ||= changed;
      if (path.basename(file) === 'go.mod' && (changed || listChanged)) staleRoots.push(d.dir);
    }
    if (listChanged && this.dirFiles.has(d.dir) && !d.files.some((f) => path.basename(f) === 'go.mod')) {
      // A go.mod that disappeared also changes the module of everything below.
      const before = this.dirFiles.get(d.dir)!.split('\0');
      if (before.some((f) => path.basename(f) === 'go.mod')) staleRoots.push(d.dir);
    }
    return stale;
  }

  /** Compares a file with its state: signature first, content hash when that differs. */
  private contentChanged(file: string, d: Dir): boolean {
    const state = this.files.get(file);
    if (!state) return true;
    const stat = d.stats?.get(file);
    if (!stat) return false;
    const touched = this.touched.has(file);
    if (!touched && stat.mtimeMs === state.mtimeMs && stat.size === state.size) return false;
    const hash = hashOf(file);
    if (state.hash !== undefined && hash === state.hash) {
      state.mtimeMs = stat.mtimeMs;
      state.size = stat.size;
      this.touched.delete(file);
      return false;
    }
    (d.hashes ??= new Map()).set(file, hash);
    return true;
  }

  private record(d: Dir, result: BatchResult): void {
    for (const o of result.outcomes) {
      const old = this.files.get(o.file);
      const stat = d.stats?.get(o.file) ?? old;
      const items = o.findings.length ? o.findings.map(withoutFixes) : NO_ITEMS;
      this.files.set(o.file, {
        mtimeMs: stat?.mtimeMs ?? -1,
        size: stat?.size ?? -1,
        hash: d.hashes?.get(o.file) ?? old?.hash,
        resultId: `${this.session}.${++this.nextId}`,
        items,
      });
    }
    for (const file of d.files) this.touched.delete(file);
    this.dirOptions.set(d.dir, d.folder.optionsKey);
    this.dirFiles.set(d.dir, d.files.join('\0'));
    for (const f of result.ruleFailures) this.logOnce(`rule ${f.rule} failed on ${f.file}: ${f.message}`);
  }

  private emit(file: string, previous: Map<string, string>, open: Set<string>, sink: Sink): void {
    const state = this.files.get(file);
    if (!state || open.has(file)) return;
    if (previous.get(file) === state.resultId) sink.add(file, { kind: 'unchanged', resultId: state.resultId });
    else sink.add(file, { kind: 'full', resultId: state.resultId, items: state.items });
  }

  private async quiet(cancelled: () => boolean): Promise<void> {
    for (let wait = this.lastActivity + QUIET_MS - Date.now(); wait > 0 && !cancelled(); wait = this.lastActivity + QUIET_MS - Date.now()) {
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** One worker per core, started on first need. */
  private ensurePool(): WorkerPool {
    clearTimeout(this.idleTimer);
    if (!this.pool) {
      this.poolSize = Math.max(1, workerCount(Number.MAX_SAFE_INTEGER));
      this.pool = new WorkerPool(this.poolSize);
    }
    return this.pool;
  }

  private releasePool(): void {
    if (--this.poolUsers > 0) return;
    for (const p of this.retiring.splice(0)) void p.close();
    if (this.pool) this.idleTimer = setTimeout(() => this.retirePool(), POOL_IDLE_MS).unref();
  }

  /** Detaches the pool (the next run starts a new one) and stops it once no run uses it. */
  private retirePool(): void {
    clearTimeout(this.idleTimer);
    const pool = this.pool;
    this.pool = undefined;
    if (!pool) return;
    if (this.poolUsers === 0) void pool.close();
    else this.retiring.push(pool);
  }

  /** Out of scope: keep nothing and stop the workers. */
  private forget(): void {
    this.files.clear();
    this.dirOptions.clear();
    this.dirFiles.clear();
    this.listing = undefined;
    this.needsWalk = true;
    this.retirePool();
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.host.log(message);
  }
}

class Stop {
  stopped = false;
  private resolve!: () => void;
  readonly stopped$ = new Promise<undefined>((r) => (this.resolve = () => r(undefined)));

  stop(): void {
    this.stopped = true;
    this.resolve();
  }
}

/** Collects reports, streamed as partial results when the client gave a token. */
class Sink {
  readonly reported = new Set<string>();
  private pending: WorkspaceDocumentDiagnosticReport[] = [];

  constructor(private readonly progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>) {}

  add(file: string, report: { kind: 'full'; resultId?: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string }): void {
    this.reported.add(file);
    this.pending.push({ ...report, uri: pathToFileURL(file).href, version: null });
  }

  flush(): void {
    if (!this.progress || !this.pending.length) return;
    this.progress.report({ items: this.pending });
    this.pending = [];
  }

  /** The final response; empty when everything went out as partial results. */
  finish(): WorkspaceDiagnosticReport {
    this.flush();
    return { items: this.progress ? [] : this.pending };
  }
}

function sameFolders(listing: Dir[], folders: Folder[]): boolean {
  const listed = new Set(listing.map((d) => d.folder.path));
  return folders.every((f) => listed.has(f.path)) && [...listed].every((p) => folders.some((f) => f.path === p));
}

function withoutFixes(finding: Parameters<typeof toDiagnostic>[0]): Diagnostic {
  // Fixes are offered once the file is open (the document pull); not kept for closed files.
  const { data: _data, ...diagnostic } = toDiagnostic(finding, 0);
  return diagnostic;
}

function hashOf(file: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

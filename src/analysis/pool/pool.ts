// A fixed pool of worker threads analysing directory batches; each worker parses a
// directory's files once and shares the trees between package-mates, as in-process does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchOptions, BatchResult } from './batch';
import type { BatchRunner } from './runner';

export interface PoolRequest {
  id: number;
  files: string[];
  opts: BatchOptions;
}

export type PoolResponse = { id: number; result: BatchResult } | { id: number; error: string };

/** The worker script: next to the bundle (dist/analysis-worker.js) or compiled beside this file. */
function workerScript(): string {
  const candidates = [path.join(__dirname, 'analysis-worker.js'), path.join(__dirname, 'worker.js')];
  const hit = candidates.find((p) => fs.existsSync(p));
  if (!hit) throw new Error(`cannot find the analysis worker (looked in ${candidates.join(', ')})`);
  return hit;
}

interface Pending {
  req: PoolRequest;
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

export class WorkerPool implements BatchRunner {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly workers: Worker[] = [];
  private nextId = 1;
  private broken?: Error;
  private closing = false;

  constructor(size: number) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { wasmDir: path.dirname(script) } });
      w.on('message', (msg: PoolResponse) => this.done(w, msg));
      w.on('error', (err) => this.fail(w, err));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(w, new Error(`analysis worker exited with status ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(files: readonly string[], opts: BatchOptions): Promise<BatchResult> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, files: [...files], opts }, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.req);
    }
  }

  private done(w: Worker, msg: PoolResponse): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    this.idle.push(w);
    if (job) {
      if ('result' in msg) job.resolve(msg.result);
      else job.reject(new Error(msg.error));
    }
    this.pump();
  }

  /** A dead worker fails its job and every later one: better a clear error than a hang. */
  private fail(w: Worker, err: Error): void {
    this.broken ??= err;
    const job = this.busy.get(w);
    this.busy.delete(w);
    job?.reject(err);
    for (const j of this.queue.splice(0)) j.reject(err);
  }
}

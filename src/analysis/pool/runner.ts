// Runs batch analyses either in this thread or in a pool of worker threads; the CLI (and later
// workspace diagnostics) talks to this interface only.
import * as os from 'node:os';
import { loadGo } from '../parser';
import { BatchAnalyzer, type BatchOptions, type BatchResult } from './batch';

export interface BatchRunner {
  run(files: readonly string[], opts: BatchOptions): Promise<BatchResult>;
  close(): Promise<void>;
}

export class InProcessRunner implements BatchRunner {
  private readonly analyzer = new BatchAnalyzer();

  async run(files: readonly string[], opts: BatchOptions): Promise<BatchResult> {
    await loadGo();
    return this.analyzer.analyze(files, opts);
  }

  async close(): Promise<void> {}
}

/** Below this many files, starting workers (each loads the wasm grammar) costs more than it saves. */
export const POOL_THRESHOLD_FILES = 300;

/** Worker count: GO_FOR_CLOUD_WORKERS when set (0 = none), else one per core for big runs. */
export function workerCount(totalFiles: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.GO_FOR_CLOUD_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 64);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return totalFiles >= POOL_THRESHOLD_FILES && cores > 1 ? cores : 0;
}

export async function createRunner(totalFiles: number): Promise<BatchRunner> {
  const n = workerCount(totalFiles);
  if (n === 0) return new InProcessRunner();
  const { WorkerPool } = await import('./pool.js');
  return new WorkerPool(n);
}

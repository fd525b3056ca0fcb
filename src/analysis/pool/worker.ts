// A worker thread of the analysis pool: loads the grammar once, then analyses the batches
// it is sent, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { loadGo } from '../parser';
import { BatchAnalyzer } from './batch';
import type { PoolRequest, PoolResponse } from './pool';

const port = parentPort;
if (port) {
  const analyzer = new BatchAnalyzer();
  const ready = loadGo((workerData as { wasmDir?: string } | undefined)?.wasmDir);
  port.on('message', (req: PoolRequest) => {
    ready
      .then(() => {
        const result = analyzer.analyze(req.files, req.opts);
        port.postMessage({ id: req.id, result } satisfies PoolResponse);
      })
      .catch((error: unknown) => {
        port.postMessage({ id: req.id, error: error instanceof Error ? error.message : String(error) } satisfies PoolResponse);
      });
  });
}

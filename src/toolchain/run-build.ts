// Runs a build plan: one `go build` per target, in parallel up to the CPU count, each into a
// temporary name that is renamed only on success, so a failed or cancelled build leaves no
// partial output behind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildPlan, BuildStep } from './build-plan';
import { runGo } from './go-command';
import { targetName } from './targets';

export interface StepResult {
  target: string;
  output: string;
  ok: boolean;
  cancelled: boolean;
  /** go's stderr (compile errors) when it failed. */
  errors: string;
  seconds: number;
  size?: number;
}

export interface RunBuildOptions {
  goBin: string;
  cwd: string;
  signal?: AbortSignal;
  concurrency?: number;
  timeoutMs?: number;
  onOutput?: (target: string, chunk: string) => void;
  onStepDone?: (r: StepResult) => void;
}

function partialName(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output)}.partial-${process.pid}`);
}

async function runStep(step: BuildStep, opts: RunBuildOptions): Promise<StepResult> {
  const started = Date.now();
  const output = path.resolve(opts.cwd, step.output);
  const partial = partialName(output);
  const name = targetName(step.target);
  const args = [...step.args];
  args[args.indexOf('-o') + 1] = partial;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const result: StepResult = { target: name, output, ok: false, cancelled: false, errors: '', seconds: 0 };
  if (opts.signal?.aborted) return { ...result, cancelled: true };
  try {
    const r = await runGo(opts.goBin, args, {
      cwd: opts.cwd,
      env: step.env,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      onOutput: (c) => opts.onOutput?.(name, c),
    });
    result.cancelled = r.cancelled;
    result.errors = r.timedOut ? `go build timed out\n${r.stderr}` : r.stderr;
    if (r.exitCode === 0 && !r.cancelled && fs.existsSync(partial)) {
      fs.renameSync(partial, output);
      result.ok = true;
      result.size = fs.statSync(output).size;
    }
  } finally {
    fs.rmSync(partial, { force: true });
    result.seconds = (Date.now() - started) / 1000;
  }
  return result;
}

export async function runBuild(plan: BuildPlan, opts: RunBuildOptions): Promise<StepResult[]> {
  const limit = Math.max(1, Math.min(opts.concurrency ?? os.cpus().length, plan.steps.length));
  const results: StepResult[] = new Array(plan.steps.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.steps.length) {
      const i = next++;
      results[i] = await runStep(plan.steps[i], opts);
      opts.onStepDone?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

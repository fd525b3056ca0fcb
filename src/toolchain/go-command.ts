// Runs the go command from an argument list (execa, never a shell) with cancellation, a
// timeout and streamed output.
import type { DistTarget } from './targets';

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  onOutput?: (chunk: string) => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
}

export async function runGo(goBin: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const { execa } = await import('execa');
  const child = execa(goBin, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    reject: false,
    all: false,
    cancelSignal: opts.signal,
    timeout: opts.timeoutMs,
    shell: false,
    stdin: 'ignore',
    // Kill the whole go command (it runs compile/link children) when cancelled.
    forceKillAfterDelay: 2000,
  });
  child.stdout?.on('data', (d: Buffer) => opts.onOutput?.(d.toString()));
  child.stderr?.on('data', (d: Buffer) => opts.onOutput?.(d.toString()));
  const r = await child;
  return {
    exitCode: typeof r.exitCode === 'number' ? r.exitCode : 1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    cancelled: !!r.isCanceled,
    timedOut: !!r.timedOut,
  };
}

export interface GoEnv {
  GOOS: string;
  GOARCH: string;
  GOROOT: string;
  GOVERSION: string;
  GOMOD?: string;
  [key: string]: string | undefined;
}

export async function goEnv(goBin: string, cwd: string): Promise<GoEnv> {
  const r = await runGo(goBin, ['env', '-json'], { cwd, timeoutMs: 30_000 });
  if (r.exitCode !== 0) throw new Error(`go env failed: ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout) as GoEnv;
}

export async function distList(goBin: string, cwd: string): Promise<DistTarget[]> {
  const r = await runGo(goBin, ['tool', 'dist', 'list', '-json'], { cwd, timeoutMs: 30_000 });
  if (r.exitCode !== 0) throw new Error(`go tool dist list failed: ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout) as DistTarget[];
}

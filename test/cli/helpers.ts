// Runs the built CLI (dist/cli.js) as a child process, as a user or CI would.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    timeout: 80_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of a fixture tree in a fresh temporary directory (for --fix). */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-cli-'));
  const dest = path.join(dir, name);
  fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true });
  return dest;
}

/** No stack trace ever reaches the user. */
export function assertNoStack(text: string): void {
  if (/^\s+at .+:\d+:\d+\)?$/m.test(text) || /\b(TypeError|ReferenceError|RangeError)\b/.test(text)) {
    throw new Error(`output contains a stack trace or internal error:\n${text}`);
  }
}

// Finds the `go` executable: a user/machine setting (never a workspace one; the caller
// guarantees that), then $GOROOT/bin, then PATH.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class GoNotFoundError extends Error {
  constructor(message = 'Go is not installed or not on PATH: install Go, or set goForCloud.goPath') {
    super(message);
    this.name = 'GoNotFoundError';
  }
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `name` (`.exe` added on Windows) in the PATH directories. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const exe = platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, exe);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

export interface FindGoOptions {
  /** goForCloud.goPath from user or machine settings: the binary or its directory. */
  configured?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export function findGo(opts: FindGoOptions = {}): string {
  const env = opts.env ?? process.env;
  const exe = (opts.platform ?? process.platform) === 'win32' ? 'go.exe' : 'go';
  if (opts.configured) {
    const p = opts.configured;
    const candidate = isExecutable(p) ? p : path.join(p, exe);
    if (isExecutable(candidate)) return candidate;
    const bin = path.join(p, 'bin', exe);
    if (isExecutable(bin)) return bin;
    throw new GoNotFoundError(`goForCloud.goPath is set to "${p}", but no go executable is there`);
  }
  if (env.GOROOT) {
    const p = path.join(env.GOROOT, 'bin', exe);
    if (isExecutable(p)) return p;
  }
  const onPath = findOnPath('go', env, opts.platform ?? process.platform);
  if (onPath) return onPath;
  throw new GoNotFoundError();
}

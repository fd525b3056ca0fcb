// Go programs running on this machine, like gops: every process whose executable has readable
// build info. Linux reads /proc/<pid>/exe (works for deleted binaries too); macOS asks `ps`
// for the executable path; other platforms are not supported.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { readBuildInfo } from './reader';
import type { BuildInfo } from './modinfo';

export interface GoProcess {
  pid: number;
  name: string;
  /** Path of the executable as the OS reports it ("… (deleted)" when replaced on Linux). */
  exe: string;
  /** Path the build info was read from (/proc/<pid>/exe on Linux). */
  readFrom: string;
  info: BuildInfo;
}

export interface ProcessScan {
  processes: GoProcess[];
  /** Processes whose executable could not be read (another user's, without privileges). */
  unreadable: number;
}

export class UnsupportedPlatformError extends Error {}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

type Candidate = { pid: number; name: string; exe: string; readFrom: string };

async function linuxCandidates(proc: string): Promise<(Candidate | 'unreadable')[]> {
  const pids = (await fsp.readdir(proc)).filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => a - b);
  const found = await mapLimit(pids, 16, async (pid) => {
    const dir = `${proc}/${pid}`;
    let exe: string;
    try {
      exe = await fsp.readlink(`${dir}/exe`);
    } catch (e) {
      // Kernel threads have no executable; other users' processes need privileges.
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM' ? 'unreadable' : undefined;
    }
    const name = (await fsp.readFile(`${dir}/comm`, 'utf8').catch(() => '')).trim();
    return { pid, name, exe, readFrom: `${dir}/exe` };
  });
  return found.filter((c) => c !== undefined);
}

function darwinCandidates(): Promise<Candidate[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-axo', 'pid=,comm='], { maxBuffer: 16 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const rows = stdout.split('\n').flatMap((line) => {
        const m = /^\s*(\d+)\s+(\/.*)$/.exec(line);
        return m ? [{ pid: Number(m[1]), name: m[2].split('/').pop()!, exe: m[2], readFrom: m[2] }] : [];
      });
      resolve(rows);
    });
  });
}

/** Lists Go processes; throws UnsupportedPlatformError where the OS gives no executable paths. */
export async function listGoProcesses(opts: { platform?: NodeJS.Platform; proc?: string } = {}): Promise<ProcessScan> {
  const platform = opts.platform ?? process.platform;
  let candidates: (Candidate | 'unreadable')[];
  if (platform === 'linux') candidates = await linuxCandidates(opts.proc ?? '/proc');
  else if (platform === 'darwin') candidates = await darwinCandidates();
  else throw new UnsupportedPlatformError(`listing Go processes is not supported on ${platform} (supported: Linux via /proc, macOS via ps)`);

  let unreadable = candidates.filter((c) => c === 'unreadable').length;
  const cache = new Map<string, Promise<BuildInfo | undefined>>();
  const readable = candidates.filter((c): c is Candidate => c !== 'unreadable');
  const results = await mapLimit(readable, 8, async (c) => {
    // Many processes share one executable; read each file once.
    const st = await fsp.stat(c.readFrom).catch(() => undefined);
    if (!st) {
      unreadable++;
      return undefined;
    }
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    if (!cache.has(key)) cache.set(key, readBuildInfo(c.readFrom).catch(() => undefined));
    const info = await cache.get(key);
    return info ? { ...c, info } : undefined;
  });
  return { processes: results.filter((r): r is GoProcess => !!r), unreadable };
}

// "Capture Profile": fetch /debug/pprof/<kind> from a running service with a cancellable
// progress, save the .pb.gz beside the build info of the binary that served it (when it runs
// on this machine), then open it.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBuildInfo, readBuildInfo } from '../../buildinfo';
import { listenerExecutable } from '../../insight/listener';

export const PROFILE_KINDS = ['profile', 'heap', 'goroutine', 'mutex', 'block', 'allocs'] as const;
const MAX_BYTES = 256 * 1024 * 1024;

/** GETs a URL into memory, bounded in size, cancellable. */
export function fetchBytes(url: URL, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { signal, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${url.href} answered ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) req.destroy(new Error('profile larger than 256 MB'));
        else chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} in time`)));
    req.on('error', reject);
  });
}

export interface Captured {
  file: string;
  buildInfoFile?: string;
}

export async function captureProfile(base: string, kind: (typeof PROFILE_KINDS)[number], seconds: number, folder: string): Promise<Captured | undefined> {
  let url: URL;
  try {
    url = new URL(`debug/pprof/${kind}${kind === 'profile' ? `?seconds=${seconds}` : ''}`, base.endsWith('/') ? base : base + '/');
  } catch {
    void vscode.window.showErrorMessage(`Go for Cloud: "${base}" is not a URL (e.g. http://localhost:6060).`);
    return undefined;
  }
  const bytes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Go for Cloud: capturing ${kind} profile from ${url.host}`, cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      let tick: NodeJS.Timeout | undefined;
      if (kind === 'profile') {
        let elapsed = 0;
        tick = setInterval(() => progress.report({ increment: 100 / seconds, message: `${++elapsed}/${seconds} s` }), 1000);
      }
      try {
        return await fetchBytes(url, ac.signal, (kind === 'profile' ? seconds + 30 : 30) * 1000);
      } catch (e) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Go for Cloud: could not capture the profile: ${(e as Error).message}`);
        return undefined;
      } finally {
        if (tick) clearInterval(tick);
      }
    },
  );
  if (!bytes) return undefined;
  const dir = path.join(folder, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${kind}-${stamp}.pb.gz`);
  fs.writeFileSync(file, bytes);
  const result: Captured = { file };
  const local = ['localhost', '127.0.0.1', '[::1]', '::1'].includes(url.hostname);
  const exe = local ? listenerExecutable(Number(url.port || (url.protocol === 'https:' ? 443 : 80))) : undefined;
  if (exe) {
    const info = await readBuildInfo(exe).catch(() => undefined);
    if (info) {
      result.buildInfoFile = file.replace(/\.pb\.gz$/, '.buildinfo.txt');
      fs.writeFileSync(result.buildInfoFile, `# build info of ${exe}, which served the profile\n${formatBuildInfo(info)}`);
    }
  }
  return result;
}

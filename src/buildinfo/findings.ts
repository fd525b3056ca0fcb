// What a platform engineer wants to know about a Go binary, from its build info alone.
// Shared by `go-for-cloud buildinfo`/`ps` and the inspector. Precision first: a binary without
// build settings (built before Go 1.18) gets no setting-based findings, since absence proves nothing.
import { isSupported, majorOf, supportedReleases } from '../toolchain/go-releases';
import type { BuildInfo, Module } from './modinfo';
import { setting } from './modinfo';

export type FindingId = 'unsupported-go' | 'no-vcs-revision' | 'vcs-modified' | 'cgo-enabled' | 'no-trimpath' | 'local-replace';

/** The line of `go version -m` output a finding is about. */
export type FindingTarget = { kind: 'version' } | { kind: 'setting'; key: string } | { kind: 'module'; path: string } | { kind: 'path' };

export interface BuildInfoFinding {
  id: FindingId;
  severity: 'warning' | 'info';
  message: string;
  target: FindingTarget;
}

/** modfile.IsDirectoryPath: a replacement that points at a directory on the build machine. */
export function isLocalPath(p: string): boolean {
  return /^(\.\.?([/\\]|$)|\/|\\|[A-Za-z]:[/\\])/.test(p);
}

export function buildInfoFindings(bi: BuildInfo, now: Date = new Date(), supported = supportedReleases(now)): BuildInfoFinding[] {
  const out: BuildInfoFinding[] = [];
  const version = bi.goVersion.split(/[ -]X:/)[0];
  const major = majorOf(version);
  if (major && !isSupported(version, supported)) {
    out.push({
      id: 'unsupported-go',
      severity: 'warning',
      message: `Built with ${version}: Go ${major} no longer gets security fixes (supported: ${supported.map((s) => `Go ${s}`).join(', ')}).`,
      target: { kind: 'version' },
    });
  }
  if (bi.settings.length) {
    const revision = setting(bi, 'vcs.revision');
    if (!revision) {
      out.push({ id: 'no-vcs-revision', severity: 'info', message: 'No vcs.revision: the commit this binary was built from is not embedded.', target: { kind: 'path' } });
    }
    if (setting(bi, 'vcs.modified') === 'true') {
      out.push({ id: 'vcs-modified', severity: 'warning', message: 'vcs.modified=true: built from a working tree with uncommitted changes.', target: { kind: 'setting', key: 'vcs.modified' } });
    }
    if (setting(bi, 'CGO_ENABLED') === '1') {
      out.push({ id: 'cgo-enabled', severity: 'info', message: 'CGO_ENABLED=1: the binary may link libc dynamically and fail on scratch or distroless-static images.', target: { kind: 'setting', key: 'CGO_ENABLED' } });
    }
    // Go 1.18 never recorded -trimpath, so only a newer binary can prove it is missing.
    const minor = Number(major?.split('.')[1] ?? NaN);
    if (setting(bi, '-trimpath') !== 'true' && !(minor <= 18)) {
      out.push({ id: 'no-trimpath', severity: 'info', message: 'Built without -trimpath: file system paths of the build machine are embedded.', target: { kind: 'path' } });
    }
  }
  const local = (m: Module) => m.replace && isLocalPath(m.replace.path);
  for (const m of [bi.main, ...bi.deps].filter(local)) {
    out.push({
      id: 'local-replace',
      severity: 'warning',
      message: `${m.path} is replaced by the local directory ${m.replace!.path}: the build depends on files outside the module cache.`,
      target: { kind: 'module', path: m.path },
    });
  }
  return out;
}

/**
 * 0-based line of a target in `go version -m` output (line 0 is "FILE: VERSION"); the
 * module line for a module, the `build` line for a setting (or line 0 when absent).
 */
export function targetLine(bi: BuildInfo, target: FindingTarget): number {
  let line = 1;
  const hasPath = !!bi.path;
  if (target.kind === 'version') return 0;
  if (target.kind === 'path') return hasPath ? 1 : 0;
  if (hasPath) line++;
  const mods = [bi.main.path || bi.main.version || bi.main.sum || bi.main.replace ? bi.main : undefined, ...bi.deps];
  for (const m of mods) {
    if (!m) continue;
    if (target.kind === 'module' && m.path === target.path) return line;
    line += m.replace ? 3 : 1; // the => line and the empty line after it
  }
  if (target.kind === 'module') return 0;
  const i = bi.settings.findIndex((s) => s.key === target.key);
  return i < 0 ? 0 : line + i;
}

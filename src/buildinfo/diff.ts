// Compares the build info of two binaries: toolchain, main module, settings and dependencies.
import type { BuildInfo, Module } from './modinfo';

export type DepChange = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'replaced' | 'changed';

export interface DepDiff {
  path: string;
  change: DepChange;
  from?: Module;
  to?: Module;
}

export interface SettingDiff {
  key: string;
  from?: string;
  to?: string;
}

export interface BuildInfoDiff {
  goVersion?: { from: string; to: string };
  path?: { from: string; to: string };
  main?: { from: Module; to: Module };
  settings: SettingDiff[];
  deps: DepDiff[];
}

const SEMVER = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Semantic version order (pre-releases, and so pseudo-versions, included); undefined if either is not semver. */
export function compareSemver(a: string, b: string): number | undefined {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d) return Math.sign(d);
  }
  if (x[4] === y[4]) return 0;
  if (x[4] === undefined) return 1;
  if (y[4] === undefined) return -1;
  const p = x[4].split('.');
  const q = y[4].split('.');
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    if (p[i] === undefined) return -1;
    if (q[i] === undefined) return 1;
    if (p[i] === q[i]) continue;
    const pn = /^\d+$/.test(p[i]);
    const qn = /^\d+$/.test(q[i]);
    if (pn && qn) return Math.sign(Number(p[i]) - Number(q[i]));
    if (pn !== qn) return pn ? -1 : 1;
    return p[i] < q[i] ? -1 : 1;
  }
  return 0;
}

const sameModule = (a?: Module, b?: Module): boolean =>
  a === b || (!!a && !!b && a.path === b.path && a.version === b.version && a.sum === b.sum && sameModule(a.replace, b.replace));

export function diffBuildInfo(a: BuildInfo, b: BuildInfo): BuildInfoDiff {
  const out: BuildInfoDiff = { settings: [], deps: [] };
  if (a.goVersion !== b.goVersion) out.goVersion = { from: a.goVersion, to: b.goVersion };
  if (a.path !== b.path) out.path = { from: a.path, to: b.path };
  if (!sameModule(a.main, b.main)) out.main = { from: a.main, to: b.main };

  const sa = new Map(a.settings.map((s) => [s.key, s.value]));
  const sb = new Map(b.settings.map((s) => [s.key, s.value]));
  for (const key of new Set([...sa.keys(), ...sb.keys()])) {
    if (sa.get(key) !== sb.get(key)) out.settings.push({ key, from: sa.get(key), to: sb.get(key) });
  }

  const da = new Map(a.deps.map((d) => [d.path, d]));
  const db = new Map(b.deps.map((d) => [d.path, d]));
  for (const path of [...new Set([...da.keys(), ...db.keys()])].sort()) {
    const from = da.get(path);
    const to = db.get(path);
    if (sameModule(from, to)) continue;
    let change: DepChange;
    if (!from) change = 'added';
    else if (!to) change = 'removed';
    else if (!sameModule(from.replace, to.replace)) change = 'replaced';
    else {
      const c = compareSemver(from.version, to.version);
      change = c === undefined || c === 0 ? 'changed' : c < 0 ? 'upgraded' : 'downgraded';
    }
    out.deps.push({ path, change, from, to });
  }
  return out;
}

export function isEmptyDiff(d: BuildInfoDiff): boolean {
  return !d.goVersion && !d.path && !d.main && !d.settings.length && !d.deps.length;
}

const modText = (m?: Module): string => (!m ? '(none)' : `${m.path} ${m.version}${m.replace ? ` => ${modText(m.replace)}` : ''}`.trim());
const val = (v?: string) => (v === undefined ? '(unset)' : v === '' ? '""' : v);

/** A readable report, one change per line. */
export function formatDiff(d: BuildInfoDiff, nameA: string, nameB: string): string {
  const lines = [`--- ${nameA}`, `+++ ${nameB}`];
  if (isEmptyDiff(d)) return [...lines, 'no differences in build info', ''].join('\n');
  if (d.goVersion) lines.push(`go version: ${d.goVersion.from} -> ${d.goVersion.to}`);
  if (d.path) lines.push(`path: ${d.path.from || '(none)'} -> ${d.path.to || '(none)'}`);
  if (d.main) lines.push(`main module: ${modText(d.main.from)} -> ${modText(d.main.to)}`);
  if (d.settings.length) {
    lines.push('settings:');
    for (const s of d.settings) {
      if (s.from === undefined) lines.push(`  added     ${s.key}=${s.to}`);
      else if (s.to === undefined) lines.push(`  removed   ${s.key}=${s.from}`);
      else lines.push(`  changed   ${s.key}: ${val(s.from)} -> ${val(s.to)}`);
    }
  }
  if (d.deps.length) {
    lines.push('dependencies:');
    for (const c of d.deps) {
      const tail =
        c.change === 'added' ? modText(c.to).slice(c.path.length + 1)
        : c.change === 'removed' ? modText(c.from).slice(c.path.length + 1)
        : `${modText(c.from).slice(c.path.length + 1)} -> ${modText(c.to).slice(c.path.length + 1)}`;
      lines.push(`  ${c.change.padEnd(10)}${c.path} ${tail}`);
    }
  }
  return lines.join('\n') + '\n';
}

// The build info text: runtime/debug's ParseBuildInfo and BuildInfo.String, byte for byte.
import { BuildInfoError } from './errors';
import { decodeBytes, goQuote, unquotePrefix } from './gostring';

export interface Module {
  path: string;
  version: string;
  sum: string;
  replace?: Module;
}

export interface BuildSetting {
  key: string;
  value: string;
}

export interface BuildInfo {
  /** Toolchain version, e.g. "go1.19.8" ("" when parsed from text without a `go` line). */
  goVersion: string;
  path: string;
  main: Module;
  deps: Module[];
  settings: BuildSetting[];
}

export function emptyBuildInfo(): BuildInfo {
  return { goVersion: '', path: '', main: { path: '', version: '', sum: '' }, deps: [], settings: [] };
}

const needsQuoteKey = (k: string) => k === '' || /[= \t\r\n"`]/.test(k);
const needsQuoteValue = (v: string) => /[ \t\r\n"`]/.test(v);

function isZero(m: Module): boolean {
  return !m.path && !m.version && !m.sum && !m.replace;
}

/** BuildInfo.String(): the `go`, `path`, `mod`, `dep`, `=>` and `build` lines. */
export function formatBuildInfo(bi: BuildInfo): string {
  let out = '';
  if (bi.goVersion) out += `go\t${bi.goVersion}\n`;
  if (bi.path) out += `path\t${bi.path}\n`;
  const mod = (word: string, m: Module) => {
    out += `${word}\t${m.path}\t${m.version}`;
    if (m.replace) {
      out += '\n';
      mod('=>', m.replace);
    } else {
      out += `\t${m.sum}`;
    }
    out += '\n'; // after a replacement this leaves the empty line Go writes too
  };
  if (!isZero(bi.main)) mod('mod', bi.main);
  for (const d of bi.deps) mod('dep', d);
  for (const s of bi.settings) {
    const key = needsQuoteKey(s.key) ? goQuote(s.key) : s.key;
    const value = needsQuoteValue(s.value) ? goQuote(s.value) : s.value;
    out += `build\t${key}=${value}\n`;
  }
  return out;
}

const startsWith = (b: Uint8Array, from: number, to: number, prefix: string) => {
  if (to - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[from + i] !== prefix.charCodeAt(i)) return false;
  return true;
};

class LineError extends Error {}

function readModule(fields: string[]): Module {
  if (fields.length !== 2 && fields.length !== 3) throw new LineError(`expected 2 or 3 columns; got ${fields.length}`);
  return { path: fields[0], version: fields[1], sum: fields[2] ?? '' };
}

function parseBuildLine(b: Uint8Array, from: number, to: number): BuildSetting {
  if (from >= to) throw new LineError("build line missing '='");
  let key: string;
  let rawFrom: number;
  const c = b[from];
  if (c === 0x3d) throw new LineError('build line with missing key');
  if (c === 0x22 || c === 0x60) {
    const q = unquotePrefix(b, from, to);
    if (!q) throw new LineError('invalid quoted key in build line');
    if (q.next === to) throw new LineError("build line missing '=' after quoted key");
    if (b[q.next] !== 0x3d) throw new LineError(`unexpected character after quoted key: ${goQuote(String.fromCharCode(b[q.next]), "'")}`);
    key = decodeBytes(Uint8Array.from(q.value));
    rawFrom = q.next + 1;
  } else {
    const eq = b.subarray(from, to).indexOf(0x3d);
    if (eq < 0) throw new LineError("build line missing '=' after key");
    key = decodeBytes(b, from, from + eq);
    if (needsQuoteKey(key)) throw new LineError(`unquoted key ${goQuote(key)} must be quoted`);
    rawFrom = from + eq + 1;
  }
  let value = '';
  if (rawFrom < to) {
    if (b[rawFrom] === 0x22 || b[rawFrom] === 0x60) {
      const q = unquotePrefix(b, rawFrom, to);
      if (!q || q.next !== to) throw new LineError('invalid quoted value in build line');
      value = decodeBytes(Uint8Array.from(q.value));
    } else {
      value = decodeBytes(b, rawFrom, to);
      if (needsQuoteValue(value)) throw new LineError(`unquoted value ${goQuote(value)} must be quoted`);
    }
  }
  return { key, value };
}

/** debug.ParseBuildInfo over raw bytes; throws BuildInfoError('parse') with Go's message. */
export function parseBuildInfo(data: Uint8Array): BuildInfo {
  const bi = emptyBuildInfo();
  let last: Module | undefined;
  let lineNum = 1;
  let pos = 0;
  try {
    while (pos < data.length) {
      const nl = data.indexOf(0x0a, pos);
      if (nl < 0) break; // a final fragment without a newline is ignored, as in Go
      const from = pos;
      pos = nl + 1;
      const fields = (skip: number) => decodeBytes(data, from + skip, nl).split('\t');
      if (startsWith(data, from, nl, 'path\t')) {
        bi.path = decodeBytes(data, from + 5, nl);
      } else if (startsWith(data, from, nl, 'mod\t')) {
        bi.main = readModule(fields(4));
        last = bi.main;
      } else if (startsWith(data, from, nl, 'dep\t')) {
        last = readModule(fields(4));
        bi.deps.push(last);
      } else if (startsWith(data, from, nl, '=>\t')) {
        const f = fields(3);
        if (f.length !== 3) throw new LineError(`expected 3 columns for replacement; got ${f.length}`);
        if (!last) throw new LineError('replacement with no module on previous line');
        last.replace = { path: f[0], version: f[1], sum: f[2] };
        last = undefined;
      } else if (startsWith(data, from, nl, 'build\t')) {
        bi.settings.push(parseBuildLine(data, from + 6, nl));
      }
      lineNum++;
    }
  } catch (e) {
    if (e instanceof LineError) throw new BuildInfoError('parse', `could not parse Go build info: line ${lineNum}: ${e.message}`);
    throw e;
  }
  return bi;
}

/** What `go version -m` prints under the file name: each line of String() behind a TAB. */
export function formatModuleLines(bi: BuildInfo): string {
  const text = formatBuildInfo({ ...bi, goVersion: '' });
  if (!text) return '';
  return `\t${text.slice(0, -1).replaceAll('\n', '\n\t')}\n`;
}

/** The value of a build setting, or undefined. */
export function setting(bi: BuildInfo, key: string): string | undefined {
  return bi.settings.find((s) => s.key === key)?.value;
}

// `go version -m -json`: encoding/json MarshalIndent("", "\t") of debug.BuildInfo, whose fields
// are all omitempty except Main (so `"Main": {}` appears even for GOPATH builds).
import type { BuildInfo, Module } from './modinfo';

/** Go's encoding/json string escaping (HTML-safe, U+2028/9 escaped, invalid UTF-8 → U+FFFD). */
export function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // an escaped invalid byte
    else out += ch;
  }
  return out + '"';
}

type Json = string | Json[] | { [k: string]: Json | undefined };

function moduleJSON(m: Module): { [k: string]: Json | undefined } {
  return {
    Path: m.path || undefined,
    Version: m.version || undefined,
    Sum: m.sum || undefined,
    Replace: m.replace ? moduleJSON(m.replace) : undefined,
  };
}

function encode(v: Json, indent: string): string {
  if (typeof v === 'string') return goJSONString(v);
  const inner = indent + '\t';
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[\n${v.map((x) => inner + encode(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter((e): e is [string, Json] => e[1] !== undefined);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${goJSONString(k)}: ${encode(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** The JSON text `go version -m -json` prints for one binary (without the final newline). */
export function buildInfoJSON(bi: BuildInfo): string {
  const doc: { [k: string]: Json | undefined } = {
    GoVersion: bi.goVersion || undefined,
    Path: bi.path || undefined,
    Main: moduleJSON(bi.main),
    Deps: bi.deps.length ? bi.deps.map(moduleJSON) : undefined,
    Settings: bi.settings.length ? bi.settings.map((s) => ({ Key: s.key || undefined, Value: s.value || undefined })) : undefined,
  };
  return encode(doc, '');
}

// Go strings are byte strings. Build info is decoded to JS strings with "surrogate escape":
// every byte that is not part of valid UTF-8 (as Go's utf8 package defines it) becomes the lone
// surrogate U+DC00+byte, so encoding gives back the exact bytes and quoting can print `\xHH`
// as strconv.Quote does.

/** Length of the valid UTF-8 sequence at i (Go's rules: no overlongs, no surrogates, ≤ U+10FFFF), or 0. */
function utf8SeqLen(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < end && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Decodes bytes [start, end) to a JS string, escaping invalid bytes as U+DC80..U+DCFF. */
export function decodeBytes(b: Uint8Array, start = 0, end = b.length): string {
  let out = '';
  let runStart = start;
  let i = start;
  // Fast path for runs of valid UTF-8, decoded by Buffer in one go.
  const flush = (to: number) => {
    if (to > runStart) out += Buffer.from(b.buffer, b.byteOffset + runStart, to - runStart).toString('utf8');
  };
  while (i < end) {
    const n = utf8SeqLen(b, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    out += String.fromCharCode(0xdc00 + b[i]);
    i++;
    runStart = i;
  }
  flush(end);
  return out;
}

/** Inverse of decodeBytes: escaped bytes come back as themselves, everything else as UTF-8. */
export function encodeString(s: string): Buffer {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isLoneLow = c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff);
    if (isLoneLow) {
      parts.push(Buffer.from(s.slice(last, i), 'utf8'), Buffer.from([c - 0xdc00]));
      last = i + 1;
    }
  }
  parts.push(Buffer.from(s.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** strconv.Quote (quote = '"') or strconv.QuoteRune-style (quote = "'") over a surrogate-escaped string. */
export function goQuote(s: string, quote: '"' | "'" = '"'): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += `\\x${hex(cp - 0xdc00, 2)}`;
    else if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // cannot come from bytes; be safe
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + quote;
}

/** Result of reading a quoted Go string literal at the start of b[start..end). */
interface Unquoted {
  /** The unquoted bytes. */
  value: number[];
  /** Index just after the closing quote. */
  next: number;
}

const REPLACEMENT = [0xef, 0xbf, 0xbd];

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function pushRune(out: number[], r: number): void {
  out.push(...Buffer.from(String.fromCodePoint(r), 'utf8'));
}

/** Go's unquote for a "…" or `…` literal at b[start]; null on syntax error. Mirrors strconv's rules. */
export function unquotePrefix(b: Uint8Array, start: number, end: number): Unquoted | null {
  if (end - start < 2) return null;
  const q = b[start];
  if (q === 0x60) {
    const value: number[] = [];
    for (let i = start + 1; i < end; i++) {
      if (b[i] === 0x60) return { value, next: i + 1 };
      if (b[i] !== 0x0d) value.push(b[i]);
    }
    return null;
  }
  if (q !== 0x22) return null;
  const value: number[] = [];
  let i = start + 1;
  while (i < end && b[i] !== 0x22) {
    const c = b[i];
    if (c === 0x0a) return null;
    if (c >= 0x80) {
      const n = utf8SeqLen(b, i, end);
      if (n === 0) {
        value.push(...REPLACEMENT);
        i++;
      } else {
        for (let k = 0; k < n; k++) value.push(b[i + k]);
        i += n;
      }
      continue;
    }
    if (c !== 0x5c) {
      value.push(c);
      i++;
      continue;
    }
    if (i + 1 >= end) return null;
    const e = b[i + 1];
    i += 2;
    const simple: Record<number, number> = { 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11, 0x5c: 0x5c, 0x22: 0x22 };
    if (e in simple) {
      value.push(simple[e]);
    } else if (e === 0x78 || e === 0x75 || e === 0x55) {
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (end - i < n) return null;
      let v = 0;
      for (let k = 0; k < n; k++) {
        const d = unhex(b[i + k]);
        if (d < 0) return null;
        v = v * 16 + d;
      }
      i += n;
      if (e === 0x78) value.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return null;
      else pushRune(value, v);
    } else if (e >= 0x30 && e <= 0x37) {
      if (end - i < 2) return null;
      let v = e - 0x30;
      for (let k = 0; k < 2; k++) {
        const d = b[i + k] - 0x30;
        if (d < 0 || d > 7) return null;
        v = v * 8 + d;
      }
      i += 2;
      if (v > 255) return null;
      value.push(v);
    } else {
      return null;
    }
  }
  if (i >= end) return null;
  return { value, next: i + 1 };
}

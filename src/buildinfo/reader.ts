// Finds and decodes the build info blob (debug/buildinfo's algorithm, current Go):
// format by magic bytes, search range from the container, 16-byte-aligned magic searched in
// 1 MiB chunks, then the inline (Go 1.18+) or pointer (Go 1.13–1.17) encoding.
import { promises as fsp } from 'node:fs';
import { BuildInfoError, notGo, unrecognized } from './errors';
import { mapAddress, type Exe } from './exe';
import { parseElf } from './elf';
import { parseFat, parseMachO } from './macho';
import { decodeBytes } from './gostring';
import { parseBuildInfo, type BuildInfo } from './modinfo';
import { parsePE } from './pe';
import { parseXcoff } from './xcoff';
import { handleSource, MAX_READ, type ByteSource } from './source';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER = 32;
const ALIGN = 16n;
const CHUNK = 1n << 20n;

/** Which container a file is, from its first 16 bytes; undefined when none we read. */
export function detectFormat(ident: Uint8Array): 'elf' | 'pe' | 'macho' | 'fat' | 'xcoff' | undefined {
  if (ident.length < 16) return undefined;
  const [a, b, c, d] = ident;
  if (a === 0x7f && b === 0x45 && c === 0x4c && d === 0x46) return 'elf';
  if (a === 0x4d && b === 0x5a) return 'pe';
  if ((a === 0xfe && b === 0xed && c === 0xfa && (d === 0xce || d === 0xcf)) || (b === 0xfa && c === 0xed && d === 0xfe && (a === 0xce || a === 0xcf))) return 'macho';
  if (a === 0xca && b === 0xfe && c === 0xba && (d === 0xbe || d === 0xbf)) return 'fat';
  if (a === 0x01 && (b === 0xdf || b === 0xf7)) return 'xcoff';
  return undefined;
}

/** Up to `n` bytes at virtual address `addr`, clipped to the end of its segment. */
async function readData(src: ByteSource, exe: Exe, addr: bigint, n: bigint): Promise<Uint8Array> {
  const m = mapAddress(exe, addr);
  if (!m) throw exe.unmapped?.() ?? unrecognized();
  const want = n < m.avail ? n : m.avail;
  if (m.zero) return new Uint8Array(want > BigInt(MAX_READ) ? MAX_READ : Number(want));
  if (m.offset >= BigInt(src.size) || want <= 0n) return new Uint8Array(0);
  const capped = want > BigInt(MAX_READ) ? MAX_READ : Number(want);
  return src.read(Number(m.offset), capped);
}

/** Address of the blob: the first 16-byte-aligned magic in [start, start+size). */
async function searchMagic(src: ByteSource, exe: Exe): Promise<bigint> {
  let start = exe.start;
  const end = start + exe.size;
  if (end >= 1n << 64n) throw unrecognized();
  if (start % ALIGN !== 0n) start += ALIGN - (start % ALIGN);
  while (start < end) {
    const remaining = end - start;
    const chunk = remaining < CHUNK ? remaining : CHUNK;
    const raw = await readData(src, exe, start, chunk);
    const data = Buffer.from(raw.buffer, raw.byteOffset, raw.length); // a view, not a copy
    if (data.length === 0) throw notGo();
    for (let i = data.indexOf(MAGIC); i >= 0; i = data.indexOf(MAGIC, i + 1)) {
      if (remaining - BigInt(i) < BigInt(HEADER)) throw notGo();
      if (i % 16 === 0) return start + BigInt(i);
    }
    start += chunk;
  }
  throw notGo();
}

/** A varint-length-prefixed string at addr (inline format); returns bytes and the next address. */
async function readInlineString(src: ByteSource, exe: Exe, addr: bigint): Promise<[Uint8Array, bigint]> {
  const b = await readData(src, exe, addr, 10n);
  if (b.length === 0) throw notGo();
  let len = 0n;
  let n = 0;
  for (let shift = 0n; ; shift += 7n) {
    if (n >= b.length || n >= 10) throw notGo(); // truncated or longer than a uint64 varint
    const byte = b[n++];
    if (n === 10 && byte > 1) throw notGo(); // overflows uint64
    len |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  addr += BigInt(n);
  const m = mapAddress(exe, addr);
  if (len === 0n) return [new Uint8Array(0), addr];
  // Bound the length by what the segment (and the file) can hold before reading anything.
  if (!m || len > m.avail || (!m.zero && m.offset + len > BigInt(src.size)) || len > BigInt(MAX_READ)) throw notGo();
  const data = await readData(src, exe, addr, len);
  if (BigInt(data.length) < len) throw notGo();
  return [data, addr + len];
}

/** Pointer format: follows a Go string header at addr; "" on any failure, as Go does. */
async function readPointedString(src: ByteSource, exe: Exe, ptrSize: number, bigEndian: boolean, addr: bigint): Promise<Uint8Array> {
  const ptr = (b: Uint8Array, off: number) => {
    const v = new DataView(b.buffer, b.byteOffset + off, ptrSize);
    return ptrSize === 4 ? BigInt(v.getUint32(0, !bigEndian)) : v.getBigUint64(0, !bigEndian);
  };
  try {
    const hdr = await readData(src, exe, addr, BigInt(2 * ptrSize));
    if (hdr.length < 2 * ptrSize) return new Uint8Array(0);
    const dataAddr = ptr(hdr, 0);
    const dataLen = ptr(hdr, ptrSize);
    const m = mapAddress(exe, dataAddr);
    if (!m || dataLen > m.avail || dataLen > BigInt(MAX_READ)) return new Uint8Array(0);
    const data = await readData(src, exe, dataAddr, dataLen);
    return BigInt(data.length) < dataLen ? new Uint8Array(0) : data;
  } catch {
    return new Uint8Array(0);
  }
}

/** The version and raw modinfo (sentinels removed) of the Go binary in `src`. */
export async function readRawBuildInfo(src: ByteSource): Promise<{ version: Uint8Array; modinfo: Uint8Array }> {
  const ident = await src.read(0, 16);
  const format = detectFormat(ident);
  if (!format) throw unrecognized();
  const parse = { elf: parseElf, pe: parsePE, macho: parseMachO, fat: parseFat, xcoff: parseXcoff }[format];
  const exe = await parse(src);
  if (exe.size === 0n) throw notGo();
  const addr = await searchMagic(src, exe);
  const h = await readData(src, exe, addr, BigInt(HEADER));
  if (h.length < HEADER) throw notGo();
  let version: Uint8Array;
  let modinfo: Uint8Array;
  if (h[15] & 2) {
    let next: bigint;
    [version, next] = await readInlineString(src, exe, addr + BigInt(HEADER));
    [modinfo] = await readInlineString(src, exe, next);
  } else {
    const ptrSize = h[14];
    if (ptrSize !== 4 && ptrSize !== 8) throw notGo();
    const big = (h[15] & 1) !== 0;
    const v = new DataView(h.buffer, h.byteOffset, HEADER);
    const at = (o: number) => (ptrSize === 4 ? BigInt(v.getUint32(o, !big)) : v.getBigUint64(o, !big));
    version = await readPointedString(src, exe, ptrSize, big, at(16));
    modinfo = await readPointedString(src, exe, ptrSize, big, at(16 + ptrSize));
  }
  if (version.length === 0) throw notGo();
  // The text is framed by two 16-byte sentinels; Go checks only the newline before the second.
  modinfo = modinfo.length >= 33 && modinfo[modinfo.length - 17] === 0x0a ? modinfo.subarray(16, modinfo.length - 16) : new Uint8Array(0);
  return { version, modinfo };
}

/** debug/buildinfo.Read over any byte source. */
export async function readBuildInfoFrom(src: ByteSource): Promise<BuildInfo> {
  const { version, modinfo } = await readRawBuildInfo(src);
  const info = parseBuildInfo(modinfo);
  info.goVersion = decodeBytes(version);
  return info;
}

/**
 * debug/buildinfo.ReadFile: reads only the headers and the blob through a file handle.
 * Non-regular files (directories, FIFOs, devices) are refused before opening, so nothing blocks.
 */
export async function readBuildInfo(file: string): Promise<BuildInfo> {
  let fh: fsp.FileHandle | undefined;
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) {
      const sys = st.isDirectory() ? 'EISDIR' : 'EINVAL';
      throw new BuildInfoError('io', `read ${file}: ${st.isDirectory() ? 'is a directory' : 'not a regular file'}`, sys);
    }
    fh = await fsp.open(file, 'r');
    return await readBuildInfoFrom(handleSource(fh, st.size));
  } catch (e) {
    if (e instanceof BuildInfoError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new BuildInfoError('io', `open ${file}: ${describeErrno(err)}`, err.code);
  } finally {
    await fh?.close();
  }
}

/** Go's wording for the common errno values (Node's messages carry more than Go prints). */
export function describeErrno(err: NodeJS.ErrnoException): string {
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many levels of symbolic links',
    EIO: 'input/output error',
  };
  return (err.code && text[err.code]) ?? err.message;
}

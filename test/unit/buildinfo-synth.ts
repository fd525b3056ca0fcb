// Hand-built Go build info blobs inside minimal ELF, PE and Mach-O containers: the pointer
// format of Go 1.13–1.17 (which Debian's Go 1.19 cannot produce), both byte orders and pointer
// sizes, and whatever modinfo text a test needs.

export const START_SENTINEL = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
export const END_SENTINEL = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

export interface BlobSpec {
  version: string | Buffer;
  /** The modinfo text; framed with the sentinels unless `raw` is set. */
  modinfo: string | Buffer;
  raw?: boolean;
  format: 'inline' | 'pointer';
  ptrSize?: 4 | 8;
  bigEndian?: boolean;
}

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

function writePtr(buf: Buffer, off: number, v: bigint, size: number, be: boolean): void {
  if (size === 4) (be ? buf.writeUInt32BE : buf.writeUInt32LE).call(buf, Number(v), off);
  else (be ? buf.writeBigUInt64BE : buf.writeBigUInt64LE).call(buf, v, off);
}

/** The bytes of a data segment that starts at `vaddr` and begins with the blob. */
export function blobData(spec: BlobSpec, vaddr: bigint): Buffer {
  const version = Buffer.isBuffer(spec.version) ? spec.version : Buffer.from(spec.version);
  const text = Buffer.isBuffer(spec.modinfo) ? spec.modinfo : Buffer.from(spec.modinfo);
  const modinfo = spec.raw ? text : Buffer.concat([START_SENTINEL, text, END_SENTINEL]);
  const be = !!spec.bigEndian;
  const ptr = spec.ptrSize ?? 8;
  const header = Buffer.alloc(32);
  MAGIC.copy(header);
  header[14] = ptr;
  header[15] = (be ? 1 : 0) | (spec.format === 'inline' ? 2 : 0);
  let body: Buffer;
  if (spec.format === 'inline') {
    body = Buffer.concat([uvarint(version.length), version, uvarint(modinfo.length), modinfo]);
  } else {
    // Two Go string headers (data pointer, length), then the bytes they point at.
    const hdrs = Buffer.alloc(4 * ptr);
    const versAddr = vaddr + 32n;
    const modAddr = versAddr + BigInt(2 * ptr);
    const versData = vaddr + 32n + BigInt(4 * ptr);
    const modData = versData + BigInt(version.length);
    writePtr(header, 16, versAddr, ptr, be);
    writePtr(header, 16 + ptr, modAddr, ptr, be);
    writePtr(hdrs, 0, versData, ptr, be);
    writePtr(hdrs, ptr, BigInt(version.length), ptr, be);
    writePtr(hdrs, 2 * ptr, modData, ptr, be);
    writePtr(hdrs, 3 * ptr, BigInt(modinfo.length), ptr, be);
    body = Buffer.concat([hdrs, version, modinfo]);
  }
  const out = Buffer.concat([header, body]);
  return Buffer.concat([out, Buffer.alloc((16 - (out.length % 16)) % 16)]);
}

class Writer {
  constructor(
    readonly buf: Buffer,
    readonly be: boolean,
  ) {}
  u16(off: number, v: number) {
    if (this.be) this.buf.writeUInt16BE(v, off);
    else this.buf.writeUInt16LE(v, off);
  }
  u32(off: number, v: number) {
    if (this.be) this.buf.writeUInt32BE(v >>> 0, off);
    else this.buf.writeUInt32LE(v >>> 0, off);
  }
  u64(off: number, v: bigint) {
    if (this.be) this.buf.writeBigUInt64BE(v, off);
    else this.buf.writeBigUInt64LE(v, off);
  }
  word(off: number, v: bigint, is64: boolean) {
    if (is64) this.u64(off, v);
    else this.u32(off, Number(v));
  }
}

export const ELF_VADDR = 0x4a0000n;

/** An ELF executable with one RW PT_LOAD holding `data`, optionally with a `.go.buildinfo` section. */
export function elf(data: Buffer, o: { is64: boolean; bigEndian: boolean; sections?: boolean; vaddr?: bigint }): Buffer {
  const { is64 } = o;
  const vaddr = o.vaddr ?? ELF_VADDR;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const dataOff = 0x100;
  const names = Buffer.from('\0.go.buildinfo\0.shstrtab\0', 'latin1');
  const namesOff = dataOff + data.length;
  const shoff = o.sections ? (namesOff + names.length + 7) & ~7 : 0;
  const total = o.sections ? shoff + 3 * shentsize : namesOff;
  const buf = Buffer.alloc(total);
  const w = new Writer(buf, o.bigEndian);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = is64 ? 2 : 1;
  buf[5] = o.bigEndian ? 2 : 1;
  buf[6] = 1;
  w.u16(16, 2); // ET_EXEC
  w.u16(18, is64 ? 62 : 3);
  w.u32(20, 1);
  w.word(is64 ? 32 : 28, BigInt(ehsize), is64); // e_phoff
  w.word(is64 ? 40 : 32, BigInt(shoff), is64); // e_shoff
  const at = is64 ? 52 : 40;
  w.u16(at, ehsize);
  w.u16(at + 2, phentsize);
  w.u16(at + 4, 1);
  w.u16(at + 6, shentsize);
  w.u16(at + 8, o.sections ? 3 : 0);
  w.u16(at + 10, o.sections ? 2 : 0);
  // PT_LOAD, PF_R|PF_W
  const p = ehsize;
  w.u32(p, 1);
  if (is64) {
    w.u32(p + 4, 6);
    w.u64(p + 8, BigInt(dataOff));
    w.u64(p + 16, vaddr);
    w.u64(p + 24, vaddr);
    w.u64(p + 32, BigInt(data.length));
    w.u64(p + 40, BigInt(data.length));
  } else {
    w.u32(p + 4, dataOff);
    w.u32(p + 8, Number(vaddr));
    w.u32(p + 12, Number(vaddr));
    w.u32(p + 16, data.length);
    w.u32(p + 20, data.length);
    w.u32(p + 24, 6);
  }
  data.copy(buf, dataOff);
  if (o.sections) {
    names.copy(buf, namesOff);
    const sec = (i: number, name: number, type: number, addr: bigint, off: number, size: number) => {
      const s = shoff + i * shentsize;
      w.u32(s, name);
      w.u32(s + 4, type);
      if (is64) {
        w.u64(s + 16, addr);
        w.u64(s + 24, BigInt(off));
        w.u64(s + 32, BigInt(size));
      } else {
        w.u32(s + 12, Number(addr));
        w.u32(s + 16, off);
        w.u32(s + 20, size);
      }
    };
    sec(1, 1, 1, vaddr, dataOff, data.length);
    sec(2, 15, 3, 0n, namesOff, names.length);
  }
  return buf;
}

export const PE_IMAGE_BASE = { pe32: 0x400000n, pe32plus: 0x140000000n };

/** A PE image with one `.data` section (VirtualAddress 0x1000) holding `data`. */
export function pe(data: Buffer, o: { plus: boolean; characteristics?: number }): Buffer {
  const optSize = o.plus ? 240 : 224;
  const peOff = 0x40;
  const secTable = peOff + 24 + optSize;
  const rawPtr = 0x400;
  const rawSize = (data.length + 0x1ff) & ~0x1ff;
  const buf = Buffer.alloc(rawPtr + rawSize);
  buf.write('MZ', 0, 'latin1');
  buf.writeUInt32LE(peOff, 0x3c);
  buf.write('PE\0\0', peOff, 'latin1');
  buf.writeUInt16LE(o.plus ? 0x8664 : 0x14c, peOff + 4);
  buf.writeUInt16LE(1, peOff + 6);
  buf.writeUInt16LE(optSize, peOff + 20);
  const opt = peOff + 24;
  buf.writeUInt16LE(o.plus ? 0x20b : 0x10b, opt);
  if (o.plus) buf.writeBigUInt64LE(PE_IMAGE_BASE.pe32plus, opt + 24);
  else buf.writeUInt32LE(Number(PE_IMAGE_BASE.pe32), opt + 28);
  buf.write('.data', secTable, 'latin1');
  buf.writeUInt32LE(data.length, secTable + 8);
  buf.writeUInt32LE(0x1000, secTable + 12);
  buf.writeUInt32LE(rawSize, secTable + 16);
  buf.writeUInt32LE(rawPtr, secTable + 20);
  buf.writeUInt32LE(o.characteristics ?? 0xc0000040, secTable + 36);
  data.copy(buf, rawPtr);
  return buf;
}

export const MACHO_VADDR = { m32: 0x4000n, m64: 0x100000000n };

/** A Mach-O image with a `__DATA` segment whose `__go_buildinfo` section holds `data`. */
export function macho(data: Buffer, o: { is64: boolean; bigEndian: boolean; cputype?: number }): Buffer {
  const { is64 } = o;
  const hsize = is64 ? 32 : 28;
  const segSize = is64 ? 72 + 80 : 56 + 68;
  const fileoff = 0x1000;
  const vaddr = is64 ? MACHO_VADDR.m64 : MACHO_VADDR.m32;
  const buf = Buffer.alloc(fileoff + data.length);
  const w = new Writer(buf, o.bigEndian);
  w.u32(0, is64 ? 0xfeedfacf : 0xfeedface);
  w.u32(4, o.cputype ?? (is64 ? 0x01000007 : 7));
  w.u32(8, 3);
  w.u32(12, 2); // MH_EXECUTE
  w.u32(16, 1);
  w.u32(20, segSize);
  const c = hsize;
  w.u32(c, is64 ? 0x19 : 0x1);
  w.u32(c + 4, segSize);
  buf.write('__DATA', c + 8, 'latin1');
  w.word(c + 24, vaddr, is64);
  w.word(c + (is64 ? 32 : 28), BigInt(data.length), is64);
  w.word(c + (is64 ? 40 : 32), BigInt(fileoff), is64);
  w.word(c + (is64 ? 48 : 36), BigInt(data.length), is64);
  w.u32(c + (is64 ? 56 : 40), 3);
  w.u32(c + (is64 ? 60 : 44), 3);
  w.u32(c + (is64 ? 64 : 48), 1);
  const s = c + (is64 ? 72 : 56);
  buf.write('__go_buildinfo', s, 'latin1');
  buf.write('__DATA', s + 16, 'latin1');
  w.word(s + 32, vaddr, is64);
  w.word(s + (is64 ? 40 : 36), BigInt(data.length), is64);
  w.u32(s + (is64 ? 48 : 40), fileoff);
  data.copy(buf, fileoff);
  return buf;
}

/** A universal binary of the given thin images (distinct cputypes expected). */
export function fat(images: { image: Buffer; cputype: number }[]): Buffer {
  const align = 0x1000;
  const header = Buffer.alloc(8 + images.length * 20);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(images.length, 4);
  const parts: Buffer[] = [];
  let off = align;
  images.forEach(({ image, cputype }, i) => {
    const e = 8 + i * 20;
    header.writeUInt32BE(cputype, e);
    header.writeUInt32BE(3, e + 4);
    header.writeUInt32BE(off, e + 8);
    header.writeUInt32BE(image.length, e + 12);
    header.writeUInt32BE(12, e + 16);
    parts.push(image);
    off += (image.length + align - 1) & ~(align - 1);
  });
  const buf = Buffer.alloc(off);
  header.copy(buf);
  let at = align;
  for (const p of parts) {
    p.copy(buf, at);
    at += (p.length + align - 1) & ~(align - 1);
  }
  return buf;
}

export const XCOFF_VADDR = 0x110000000n;

/** A 64-bit XCOFF file with one STYP_DATA section holding `data`, and a one-entry symbol table. */
export function xcoff(data: Buffer): Buffer {
  const scnptr = 0x100;
  const symptr = scnptr + data.length;
  const buf = Buffer.alloc(symptr + 18 + 4);
  buf.writeUInt16BE(0x01f7, 0);
  buf.writeUInt16BE(1, 2);
  buf.writeBigUInt64BE(BigInt(symptr), 8);
  buf.writeUInt16BE(0, 16); // no optional header
  buf.writeInt32BE(1, 20);
  const s = 24;
  buf.write('.data', s, 'latin1');
  buf.writeBigUInt64BE(XCOFF_VADDR, s + 8);
  buf.writeBigUInt64BE(XCOFF_VADDR, s + 16);
  buf.writeBigUInt64BE(BigInt(data.length), s + 24);
  buf.writeBigUInt64BE(BigInt(scnptr), s + 32);
  buf.writeUInt32BE(0x40, s + 64);
  data.copy(buf, scnptr);
  buf.writeUInt32BE(4, symptr + 18); // empty string table
  return buf;
}

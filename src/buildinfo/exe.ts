// What every container format gives the blob search: where to look, and how virtual addresses
// map to bytes of the file (debug/buildinfo's DataStart and DataReader).
import { unrecognized } from './errors';
import { MAX_READ, type ByteSource } from './source';

/** A file-backed range of the address space. */
export interface Segment {
  vaddr: bigint;
  /** Bytes present in the file. */
  filesz: bigint;
  fileoff: bigint;
  /** No bytes in the file: reads as zeros (XCOFF .bss). */
  zero?: boolean;
}

export interface Exe {
  /** Search range [start, start+size); size 0 means "not a Go executable". */
  start: bigint;
  size: bigint;
  /** Segments in the order Go tests them; the first that contains an address wins. */
  segments: Segment[];
  /** Go computes the containment test in uint64 (ELF, Mach-O) or uint32 (PE) arithmetic. */
  wrapBits: 32 | 64;
  /** Subtracted (mod 2^64) from an address before the lookup: PE's ImageBase. */
  addressBias?: bigint;
  /** The error for an address outside every segment (Go: "unrecognized file format", XCOFF "address not mapped"). */
  unmapped?: () => Error;
}

const MASK64 = (1n << 64n) - 1n;

/** The file range that address `addr` maps to (to the end of its segment), or undefined. */
export function mapAddress(exe: Exe, addr: bigint): { offset: bigint; avail: bigint; zero?: boolean } | undefined {
  const mask = exe.wrapBits === 32 ? 0xffffffffn : MASK64;
  addr = (addr - (exe.addressBias ?? 0n)) & MASK64;
  for (const s of exe.segments) {
    const last = (s.vaddr + s.filesz - 1n) & mask; // wraps like Go when filesz == 0
    if (s.vaddr <= addr && addr <= last) {
      return { offset: s.fileoff + (addr - s.vaddr), avail: (s.vaddr + s.filesz - addr) & mask, zero: s.zero };
    }
  }
  return undefined;
}

/** Endian-aware integer access to a byte array; out-of-range reads throw "unrecognized". */
export class Bytes {
  private readonly view: DataView;
  constructor(
    readonly b: Uint8Array,
    readonly le: boolean,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  private check(off: number, n: number): void {
    if (off < 0 || off + n > this.b.length) throw unrecognized();
  }
  u8(off: number): number {
    this.check(off, 1);
    return this.b[off];
  }
  u16(off: number): number {
    this.check(off, 2);
    return this.view.getUint16(off, this.le);
  }
  u32(off: number): number {
    this.check(off, 4);
    return this.view.getUint32(off, this.le);
  }
  u64(off: number): bigint {
    this.check(off, 8);
    return this.view.getBigUint64(off, this.le);
  }
  /** A NUL-terminated name in a fixed-size field. */
  name(off: number, len: number): string {
    this.check(off, len);
    const raw = this.b.subarray(off, off + len);
    const nul = raw.indexOf(0);
    return Buffer.from(raw.subarray(0, nul < 0 ? len : nul)).toString('latin1');
  }
}

/** Reads exactly `length` bytes at `offset` or throws "unrecognized" (a header the file cannot hold). */
export async function readExact(src: ByteSource, offset: bigint | number, length: bigint | number): Promise<Uint8Array> {
  const off = BigInt(offset);
  const len = BigInt(length);
  if (off < 0n || len < 0n || len > BigInt(MAX_READ) || off + len > BigInt(src.size)) throw unrecognized();
  const got = await src.read(Number(off), Number(len));
  if (got.length !== Number(len)) throw unrecognized();
  return got;
}

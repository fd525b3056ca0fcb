// XCOFF (AIX; always big-endian): the search range is the section whose flags are exactly
// STYP_DATA; addresses map through the sections. Go refuses files without a symbol table.
import { BuildInfoError, unrecognized } from './errors';
import { Bytes, readExact, type Exe, type Segment } from './exe';
import type { ByteSource } from './source';

const STYP_DATA = 0x40;
const SYMESZ = 18;

export async function parseXcoff(src: ByteSource): Promise<Exe> {
  const magic = new Bytes(await readExact(src, 0, 2), false).u16(0);
  const is64 = magic === 0x01f7;
  if (!is64 && magic !== 0x01df) throw unrecognized();
  const hsize = is64 ? 24 : 20;
  const h = new Bytes(await readExact(src, 0, hsize), false);
  const nscns = h.u16(2);
  const symptr = is64 ? h.u64(8) : BigInt(h.u32(8));
  const opthdr = h.u16(16);
  const nsyms = is64 ? h.u32(20) | 0 : h.u32(12) | 0;
  if (symptr === 0n || nsyms <= 0) throw unrecognized(); // "no symbol table"
  // The string table right after the symbols must be readable, as Go reads it.
  const strtab = symptr + BigInt(nsyms) * BigInt(SYMESZ);
  const len = new Bytes(await readExact(src, strtab, 4), false).u32(0);
  if (len > 4 && strtab + BigInt(len) > BigInt(src.size)) throw unrecognized();

  const shsize = is64 ? 72 : 40;
  const t = new Bytes(await readExact(src, hsize + opthdr, nscns * shsize), false);
  const segments: Segment[] = [];
  let range = { start: 0n, size: 0n };
  let found = false;
  for (let i = 0; i < nscns; i++) {
    const o = i * shsize;
    const word = (off: number) => (is64 ? t.u64(o + off) : BigInt(t.u32(o + off)));
    const vaddr = word(is64 ? 16 : 12);
    const size = word(is64 ? 24 : 16);
    const scnptr = word(is64 ? 32 : 20);
    const flags = t.u32(o + (is64 ? 64 : 36));
    // A section without file data (.bss) reads as zeros in Go; nothing we look for lives there.
    segments.push({ vaddr, filesz: size, fileoff: scnptr, zero: scnptr === 0n });
    if (!found && flags === STYP_DATA) {
      range = { start: vaddr, size };
      found = true;
    }
  }
  return { ...range, segments, wrapBits: 64, unmapped: () => new BuildInfoError('unrecognized', 'address not mapped') };
}

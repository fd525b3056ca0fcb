// ELF (32/64-bit, either byte order): `.go.buildinfo`, else the first writable, non-executable
// PT_LOAD; addresses map through all program headers in table order.
import { Bytes, readExact, type Exe, type Segment } from './exe';
import { unrecognized } from './errors';
import type { ByteSource } from './source';

const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const SHT_STRTAB = 3;

interface Section {
  name: number;
  type: number;
  addr: bigint;
  offset: bigint;
  size: bigint;
  link: number;
  info: number;
}

export async function parseElf(src: ByteSource): Promise<Exe> {
  const ident = await readExact(src, 0, 16);
  const is64 = ident[4] === 2;
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2) || ident[6] !== 1) throw unrecognized();
  const h = new Bytes(await readExact(src, 0, is64 ? 64 : 52), ident[5] === 1);
  const word = (off: number) => (is64 ? h.u64(off) : BigInt(h.u32(off)));
  const phoff = word(is64 ? 32 : 28);
  const shoff = word(is64 ? 40 : 32);
  const at = is64 ? 54 : 42; // e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
  const phentsize = h.u16(at);
  let phnum = h.u16(at + 2);
  const shentsize = h.u16(at + 4);
  let shnum = h.u16(at + 6);
  let shstrndx = h.u16(at + 8);

  const shSize = is64 ? 64 : 40;
  const readSection = (t: Bytes, off: number): Section => ({
    name: t.u32(off),
    type: t.u32(off + 4),
    addr: is64 ? t.u64(off + 16) : BigInt(t.u32(off + 12)),
    offset: is64 ? t.u64(off + 24) : BigInt(t.u32(off + 16)),
    size: is64 ? t.u64(off + 32) : BigInt(t.u32(off + 20)),
    link: t.u32(off + (is64 ? 40 : 24)),
    info: t.u32(off + (is64 ? 44 : 28)),
  });

  // Extended numbering keeps the real counts in section 0.
  if (shoff !== 0n && (shnum === 0 || shstrndx === 0xffff || phnum === 0xffff)) {
    if (shentsize < shSize) throw unrecognized();
    const s0 = readSection(new Bytes(await readExact(src, shoff, shSize), h.le), 0);
    if (shnum === 0) {
      if (s0.size > BigInt(src.size)) throw unrecognized();
      shnum = Number(s0.size);
    }
    if (shstrndx === 0xffff) shstrndx = s0.link;
    if (phnum === 0xffff) phnum = s0.info;
  }

  const segments: Segment[] = [];
  let firstRW: { start: bigint; size: bigint } | undefined;
  if (phnum > 0) {
    const phSize = is64 ? 56 : 32;
    if (phentsize < phSize) throw unrecognized();
    const t = new Bytes(await readExact(src, phoff, BigInt(phnum) * BigInt(phentsize)), h.le);
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      const type = t.u32(o);
      const flags = t.u32(o + (is64 ? 4 : 24));
      const offset = is64 ? t.u64(o + 8) : BigInt(t.u32(o + 4));
      const vaddr = is64 ? t.u64(o + 16) : BigInt(t.u32(o + 8));
      const filesz = is64 ? t.u64(o + 32) : BigInt(t.u32(o + 16));
      const memsz = is64 ? t.u64(o + 40) : BigInt(t.u32(o + 20));
      segments.push({ vaddr, filesz, fileoff: offset });
      if (!firstRW && type === PT_LOAD && (flags & (PF_W | PF_X)) === PF_W) firstRW = { start: vaddr, size: memsz };
    }
  }

  let found: Section | undefined;
  if (shnum > 0) {
    if (shentsize < shSize || shstrndx >= shnum) throw unrecognized();
    const t = new Bytes(await readExact(src, shoff, BigInt(shnum) * BigInt(shentsize)), h.le);
    const sections = Array.from({ length: shnum }, (_, i) => readSection(t, i * shentsize));
    const strtab = sections[shstrndx];
    if (strtab.type !== SHT_STRTAB) throw unrecognized();
    const names = await readExact(src, strtab.offset, strtab.size);
    const want = Buffer.from('.go.buildinfo\0', 'latin1');
    found = sections.find((s) => s.name + want.length <= names.length && Buffer.from(names.buffer, names.byteOffset + s.name, want.length).equals(want));
  }

  const range = found ? { start: found.addr, size: found.size } : (firstRW ?? { start: 0n, size: 0n });
  return { ...range, segments, wrapBits: 64 };
}

// Mach-O, thin and fat (universal). Fat files use only their first slice, as Go does.
import { Bytes, readExact, type Exe, type Segment } from './exe';
import { unrecognized } from './errors';
import type { ByteSource } from './source';

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const RW = 3;

interface Thin {
  exe: Exe;
  cputype: number;
  cpusubtype: number;
  filetype: number;
}

/** Parses the thin Mach-O image at [base, base+limit) of the file. */
async function parseThin(src: ByteSource, base: bigint, limit: bigint): Promise<Thin> {
  if (limit < 28n) throw unrecognized();
  const m = await readExact(src, base, 4);
  const magicBE = (m[0] << 24) | (m[1] << 16) | (m[2] << 8) | m[3];
  let le: boolean;
  if (magicBE >>> 0 === 0xfeedface || magicBE >>> 0 === 0xfeedfacf) le = false;
  else if (m[3] === 0xfe && m[2] === 0xed && m[1] === 0xfa && (m[0] === 0xce || m[0] === 0xcf)) le = true;
  else throw unrecognized();
  const is64 = (le ? m[0] : m[3]) === 0xcf;
  const hsize = is64 ? 32 : 28;
  if (limit < BigInt(hsize)) throw unrecognized();
  const h = new Bytes(await readExact(src, base, hsize), le);
  const ncmds = h.u32(16);
  const sizeofcmds = h.u32(20);
  if (BigInt(hsize + sizeofcmds) > limit || ncmds > sizeofcmds / 8) throw unrecognized();
  const cmds = new Bytes(await readExact(src, base + BigInt(hsize), sizeofcmds), le);

  const segments: Segment[] = [];
  let named: { start: bigint; size: bigint } | undefined;
  let fallback: { start: bigint; size: bigint } | undefined;
  let off = 0;
  for (let i = 0; i < ncmds; i++) {
    const cmd = cmds.u32(off);
    const size = cmds.u32(off + 4);
    if (size < 8 || off + size > sizeofcmds) throw unrecognized();
    if (cmd === LC_SEGMENT || cmd === LC_SEGMENT_64) {
      const w = cmd === LC_SEGMENT_64;
      const word = (o: number) => (w ? cmds.u64(off + o) : BigInt(cmds.u32(off + o)));
      const segname = cmds.name(off + 8, 16);
      const vmaddr = word(24);
      const vmsize = word(w ? 32 : 28);
      const fileoff = word(w ? 40 : 32);
      const filesz = word(w ? 48 : 36);
      const maxprot = cmds.u32(off + (w ? 56 : 40));
      const initprot = cmds.u32(off + (w ? 60 : 44));
      const nsects = cmds.u32(off + (w ? 64 : 48));
      const first = w ? 72 : 56;
      const secSize = w ? 80 : 68;
      if (first + nsects * secSize > size) throw unrecognized();
      if (segname !== '__PAGEZERO') segments.push({ vaddr: vmaddr, filesz, fileoff: base + fileoff });
      if (!fallback && vmaddr > 0n && filesz > 0n && initprot === RW && maxprot === RW) fallback = { start: vmaddr, size: vmsize };
      for (let s = 0; s < nsects && !named; s++) {
        const so = off + first + s * secSize;
        if (cmds.name(so, 16) === '__go_buildinfo') {
          named = { start: w ? cmds.u64(so + 32) : BigInt(cmds.u32(so + 32)), size: w ? cmds.u64(so + 40) : BigInt(cmds.u32(so + 36)) };
        }
      }
    }
    off += size;
  }
  const range = named ?? fallback ?? { start: 0n, size: 0n };
  return { exe: { ...range, segments, wrapBits: 64 }, cputype: h.u32(4), cpusubtype: h.u32(8), filetype: h.u32(12) };
}

export async function parseMachO(src: ByteSource): Promise<Exe> {
  return (await parseThin(src, 0n, BigInt(src.size))).exe;
}

/** A universal binary: every slice must be a valid, distinct Mach-O of one file type; slice 0 is read. */
export async function parseFat(src: ByteSource): Promise<Exe> {
  const h = new Bytes(await readExact(src, 0, 8), false);
  if (h.u32(0) !== 0xcafebabe) throw unrecognized();
  const narch = h.u32(4);
  if (narch < 1 || 8 + narch * 20 > src.size) throw unrecognized();
  const table = new Bytes(await readExact(src, 8, narch * 20), false);
  const seen = new Set<string>();
  let first: Thin | undefined;
  for (let i = 0; i < narch; i++) {
    const o = i * 20;
    const offset = BigInt(table.u32(o + 8));
    const size = BigInt(table.u32(o + 12));
    if (offset + size > BigInt(src.size)) throw unrecognized();
    const thin = await parseThin(src, offset, size);
    const id = `${table.u32(o)}/${table.u32(o + 4)}`;
    if (seen.has(id) || (first && thin.filetype !== first.filetype)) throw unrecognized();
    seen.add(id);
    first ??= thin;
  }
  return first!.exe;
}

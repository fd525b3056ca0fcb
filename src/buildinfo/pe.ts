// PE (PE32 and PE32+): the first initialized, read-write data section (Go puts the blob at the
// start of .data); addresses are ImageBase-relative and tested in uint32 arithmetic, as Go does.
import { Bytes, readExact, type Exe, type Segment } from './exe';
import { unrecognized } from './errors';
import type { ByteSource } from './source';

const DATA_RW = 0xc0000040; // INITIALIZED_DATA | MEM_READ | MEM_WRITE
const ALIGN_32BYTES = 0x00600000;

export async function parsePE(src: ByteSource): Promise<Exe> {
  const dos = new Bytes(await readExact(src, 0, 0x40), true);
  const peOff = dos.u32(0x3c);
  const sig = await readExact(src, peOff, 24);
  if (sig[0] !== 0x50 || sig[1] !== 0x45 || sig[2] !== 0 || sig[3] !== 0) throw unrecognized();
  const coff = new Bytes(sig, true);
  const nsections = coff.u16(6);
  const symPtr = coff.u32(12);
  const nsyms = coff.u32(16);
  const optSize = coff.u16(20);

  // Go's pe.NewFile reads the COFF symbols and string table too; a file that cannot hold them fails.
  if (symPtr !== 0) {
    const strtab = symPtr + nsyms * 18;
    if (strtab + 4 > src.size) throw unrecognized();
    const len = new Bytes(await readExact(src, strtab, 4), true).u32(0);
    if (len > 4 && strtab + len > src.size) throw unrecognized();
  }

  let imageBase = 0n;
  if (optSize > 0) {
    const opt = new Bytes(await readExact(src, peOff + 24, optSize), true);
    const magic = opt.u16(0);
    if (magic === 0x10b) imageBase = BigInt(opt.u32(28));
    else if (magic === 0x20b) imageBase = opt.u64(24);
    else throw unrecognized();
  }

  const table = new Bytes(await readExact(src, peOff + 24 + optSize, nsections * 40), true);
  const segments: Segment[] = [];
  let range = { start: 0n, size: 0n };
  let found = false;
  for (let i = 0; i < nsections; i++) {
    const o = i * 40;
    const virtualSize = table.u32(o + 8);
    const virtualAddress = table.u32(o + 12);
    const rawSize = table.u32(o + 16);
    const rawPtr = table.u32(o + 20);
    const characteristics = table.u32(o + 36);
    segments.push({ vaddr: BigInt(virtualAddress), filesz: BigInt(rawSize), fileoff: BigInt(rawPtr) });
    if (!found && virtualAddress !== 0 && rawSize !== 0 && (characteristics & ~ALIGN_32BYTES) >>> 0 === DATA_RW) {
      range = { start: BigInt(virtualAddress) + imageBase, size: BigInt(virtualSize) };
      found = true;
    }
  }
  return { ...range, segments, wrapBits: 32, addressBias: imageBase };
}


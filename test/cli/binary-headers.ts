// Reads just enough of an executable's header to tell its format and CPU architecture.
import * as fs from 'node:fs';

export interface Header {
  format: 'elf' | 'pe' | 'macho';
  arch: string;
}

const ELF_MACHINES: Record<number, string> = { 3: '386', 62: 'amd64', 183: 'arm64', 40: 'arm', 22: 's390x', 8: 'mips', 21: 'ppc64' };
const PE_MACHINES: Record<number, string> = { 0x14c: '386', 0x8664: 'amd64', 0xaa64: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'amd64', 0x0100000c: 'arm64' };

export function readHeader(file: string): Header | undefined {
  const b = Buffer.alloc(512);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, b, 0, b.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (b.readUInt32BE(0) === 0x7f454c46) {
    const le = b[5] === 1;
    const machine = le ? b.readUInt16LE(18) : b.readUInt16BE(18);
    return { format: 'elf', arch: ELF_MACHINES[machine] ?? `elf-${machine}` };
  }
  if (b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined;
    const machine = b.readUInt16LE(pe + 4);
    return { format: 'pe', arch: PE_MACHINES[machine] ?? `pe-${machine}` };
  }
  const magic = b.readUInt32LE(0);
  if (magic === 0xfeedfacf || magic === 0xfeedface) {
    const cpu = b.readUInt32LE(4);
    return { format: 'macho', arch: MACHO_CPUS[cpu] ?? `macho-${cpu}` };
  }
  return undefined;
}

// The reader on hand-built containers: every container shape and both blob encodings, then
// the ways a file can be damaged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildInfoError, bufferSource, formatModuleLines, readBuildInfoFrom, readRawBuildInfo } from '../../src/buildinfo';
import { encodeString } from '../../src/buildinfo/gostring';
import { blobData, elf, ELF_VADDR, fat, macho, MACHO_VADDR, pe, PE_IMAGE_BASE, xcoff, XCOFF_VADDR, type BlobSpec } from './buildinfo-synth';

const MODINFO = 'path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\texample.com/dep\tv1.2.3\th1:abc=\n=>\t../dep\t\t\nbuild\t-ldflags="-s -w"\nbuild\tCGO_ENABLED=0\n';

const read = (buf: Buffer) => readBuildInfoFrom(bufferSource(buf));

async function rejectsWith(buf: Buffer, code: string, message?: string): Promise<void> {
  await assert.rejects(read(buf), (e: unknown) => e instanceof BuildInfoError && e.code === code && (message === undefined || e.message === message));
}

describe('buildinfo reader: containers and encodings', () => {
  const cases: { name: string; make: (spec: BlobSpec) => Buffer; ptrSize: 4 | 8; bigEndian: boolean }[] = [
    { name: 'ELF64 LE', make: (s) => elf(blobData(s, ELF_VADDR), { is64: true, bigEndian: false, sections: true }), ptrSize: 8, bigEndian: false },
    { name: 'ELF64 BE', make: (s) => elf(blobData(s, ELF_VADDR), { is64: true, bigEndian: true, sections: true }), ptrSize: 8, bigEndian: true },
    { name: 'ELF32 LE', make: (s) => elf(blobData(s, ELF_VADDR), { is64: false, bigEndian: false, sections: true }), ptrSize: 4, bigEndian: false },
    { name: 'ELF32 BE', make: (s) => elf(blobData(s, ELF_VADDR), { is64: false, bigEndian: true, sections: true }), ptrSize: 4, bigEndian: true },
    { name: 'ELF64 LE without section headers', make: (s) => elf(blobData(s, ELF_VADDR), { is64: true, bigEndian: false }), ptrSize: 8, bigEndian: false },
    { name: 'ELF32 BE without section headers', make: (s) => elf(blobData(s, ELF_VADDR), { is64: false, bigEndian: true }), ptrSize: 4, bigEndian: true },
    { name: 'PE32', make: (s) => pe(blobData(s, PE_IMAGE_BASE.pe32 + 0x1000n), { plus: false }), ptrSize: 4, bigEndian: false },
    { name: 'PE32+', make: (s) => pe(blobData(s, PE_IMAGE_BASE.pe32plus + 0x1000n), { plus: true }), ptrSize: 8, bigEndian: false },
    { name: 'PE32+ with ALIGN_32BYTES', make: (s) => pe(blobData(s, PE_IMAGE_BASE.pe32plus + 0x1000n), { plus: true, characteristics: 0xc0600040 }), ptrSize: 8, bigEndian: false },
    { name: 'Mach-O 64 LE', make: (s) => macho(blobData(s, MACHO_VADDR.m64), { is64: true, bigEndian: false }), ptrSize: 8, bigEndian: false },
    { name: 'XCOFF 64', make: (s) => xcoff(blobData(s, XCOFF_VADDR)), ptrSize: 8, bigEndian: true },
    { name: 'Mach-O 32 BE', make: (s) => macho(blobData(s, MACHO_VADDR.m32), { is64: false, bigEndian: true }), ptrSize: 4, bigEndian: true },
  ];
  for (const c of cases) {
    for (const format of ['inline', 'pointer'] as const) {
      it(`${c.name}, ${format} format`, async () => {
        const bi = await read(c.make({ version: 'go1.16.15', modinfo: MODINFO, format, ptrSize: c.ptrSize, bigEndian: c.bigEndian }));
        assert.equal(bi.goVersion, 'go1.16.15');
        assert.equal(bi.path, 'example.com/app');
        assert.deepEqual(bi.deps, [{ path: 'example.com/dep', version: 'v1.2.3', sum: 'h1:abc=', replace: { path: '../dep', version: '', sum: '' } }]);
        // go version -m re-serialises: the pre-1.18 replacement gains the empty line newer Go prints
        assert.equal(
          formatModuleLines(bi),
          '\tpath\texample.com/app\n\tmod\texample.com/app\t(devel)\t\n\tdep\texample.com/dep\tv1.2.3\n\t=>\t../dep\t\t\n\t\n\tbuild\t-ldflags="-s -w"\n\tbuild\tCGO_ENABLED=0\n',
        );
      });
    }
  }

  it('round-trips every quoting vector through a blob, byte for byte', async () => {
    const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/buildinfo/go119-debug-vectors.json'), 'utf8')) as { Quote: { Line: string }[] };
    // Each Line is what Go's String() wrote; read from a binary and printed again it must not change.
    const lines = vectors.Quote.map((v) => Buffer.from(v.Line));
    const text = Buffer.concat([Buffer.from('path\tq\n'), ...lines]);
    for (const [ptrSize, bigEndian] of [[4, true], [8, false]] as const) {
      const bi = await read(elf(blobData({ version: 'go1.17.13', modinfo: text, format: 'pointer', ptrSize, bigEndian }, ELF_VADDR), { is64: ptrSize === 8, bigEndian, sections: true }));
      const out = encodeString(formatModuleLines(bi));
      assert.equal(out.toString('latin1'), Buffer.concat([Buffer.from('\tpath\tq\n'), ...lines.map((l) => Buffer.concat([Buffer.from('\t'), l]))]).toString('latin1'));
    }
  });

  it('reads the first slice of a fat Mach-O', async () => {
    const a = macho(blobData({ version: 'go1.21.0', modinfo: 'path\ta\n', format: 'inline' }, MACHO_VADDR.m64), { is64: true, bigEndian: false, cputype: 0x01000007 });
    const b = macho(blobData({ version: 'go1.22.0', modinfo: 'path\tb\n', format: 'inline' }, MACHO_VADDR.m64), { is64: true, bigEndian: false, cputype: 0x0100000c });
    const bi = await read(fat([{ image: a, cputype: 0x01000007 }, { image: b, cputype: 0x0100000c }]));
    assert.equal(bi.goVersion, 'go1.21.0');
    assert.equal(bi.path, 'a');
  });

  it('rejects a fat file with duplicate slices, as Go does', async () => {
    const a = macho(blobData({ version: 'go1.21.0', modinfo: '', format: 'inline' }, MACHO_VADDR.m64), { is64: true, bigEndian: false });
    await rejectsWith(fat([{ image: a, cputype: 7 }, { image: a, cputype: 7 }]), 'unrecognized', 'unrecognized file format');
  });

  it('treats a modinfo without the newline before the end sentinel as empty (pre-1.18 GOPATH builds)', async () => {
    const bi = await read(elf(blobData({ version: 'go1.13', modinfo: Buffer.alloc(40, 0x41), raw: true, format: 'pointer', ptrSize: 8 }, ELF_VADDR), { is64: true, bigEndian: false, sections: true }));
    assert.equal(bi.goVersion, 'go1.13');
    assert.equal(formatModuleLines(bi), '');
  });

  it('skips a misaligned magic before the real blob', async () => {
    const real = blobData({ version: 'go1.20', modinfo: 'path\tx\n', format: 'inline' }, ELF_VADDR + 32n);
    const decoy = Buffer.alloc(32);
    Buffer.from('\xff Go buildinf:', 'latin1').copy(decoy, 3);
    const bi = await read(elf(Buffer.concat([decoy, real]), { is64: true, bigEndian: false, sections: true }));
    assert.equal(bi.goVersion, 'go1.20');
  });

  it('finds the blob when it is not at the start of its segment (no section headers)', async () => {
    const data = Buffer.concat([Buffer.alloc(0x3000), blobData({ version: 'go1.19.8', modinfo: 'path\tx\n', format: 'inline' }, 0n)]);
    assert.equal((await read(elf(data, { is64: true, bigEndian: false }))).goVersion, 'go1.19.8');
  });

  it('resolves pointer-format strings only inside their segment', async () => {
    const data = blobData({ version: 'go1.15', modinfo: 'path\tx\n', format: 'pointer', ptrSize: 8 }, ELF_VADDR);
    data.writeBigUInt64LE(0xdead0000n, 32); // version string data pointer → unmapped
    await rejectsWith(elf(data, { is64: true, bigEndian: false, sections: true }), 'not-go', 'not a Go executable');
  });

  it('XCOFF without a symbol table is unrecognized; reading past the data section says "address not mapped"', async () => {
    const noSyms = xcoff(blobData({ version: 'go1.19', modinfo: '', format: 'inline' }, XCOFF_VADDR));
    noSyms.writeInt32BE(0, 20);
    await rejectsWith(noSyms, 'unrecognized', 'unrecognized file format');
    // A data section that ends right after the 32-byte header: the version is read past its end.
    const cut = xcoff(blobData({ version: 'go1.19', modinfo: 'path\tx\n', format: 'inline' }, XCOFF_VADDR));
    cut.writeBigUInt64BE(32n, 24 + 24);
    await rejectsWith(cut, 'unrecognized', 'address not mapped');
  });

  it('surfaces modinfo parse errors as Go does', async () => {
    const buf = elf(blobData({ version: 'go1.19', modinfo: 'mod\tonly-one\n', format: 'inline' }, ELF_VADDR), { is64: true, bigEndian: false, sections: true });
    await rejectsWith(buf, 'parse', 'could not parse Go build info: line 1: expected 2 or 3 columns; got 1');
  });
});

describe('buildinfo reader: damaged input', () => {
  const good = elf(blobData({ version: 'go1.19.8', modinfo: MODINFO, format: 'inline' }, ELF_VADDR), { is64: true, bigEndian: false, sections: true });

  it('an empty file or a short one is an unrecognized format', async () => {
    await rejectsWith(Buffer.alloc(0), 'unrecognized', 'unrecognized file format');
    await rejectsWith(good.subarray(0, 15), 'unrecognized');
  });

  it('random bytes are an unrecognized format', async () => {
    await rejectsWith(Buffer.from('this is not an executable at all, just text\n'.repeat(10)), 'unrecognized');
  });

  it('a valid container without a blob is not a Go executable', async () => {
    await rejectsWith(elf(Buffer.alloc(256), { is64: true, bigEndian: false }), 'not-go', 'not a Go executable');
    await rejectsWith(pe(Buffer.alloc(256), { plus: true }), 'not-go');
    await rejectsWith(macho(Buffer.alloc(256), { is64: true, bigEndian: false }), 'not-go');
  });

  it('an empty version is not a Go executable', async () => {
    await rejectsWith(elf(blobData({ version: '', modinfo: MODINFO, format: 'inline' }, ELF_VADDR), { is64: true, bigEndian: false, sections: true }), 'not-go');
  });

  it('every truncation ends in a typed error', async () => {
    for (let n = 0; n < good.length; n += 7) {
      await assert.rejects(read(good.subarray(0, n)), BuildInfoError, `truncated at ${n}`);
    }
  });

  it('absurd lengths are refused before anything is allocated', async () => {
    // inline varint length of 2^62 for the version string
    const data = blobData({ version: 'go1.19', modinfo: '', format: 'inline' }, ELF_VADDR);
    Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]).copy(data, 32);
    await rejectsWith(elf(data, { is64: true, bigEndian: false, sections: true }), 'not-go');
    // a varint longer than 10 bytes
    Buffer.alloc(10, 0xff).copy(data, 32);
    await rejectsWith(elf(data, { is64: true, bigEndian: false, sections: true }), 'not-go');
    // section header table far beyond the file, and 65535 program headers
    const e = Buffer.from(good);
    e.writeBigUInt64LE(0xffffffffffff0000n, 40);
    await rejectsWith(e, 'unrecognized');
    const p = Buffer.from(good);
    p.writeUInt16LE(0xfffe, 56);
    await rejectsWith(p, 'unrecognized');
    // a pointer-format string of 2^63 bytes yields an empty version
    const ptr = blobData({ version: 'go1.15', modinfo: '', format: 'pointer', ptrSize: 8 }, ELF_VADDR);
    ptr.writeBigUInt64LE(1n << 63n, 40);
    await rejectsWith(elf(ptr, { is64: true, bigEndian: false, sections: true }), 'not-go');
    // Mach-O with an absurd load-command size, PE with an absurd section count
    const m = macho(blobData({ version: 'go1.19', modinfo: '', format: 'inline' }, MACHO_VADDR.m64), { is64: true, bigEndian: false });
    m.writeUInt32LE(0x7fffffff, 20);
    await rejectsWith(m, 'unrecognized');
    const w = pe(blobData({ version: 'go1.19', modinfo: '', format: 'inline' }, PE_IMAGE_BASE.pe32plus + 0x1000n), { plus: true });
    w.writeUInt16LE(0xffff, 0x46);
    await rejectsWith(w, 'unrecognized');
  });

  it('a fat header claiming 2^32-1 slices is refused', async () => {
    const buf = Buffer.alloc(64);
    buf.writeUInt32BE(0xcafebabe, 0);
    buf.writeUInt32BE(0xffffffff, 4);
    await rejectsWith(buf, 'unrecognized');
  });

  it('readRawBuildInfo strips the sentinels', async () => {
    const raw = await readRawBuildInfo(bufferSource(good));
    assert.equal(Buffer.from(raw.modinfo).toString(), MODINFO);
  });
});

// Thousands of mutated binaries (seeded, reproducible) through the reader in process: each must
// end, quickly, in a BuildInfo or a BuildInfoError — never another exception, a hang or a big read.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuildInfoError, bufferSource, readBuildInfoFrom, type ByteSource } from '../../src/buildinfo';
import { MAX_READ } from '../../src/buildinfo/source';
import { blobData, elf, ELF_VADDR, fat, macho, MACHO_VADDR, pe, PE_IMAGE_BASE, xcoff, XCOFF_VADDR } from './buildinfo-synth';

/** mulberry32: a small seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff];

function mutate(base: Buffer, rnd: () => number, hot: number[]): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let buf = Buffer.from(base);
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    // Mostly near the headers and the blob, where lengths and offsets live.
    const region = hot[int(hot.length)];
    const at = Math.min(buf.length - 1, Math.max(0, region + int(512) - 64));
    switch (int(5)) {
      case 0:
        buf[at] ^= 1 << int(8);
        break;
      case 1:
        buf[at] = int(256);
        break;
      case 2:
        if (at + 4 <= buf.length) buf.writeUInt32LE(EXTREMES[int(EXTREMES.length)] >>> 0, at);
        break;
      case 3:
        if (at + 8 <= buf.length) buf.writeBigUInt64BE(BigInt(EXTREMES[int(EXTREMES.length)]) << BigInt(int(33)), at);
        break;
      default:
        buf = buf.subarray(0, int(buf.length + 1));
    }
    if (!buf.length) break;
  }
  return buf;
}

function guarded(buf: Buffer): ByteSource & { maxRead: number } {
  const inner = bufferSource(buf);
  const src = {
    size: inner.size,
    maxRead: 0,
    read: (offset: number, length: number) => {
      src.maxRead = Math.max(src.maxRead, length);
      return inner.read(offset, length);
    },
  };
  return src;
}

describe('buildinfo reader: fuzz', function () {
  this.timeout(120_000);
  const bases: { name: string; buf: Buffer }[] = [];

  before(function () {
    this.timeout(120_000);
    const spec = { version: 'go1.16.3', modinfo: 'path\tp\nmod\tp\t(devel)\t\ndep\td\tv1.0.0\th1:x\nbuild\tk="a b"\n' };
    bases.push(
      { name: 'elf64le-inline', buf: elf(blobData({ ...spec, format: 'inline' }, ELF_VADDR), { is64: true, bigEndian: false, sections: true }) },
      { name: 'elf32be-pointer', buf: elf(blobData({ ...spec, format: 'pointer', ptrSize: 4, bigEndian: true }, ELF_VADDR), { is64: false, bigEndian: true, sections: true }) },
      { name: 'pe32plus-pointer', buf: pe(blobData({ ...spec, format: 'pointer', ptrSize: 8 }, PE_IMAGE_BASE.pe32plus + 0x1000n), { plus: true }) },
      { name: 'pe32-inline', buf: pe(blobData({ ...spec, format: 'inline' }, PE_IMAGE_BASE.pe32 + 0x1000n), { plus: false }) },
      { name: 'xcoff64-pointer', buf: xcoff(blobData({ ...spec, format: 'pointer', ptrSize: 8, bigEndian: true }, XCOFF_VADDR)) },
      { name: 'macho64-pointer', buf: macho(blobData({ ...spec, format: 'pointer', ptrSize: 8 }, MACHO_VADDR.m64), { is64: true, bigEndian: false }) },
    );
    bases.push({ name: 'fat', buf: fat([{ image: bases[5].buf, cputype: 7 }, { image: macho(blobData({ ...spec, format: 'inline' }, MACHO_VADDR.m64), { is64: true, bigEndian: false }), cputype: 12 }]) });
    // And a real Go binary, built now with the local toolchain.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-fuzz-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/fuzz\n\ngo 1.19\n');
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' };
    execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', 'app', '.'], { cwd: dir, env, stdio: 'pipe' });
    bases.push({ name: 'real linux/amd64', buf: fs.readFileSync(path.join(dir, 'app')) });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every base reads cleanly before mutation', async () => {
    for (const b of bases) assert.match((await readBuildInfoFrom(bufferSource(b.buf))).goVersion, /^go1\./, b.name);
  });

  it('5000 mutated binaries end in a result or a BuildInfoError, each fast, with bounded reads', async () => {
    const counts = { ok: 0, unrecognized: 0, 'not-go': 0, parse: 0, io: 0 };
    let slowest = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const rnd = prng(seed);
      const base = bases[seed % bases.length];
      const blob = base.buf.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
      const hot = [0, 0x40, blob, blob + 32, blob + 64];
      const src = guarded(mutate(base.buf, rnd, hot));
      const t0 = performance.now();
      try {
        const bi = await readBuildInfoFrom(src);
        assert.equal(typeof bi.goVersion, 'string');
        counts.ok++;
      } catch (e) {
        if (!(e instanceof BuildInfoError)) assert.fail(`seed ${seed} (${base.name}): unexpected ${(e as Error)?.stack ?? e}`);
        counts[e.code]++;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      assert.ok(ms < 1000, `seed ${seed} took ${ms} ms`);
      assert.ok(src.maxRead <= MAX_READ, `seed ${seed} asked for ${src.maxRead} bytes`);
    }
    // The mutations must exercise both outcomes, or the test proves nothing.
    assert.ok(counts.ok > 100 && counts.unrecognized > 100 && counts['not-go'] > 100, JSON.stringify(counts));
    console.log(`      outcomes ${JSON.stringify(counts)}, slowest ${slowest.toFixed(1)} ms`);
  });
});

// readBuildInfo on paths: what cannot be read ends at once in a typed 'io' error — a directory,
// a missing path, a FIFO (refused before open, which would block) — and files are read in place.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuildInfoError, readBuildInfo } from '../../src/buildinfo';
import { blobData, elf, ELF_VADDR } from './buildinfo-synth';

describe('buildinfo readBuildInfo(path)', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-bi-file-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rejects = (p: string, code: string, sys?: string) =>
    assert.rejects(readBuildInfo(p), (e: unknown) => e instanceof BuildInfoError && e.code === code && (sys === undefined || e.sysCode === sys));

  it('reads a file', async () => {
    const f = path.join(dir, 'ok');
    fs.writeFileSync(f, elf(blobData({ version: 'go1.22.7', modinfo: 'path\tx\n', format: 'inline' }, ELF_VADDR), { is64: true, bigEndian: false, sections: true }));
    const bi = await readBuildInfo(f);
    assert.equal(bi.goVersion, 'go1.22.7');
    assert.equal(bi.path, 'x');
  });

  it('a directory, a missing path and a FIFO are io errors, immediately', async () => {
    await rejects(dir, 'io', 'EISDIR');
    await rejects(path.join(dir, 'missing'), 'io', 'ENOENT');
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const t0 = Date.now();
    await rejects(fifo, 'io');
    assert.ok(Date.now() - t0 < 1000);
  });

  it('an empty file is an unrecognized format', async () => {
    const f = path.join(dir, 'empty');
    fs.writeFileSync(f, '');
    await rejects(f, 'unrecognized');
  });
});

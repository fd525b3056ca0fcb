// `go-for-cloud buildinfo` as a process against `go version -m` (Debian's Go 1.19) on real
// binaries built now, plus damaged input, directories, --json, --diff and `ps`.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildFixtures, TARGETS, type Built } from './buildinfo-go';

const CLI = path.join(__dirname, '../../../dist/cli.js');

function cli(args: string[], cwd: string): SpawnSyncReturns<string> & { ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'buildinfo', ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return Object.assign(r, { ms: Date.now() - t0 });
}

function goVersion(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('go', ['version', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
}

describe('cli buildinfo against go version -m', function () {
  this.timeout(20 * 60_000);
  let dir: string;
  let bins: Built[];
  let sleeper: string;
  const rel = () => bins.map((b) => path.relative(dir, b.file));

  before(async function () {
    this.timeout(20 * 60_000);
    ({ dir, bins, sleeper } = await buildFixtures());
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it(`builds ${TARGETS.length} GOOS/GOARCH pairs and six modes`, () => {
    assert.ok(TARGETS.length >= 10);
    for (const b of bins) assert.ok(fs.statSync(b.file).size > 0, b.name);
  });

  it('-m output equals go version -m byte for byte, for every binary', () => {
    const want = goVersion(['-m', ...rel()], dir);
    assert.equal(want.status, 0, want.stderr);
    const got = cli(['-m', ...rel()], dir);
    assert.equal(got.stderr, '');
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.status, 0);
    // The modes really show up in what was compared.
    for (const needle of ['build\t-trimpath=true', 'build\t-ldflags="-X \\"main.version=a b\\""', 'build\t-tags=foo,bar', 'build\tvcs.modified=true', 'build\tCGO_ENABLED=1', '=>\t../dep\t(devel)\t\n\t\n', 'build\tGOOS=darwin', 'build\tGOARCH=s390x', 'build\tGOARCH=mips', 'build\tGOOS=aix']) {
      assert.ok(got.stdout.includes(needle), needle);
    }
  });

  it('each file on its own (absolute path), and all of them without -m', () => {
    for (const b of bins) {
      const want = goVersion(['-m', b.file], dir);
      const got = cli(['-m', b.file], dir);
      assert.equal(got.stdout, want.stdout, b.name);
      assert.equal(got.status, want.status);
    }
    const want = goVersion(rel(), dir);
    const got = cli(rel(), dir);
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.stdout.split('\n').length, bins.length + 1);
  });

  it('walks a directory as go version does (lexical order, only Go binaries, symlinks to files followed)', () => {
    const walk = path.join(dir, 'walk');
    fs.mkdirSync(path.join(walk, 'sub/deeper'), { recursive: true });
    fs.copyFileSync(bins[0].file, path.join(walk, 'zeta'));
    fs.copyFileSync(bins[1].file, path.join(walk, 'sub/deeper/Alpha'));
    fs.copyFileSync(bins[8].file, path.join(walk, 'sub/win.exe'));
    fs.chmodSync(path.join(walk, 'zeta'), 0o755);
    fs.chmodSync(path.join(walk, 'sub/deeper/Alpha'), 0o755);
    fs.chmodSync(path.join(walk, 'sub/win.exe'), 0o755);
    fs.writeFileSync(path.join(walk, 'notes.txt'), 'text\n');
    fs.writeFileSync(path.join(walk, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    fs.symlinkSync('zeta', path.join(walk, 'link-to-zeta'));
    fs.symlinkSync('sub', path.join(walk, 'link-to-dir'));
    for (const arg of ['walk', 'walk/', './walk/sub']) {
      const want = goVersion(['-m', arg], dir);
      const got = cli(['-m', arg], dir);
      assert.equal(got.stdout, want.stdout, arg);
      assert.equal(got.stderr, want.stderr, arg);
      assert.equal(got.status, 0);
    }
    assert.match(cli(['walk'], dir).stdout, /^walk\/link-to-zeta: go1\.\d+.*\nwalk\/sub\/deeper\/Alpha: .*\nwalk\/sub\/win\.exe: .*\nwalk\/zeta: /);
  });

  it('--json has go version -m -json\'s shape and agrees with the text', () => {
    const file = rel().find((f) => f.endsWith('mode-dirty-vcs'))!;
    const got = cli(['-m', '--json', file], dir);
    assert.equal(got.status, 0, got.stderr);
    assert.ok(got.stdout.startsWith('{\n\t"GoVersion": "go1.'));
    const doc = JSON.parse(got.stdout);
    assert.deepEqual(Object.keys(doc), ['GoVersion', 'Path', 'Main', 'Deps', 'Settings']);
    assert.equal(doc.Path, 'example.com/app');
    assert.deepEqual(doc.Main, { Path: 'example.com/app', Version: '(devel)' });
    assert.deepEqual(doc.Deps, [{ Path: 'example.com/dep', Version: 'v1.0.0', Replace: { Path: '../dep', Version: '(devel)' } }]);
    assert.ok(doc.Settings.some((s: { Key: string; Value?: string }) => s.Key === 'vcs.modified' && s.Value === 'true'));
    assert.equal(cli(['--json', file], dir).status, 2, '--json without -m is a usage error, as in go');
  });

  it('--diff reports toolchain-independent changes between two builds', () => {
    const a = rel().find((f) => f.endsWith('app-linux-amd64'))!;
    const b = rel().find((f) => f.endsWith('mode-trimpath'))!;
    const got = spawnSync(process.execPath, [CLI, 'buildinfo', '--diff', a, b], { cwd: dir, encoding: 'utf8' });
    assert.equal(got.status, 1);
    assert.match(got.stdout, /settings:\n {2}added {5}-trimpath=true\n/);
    const same = spawnSync(process.execPath, [CLI, 'buildinfo', '--diff', a, a], { cwd: dir, encoding: 'utf8' });
    assert.equal(same.status, 0);
    assert.match(same.stdout, /no differences/);
  });

  describe('damaged input: one line, non-zero status, within a second', () => {
    const oneLine = (r: { stderr: string }, file: string) =>
      assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: could not read Go build info from .*: (unrecognized file format|not a Go executable)\\n$`));

    // Node's own start-up is not the reader's time: measure it once and allow a second on top.
    let startup = 0;
    before(() => {
      const t0 = Date.now();
      spawnSync(process.execPath, [CLI, 'help'], { encoding: 'utf8' });
      startup = Date.now() - t0;
    });

    it('truncated at several points (same lines as go where both readers agree)', () => {
      const src = fs.readFileSync(bins[0].file);
      const blob = src.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
      const points = [0, 10, 16, 63, 64, 200, 4096, src.length >> 3, blob + 8, blob + 33, blob + 40, blob + 100];
      for (const n of points) {
        const f = `trunc-${n}`;
        fs.writeFileSync(path.join(dir, f), src.subarray(0, n), { mode: 0o755 });
        const got = cli(['-m', f], dir);
        assert.equal(got.stdout, '', f);
        assert.equal(got.status, 1, f);
        assert.ok(got.ms < startup + 1000, `${f}: ${got.ms} ms (start-up ${startup} ms)`);
        oneLine(got, f);
        if (n <= 4096) assert.equal(got.stderr, goVersion(['-m', f], dir).stderr, f);
      }
      // Cut after the blob, the build info is still all there, for go and for us.
      const f = 'trunc-after-blob';
      fs.writeFileSync(path.join(dir, f), src.subarray(0, src.length - 1), { mode: 0o755 });
      assert.equal(cli(['-m', f], dir).stdout, goVersion(['-m', f], dir).stdout);
    });

    it('random bytes, absurd lengths, an empty file', () => {
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const random = Buffer.from(Array.from({ length: 100_000 }, () => Math.floor(rnd() * 256)));
      const absurd = Buffer.from(fs.readFileSync(bins[0].file));
      absurd.writeBigUInt64LE(0xfffffffffff00000n, 0x28); // e_shoff
      absurd.writeUInt16LE(0xffff, 0x3c); // e_shnum
      const elfRandom = Buffer.concat([absurd.subarray(0, 16), random]);
      for (const [f, data] of [['random', random], ['absurd', absurd], ['elf-random', elfRandom], ['empty', Buffer.alloc(0)]] as const) {
        fs.writeFileSync(path.join(dir, f), data, { mode: 0o755 });
        const got = cli(['-m', f], dir);
        assert.equal(got.status, 1, f);
        assert.ok(got.ms < startup + 1000, `${f}: ${got.ms} ms (start-up ${startup} ms)`);
        oneLine(got, f);
        assert.equal(got.stderr, goVersion(['-m', f], dir).stderr, f);
      }
    });

    it('a missing path', () => {
      const got = cli(['-m', 'no/such/file'], dir);
      assert.equal(got.status, 1);
      assert.equal(got.stderr, 'stat no/such/file: no such file or directory\n');
      assert.equal(got.stderr, goVersion(['-m', 'no/such/file'], dir).stderr);
    });

    it('a directory without Go binaries prints nothing and keeps status 0, as go version does', () => {
      fs.mkdirSync(path.join(dir, 'empty-dir'));
      const got = cli(['-m', 'empty-dir'], dir);
      assert.deepEqual([got.status, got.stdout, got.stderr], [0, '', '']);
    });

    it('a non-Go file argument with -m exits 1 (current go), without -m exits 0', () => {
      assert.equal(cli(['-m', '/bin/sh'], dir).status, 1);
      const plain = cli(['/bin/sh'], dir);
      assert.equal(plain.status, 0);
      assert.equal(plain.stderr, goVersion(['/bin/sh'], dir).stderr);
    });
  });

  it('ps lists a running Go program with its PID, Go version and findings', async function () {
    if (process.platform !== 'linux') this.skip(); // /proc is what this test exercises
    const child = spawn(sleeper, [], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const r = spawnSync(process.execPath, [CLI, 'ps', '--json'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { processes: { pid: number; name: string; goVersion: string; path: string; findings: { id: string }[] }[] };
      const me = doc.processes.find((p) => p.pid === child.pid);
      assert.ok(me, `pid ${child.pid} not in ${r.stdout.slice(0, 400)}`);
      assert.equal(me.name, 'sleeper-bin');
      assert.match(me.goVersion, /^go1\./);
      assert.equal(me.path, 'example.com/sleeper');
      assert.deepEqual(me.findings.map((f) => f.id).sort(), ['no-trimpath', 'no-vcs-revision', 'unsupported-go']);
      const text = spawnSync(process.execPath, [CLI, 'ps'], { encoding: 'utf8' });
      assert.match(text.stdout, /^PID +NAME +GO +FINDINGS +PATH\n/);
      assert.match(text.stdout, new RegExp(`^${child.pid} +sleeper-bin +go1\\.\\S+ +unsupported-go,no-vcs-revision,no-trimpath +${sleeper.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    } finally {
      child.kill();
    }
  });
});

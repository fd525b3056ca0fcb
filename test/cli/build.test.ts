// `go-for-cloud build` with Debian's Go: six targets, each checked from its own headers and
// build info; a compile error; cancellation leaving nothing behind.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBuildInfo } from '../../src/buildinfo';
import { planBuild, DEFAULT_OUTPUT } from '../../src/toolchain/build-plan';
import { runBuild } from '../../src/toolchain/run-build';
import { parseTarget } from '../../src/toolchain/targets';
import { readHeader } from './binary-headers';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'build-module');
const TARGETS = ['linux/amd64', 'linux/arm64', 'darwin/arm64', 'windows/amd64', 'linux/386', 'linux/s390x'];
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const GO_ENV = { ...GIT_ENV, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };

function copyModule(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-build-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'fixture');
  git('tag', 'v1.4.2');
  return dir;
}

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: GO_ENV, encoding: 'utf8', timeout: 15 * 60_000 });
}

describe('cli: build', function () {
  this.timeout(20 * 60_000);
  let dir: string;
  before(() => {
    dir = copyModule();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  interface Result {
    target: string;
    ok: boolean;
    output: string;
    size: number;
    static: boolean;
    trimpath: boolean;
    revision?: string;
  }
  let results: Result[] = [];

  it('builds six targets, each of the right format and architecture', () => {
    const r = run(['build', '--json', '--target', TARGETS.join(','), './cmd/api'], dir);
    assert.equal(r.status, 0, r.stderr);
    results = JSON.parse(r.stdout).results;
    assert.deepEqual(results.map((x) => x.target), TARGETS);
    for (const x of results) {
      assert.ok(x.ok, x.target);
      const [goos, goarch] = x.target.split('/');
      const expected = path.join(dir, 'dist', `api_${goos}_${goarch}${goos === 'windows' ? '.exe' : ''}`);
      assert.equal(x.output, expected);
      const header = readHeader(x.output);
      assert.deepEqual(header, { format: goos === 'windows' ? 'pe' : goos === 'darwin' ? 'macho' : 'elf', arch: goarch }, x.target);
    }
  });

  it('each binary is static, trimmed and carries the commit, read back from its build info', async () => {
    assert.equal(results.length, TARGETS.length);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    for (const x of results) {
      const bi = await readBuildInfo(x.output);
      const settings = new Map(bi.settings.map((s) => [s.key, s.value]));
      assert.equal(settings.get('CGO_ENABLED'), '0', x.target);
      assert.equal(settings.get('-trimpath'), 'true', x.target);
      assert.equal(settings.get('vcs.revision'), head, x.target);
      assert.equal(x.static, true);
      assert.equal(x.trimpath, true);
    }
  });

  it('stamps the version from git describe', () => {
    const host = results.find((x) => x.target === `linux/${os.arch() === 'x64' ? 'amd64' : os.arch()}`);
    if (host) assert.equal(execFileSync(host.output, ['version'], { encoding: 'utf8' }).trim(), 'v1.4.2');
    for (const x of results) assert.ok(fs.readFileSync(x.output).includes('v1.4.2'), `${x.target} carries the stamped version`);
  });

  it('is smaller than a default go build of the same package', () => {
    const plain = path.join(dir, 'plain');
    execFileSync('go', ['build', '-o', plain, './cmd/api'], { cwd: dir, env: { ...GO_ENV, GOOS: 'linux', GOARCH: 'amd64' } });
    const ours = results.find((x) => x.target === 'linux/amd64')!;
    assert.ok(ours.size < fs.statSync(plain).size, `${ours.size} < ${fs.statSync(plain).size}`);
  });

  it('reports a compile error with its file and line, and leaves no output', () => {
    const r = run(['build', '--target', 'linux/amd64', './cmd/broken'], dir);
    assert.equal(r.status, 1);
    const file = path.join(dir, 'cmd', 'broken', 'main.go');
    assert.ok(r.stderr.includes(`${file}:4:2: undefined: undefinedFunction (linux/amd64)`), r.stderr);
    assert.match(r.stdout, /linux\/amd64\s+FAILED/);
    assert.ok(!fs.existsSync(path.join(dir, 'dist', 'broken_linux_amd64')));
  });

  it('refuses unknown flags and malformed targets with exit 2 and one line', () => {
    const bad = run(['build', '--target', 'linux'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad target "linux"/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  });

  it('cancelling a multi-target build stops go and leaves no partial outputs', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-cancel-'));
    const plan = planBuild({
      pkg: './cmd/api',
      name: 'api',
      targets: ['linux/ppc64le', 'linux/mips64', 'freebsd/amd64', 'netbsd/arm64'].map((t) => parseTarget(t)!),
      static: true,
      stamp: false,
      trimpath: true,
      strip: true,
      output: path.join(out, DEFAULT_OUTPUT),
      usesCgo: false,
      host: { goos: 'linux', goarch: 'amd64' },
      env: { GOCACHE: path.join(out, 'cache'), GOFLAGS: '-mod=mod', GOPROXY: 'off' },
    });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 1500);
    const results = await runBuild(plan, { goBin: 'go', cwd: dir, signal: ac.signal, concurrency: 2 });
    assert.ok(Date.now() - started < 30_000, 'stopped promptly');
    assert.ok(results.every((r) => !r.ok && r.cancelled), JSON.stringify(results.map((r) => [r.target, r.ok, r.cancelled])));
    const left = fs.readdirSync(path.join(out, 'dist'));
    assert.deepEqual(left, [], 'no outputs or partial files');
    const goProcs = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(out) && !l.includes('ps -eo'));
    assert.deepEqual(goProcs, [], 'no go process left running');
    fs.rmSync(out, { recursive: true, force: true });
  });
});

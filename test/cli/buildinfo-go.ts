// Builds real Go binaries with the local toolchain for the buildinfo tests (never committed):
// a module with a replaced local dependency, for many GOOS/GOARCH pairs and build modes.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Built {
  name: string;
  file: string;
}

const BASE_ENV = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GONOSUMDB: '*' };

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, _out, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')} (${JSON.stringify(env)}): ${stderr || err.message}`)) : resolve(),
    );
  });
}

function writeModule(root: string): void {
  fs.mkdirSync(path.join(root, 'app'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dep/go.mod'), 'module example.com/dep\n\ngo 1.19\n');
  fs.writeFileSync(path.join(root, 'dep/dep.go'), 'package dep\n\nfunc Name() string { return "dep" }\n');
  fs.writeFileSync(path.join(root, 'app/go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n');
  // No imports beyond the dependency: every extra std package is compiled once per target.
  fs.writeFileSync(path.join(root, 'app/main.go'), 'package main\n\nimport "example.com/dep"\n\nvar version = "dev"\n\nfunc main() { println(dep.Name(), version) }\n');
}

async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export const TARGETS: [string, string][] = [
  ['linux', 'amd64'],
  ['linux', '386'],
  ['linux', 'arm'],
  ['linux', 'arm64'],
  ['linux', 'mips'],
  ['linux', 'mips64le'],
  ['linux', 's390x'],
  ['linux', 'ppc64le'],
  ['windows', 'amd64'],
  ['windows', '386'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
  ['aix', 'ppc64'],
];

/** Builds everything into `<dir>/bin`; returns the binaries. Takes a few minutes with a cold Go cache. */
export async function buildFixtures(): Promise<{ dir: string; bins: Built[]; sleeper: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-buildinfo-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  writeModule(path.join(dir, 'plain'));
  writeModule(path.join(dir, 'vcs'));

  // A dirty git tree: commit, then change a file. CI has no git identity, so give one.
  const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  const vcsApp = path.join(dir, 'vcs/app');
  await run('git', ['init', '-q'], vcsApp, gitEnv);
  await run('git', ['add', '.'], vcsApp, gitEnv);
  await run('git', ['commit', '-q', '-m', 'init'], vcsApp, gitEnv);
  fs.appendFileSync(path.join(vcsApp, 'main.go'), '\n// uncommitted change\n');

  const jobs: { name: string; cwd: string; env: Record<string, string>; args: string[] }[] = [];
  const plain = path.join(dir, 'plain/app');
  for (const [goos, goarch] of TARGETS) {
    const name = `app-${goos}-${goarch}${goos === 'windows' ? '.exe' : ''}`;
    jobs.push({ name, cwd: plain, env: { GOOS: goos, GOARCH: goarch }, args: [] });
  }
  const amd64 = { GOOS: 'linux', GOARCH: 'amd64' };
  jobs.push(
    { name: 'mode-trimpath', cwd: plain, env: amd64, args: ['-trimpath'] },
    { name: 'mode-stripped', cwd: plain, env: amd64, args: ['-ldflags=-s -w'] },
    { name: 'mode-ldflags-quoted', cwd: plain, env: amd64, args: ['-tags=foo,bar', '-ldflags=-X "main.version=a b"'] },
    { name: 'mode-pie', cwd: plain, env: amd64, args: ['-buildmode=pie'] },
    { name: 'mode-cgo', cwd: plain, env: { ...amd64, CGO_ENABLED: '1' }, args: [] },
    { name: 'mode-dirty-vcs', cwd: vcsApp, env: amd64, args: [] },
  );
  // A program that stays up, for `ps`.
  const sleeperDir = path.join(dir, 'sleeper');
  fs.mkdirSync(sleeperDir);
  fs.writeFileSync(path.join(sleeperDir, 'go.mod'), 'module example.com/sleeper\n\ngo 1.19\n');
  fs.writeFileSync(path.join(sleeperDir, 'main.go'), 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n');
  const sleeper = path.join(dir, 'sleeper-bin');
  await pool([...jobs, { name: '../sleeper-bin', cwd: sleeperDir, env: amd64, args: [] }], 3, (j) => run('go', ['build', ...j.args, '-o', path.join(bin, j.name), '.'], j.cwd, { ...BASE_ENV, ...j.env }));
  return { dir, bins: jobs.map((j) => ({ name: j.name, file: path.join(bin, j.name) })), sleeper };
}

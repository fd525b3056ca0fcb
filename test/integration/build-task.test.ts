// Cross-compiling through the `go-for-cloud` task provider inside real VS Code: six targets
// from a tasks.json definition, each binary checked from its headers and build info, and a
// compile error landing in Problems once per failing target.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBuildInfo } from '../../src/buildinfo';
import { readHeader } from '../cli/binary-headers';
import { activate, waitFor, workspaceDir } from './helpers';

const SIX = ['linux/amd64', 'linux/arm64', 'darwin/arm64', 'windows/amd64', 'linux/386', 'linux/s390x'];
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

async function runTask(label: string): Promise<number | undefined> {
  const tasks = await vscode.tasks.fetchTasks({ type: 'go-for-cloud' });
  const task = tasks.find((t) => t.name === label);
  assert.ok(task, `task "${label}" among ${tasks.map((t) => t.name).join(', ')}`);
  const ended = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name === label) {
        sub.dispose();
        resolve(e.exitCode);
      }
    });
  });
  await vscode.tasks.executeTask(task);
  return ended;
}

describe('cross-compile task in VS Code', function () {
  this.timeout(25 * 60_000);
  let dir: string;

  before(async () => {
    await activate();
    dir = workspaceDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'fixture');
    git('tag', 'v2.0.0');
  });

  // The repository stays: the workspace is a temporary copy, and deleting .git under VS Code's
  // git extension makes its running git processes fail (EPIPE) in whatever test comes next.

  it('provides a build task for each main package', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'go-for-cloud' });
    const packages = tasks.map((t) => String(t.definition.package));
    assert.ok(packages.includes('./cmd/tool'), packages.join(', '));
    assert.ok(tasks.every((t) => t.group?.id === vscode.TaskGroup.Build.id || t.source === 'Workspace'));
  });

  it('builds six targets: right format and architecture, static, trimmed, commit and version stamped', async () => {
    const exit = await runTask('build tool for six targets');
    assert.equal(exit, 0);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    for (const target of SIX) {
      const [goos, goarch] = target.split('/');
      const file = path.join(dir, 'dist', `tool_${goos}_${goarch}${goos === 'windows' ? '.exe' : ''}`);
      assert.ok(fs.existsSync(file), `${file} exists`);
      assert.deepEqual(readHeader(file), { format: goos === 'windows' ? 'pe' : goos === 'darwin' ? 'macho' : 'elf', arch: goarch });
      const bi = await readBuildInfo(file);
      const settings = new Map(bi.settings.map((s) => [s.key, s.value]));
      assert.equal(settings.get('CGO_ENABLED'), '0', `${target} static`);
      assert.equal(settings.get('-trimpath'), 'true', `${target} trimpath`);
      assert.equal(settings.get('vcs.revision'), head, `${target} commit`);
      assert.ok(fs.readFileSync(file).includes('v2.0.0'), `${target} carries the stamped version`);
    }
  });

  it('puts compile errors in Problems at the right file and line, tagged with the failing target', async () => {
    const exit = await runTask('build broken for two targets');
    assert.equal(exit, 1);
    const main = vscode.Uri.file(path.join(dir, 'cmd', 'broken', 'main.go'));
    const arm = vscode.Uri.file(path.join(dir, 'cmd', 'broken', 'main_arm64.go'));
    const code = (p: vscode.Diagnostic) => (typeof p.code === 'object' ? String(p.code.value) : String(p.code));
    const ofBuild = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'go build');
    await waitFor('compile errors in Problems', () => ofBuild(main).length > 0 && ofBuild(arm).length > 0, 30_000).catch((e) => {
      // Say what Problems does hold, to tell a matcher problem from a build problem.
      const all = vscode.languages.getDiagnostics().filter(([, ds]) => ds.length).map(([u, ds]) => `${u.fsPath}: ${ds.map((d) => `${d.source}|${d.message}`).join('; ')}`);
      throw new Error(`${(e as Error).message}\nProblems now: ${all.join('\n') || '(none)'}`);
    });
    // An error both targets hit shows with each target's code (VS Code may merge problems of
    // one matcher at one position into one); an error only arm64 hits carries arm64 alone.
    const common = ofBuild(main);
    assert.ok(common.length >= 1 && common.length <= 2, `${common.length} problems on main.go`);
    for (const p of common) {
      assert.equal(p.message, 'undefined: undefinedFunction');
      assert.equal(p.range.start.line, 4);
    }
    const codes = common.map(code);
    assert.equal(new Set(codes).size, codes.length, 'one problem per target at most');
    assert.ok(codes.every((c) => c === 'linux/amd64' || c === 'linux/arm64'), codes.join(', '));
    const armOnly = ofBuild(arm);
    assert.equal(armOnly.length, 1);
    assert.equal(armOnly[0].message, 'undefined: undefinedOnArm64');
    assert.equal(armOnly[0].range.start.line, 4);
    assert.equal(code(armOnly[0]), 'linux/arm64');
  });
});

// `check --fix` on a copy of a fixture module: files rewritten in place, atomically,
// gofmt-clean and compiling, and the exit status describes what remains.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPreferredFixes, writeAtomically } from '../../src/cli/fix';
import { assertNoStack, cli, copyFixture, FIXTURES } from './helpers';

function go(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync('go', args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('cli: check --fix', function () {
  // Each case starts the CLI (and the wasm grammar) as a child process; CI machines are shared.
  this.timeout(90_000);
  let mod: string;
  beforeEach(() => {
    mod = copyFixture('module');
  });
  afterEach(() => {
    fs.rmSync(path.dirname(mod), { recursive: true, force: true });
  });

  it('applies the preferred fixes, writes gofmt-clean compiling code, keeps the file mode', () => {
    const handler = path.join(mod, 'api', 'handler.go');
    fs.chmodSync(handler, 0o640);
    const before = fs.readFileSync(handler, 'utf8');
    const r = cli(['check', '--fix', '--rule', 'dropped-context', '.'], { cwd: mod });
    assertNoStack(r.stderr);
    assert.equal(r.stderr, 'go-for-cloud: api/handler.go: applied 2 fixes\n');
    // Nothing at warning or above remains for the rule that ran.
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout, '');
    const after = fs.readFileSync(handler, 'utf8');
    assert.notEqual(after, before);
    assert.equal((after.match(/r\.Context\(\)/g) ?? []).length, 2);
    assert.ok(!after.includes('context.Background()'));
    assert.equal(fs.statSync(handler).mode & 0o777, 0o640);
    // Untouched files stay untouched; no temporary files are left behind.
    assert.equal(fs.readFileSync(path.join(mod, 'api', 'lookup.go'), 'utf8'), fs.readFileSync(path.join(FIXTURES, 'module', 'api', 'lookup.go'), 'utf8'));
    assert.deepEqual(fs.readdirSync(path.join(mod, 'api')).sort(), ['handler.go', 'lookup.go']);
    const gofmt = spawnSync('gofmt', ['-l', 'api', 'store'], { cwd: mod, encoding: 'utf8' });
    assert.equal(gofmt.status, 0, gofmt.stderr);
    assert.equal(gofmt.stdout, '');
    const vet = go(['vet', './api', './store'], mod);
    assert.equal(vet.code, 0, vet.out);
    // A second run finds nothing to fix.
    const again = cli(['check', '--rule', 'dropped-context', '.'], { cwd: mod });
    assert.equal(again.code, 0);
    assert.equal(again.stdout, '');
  });

  it('leaves skipped directories alone and reports what remains of other rules', () => {
    const r = cli(['check', '--fix', '--format', 'json', '.'], { cwd: mod });
    const remaining = JSON.parse(r.stdout) as { file: string; rule: string }[];
    assert.ok(!remaining.some((f) => f.rule === 'dropped-context'), r.stdout);
    assert.equal(r.code, remaining.length ? 1 : 0);
    for (const d of ['testdata', '_skip', '.hidden', 'vendor/example.com/dep']) {
      assert.match(fs.readFileSync(path.join(mod, d, 'bad.go'), 'utf8'), /context\.Background\(\)/, d);
    }
  });

  it('refuses to overwrite a file that changed since it was analysed', () => {
    const file = path.join(mod, 'api', 'handler.go');
    const analysed = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '\n// edited meanwhile\n');
    assert.throws(() => writeAtomically(file, analysed, 'package api\n'), /changed on disk/);
    assert.match(fs.readFileSync(file, 'utf8'), /edited meanwhile/);
    writeAtomically(file, fs.readFileSync(file, 'utf8'), 'package api\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'package api\n');
  });

  it('never applies two overlapping edits', () => {
    const edit = (from: number, to: number, newText: string) => ({ range: { start: { line: 0, character: from }, end: { line: 0, character: to } }, newText });
    const finding = (edits: ReturnType<typeof edit>[]) => ({ rule: 'r', severity: 'warning' as const, message: 'm', range: edits[0].range, fixes: [{ title: 't', edits }] });
    const r = applyPreferredFixes('abcdef', [finding([edit(0, 3, 'X')]), finding([edit(2, 4, 'Y')]), finding([edit(4, 6, 'Z')])]);
    assert.equal(r.text, 'XdZ');
    assert.equal(r.applied, 2);
  });
});

// "Go for Cloud: Inspect Go Binary" and "Compare Go Binaries" in a real VS Code: a fixture Go
// binary built now with the local toolchain opens as a go-buildinfo: document whose body is
// exactly `go version -m`'s output, with the findings as diagnostics on their lines.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, diagnosticCode, waitFor } from './helpers';

const ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'amd64' };

function buildFixture(dir: string): { plain: string; trimmed: string; sleeper: string } {
  fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dep'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dep/go.mod'), 'module example.com/dep\n\ngo 1.19\n');
  fs.writeFileSync(path.join(dir, 'dep/dep.go'), 'package dep\n\nfunc Name() string { return "dep" }\n');
  fs.writeFileSync(path.join(dir, 'app/go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n');
  fs.writeFileSync(path.join(dir, 'app/main.go'), 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Name()) }\n');
  const plain = path.join(dir, 'app-bin');
  const trimmed = path.join(dir, 'app-trimmed');
  execFileSync('go', ['build', '-o', plain, '.'], { cwd: path.join(dir, 'app'), env: { ...ENV, CGO_ENABLED: '1' } });
  execFileSync('go', ['build', '-trimpath', '-o', trimmed, '.'], { cwd: path.join(dir, 'app'), env: { ...ENV, CGO_ENABLED: '0' } });
  // A program that stays up, for Go Processes.
  fs.mkdirSync(path.join(dir, 'sleeper'));
  fs.writeFileSync(path.join(dir, 'sleeper/go.mod'), 'module example.com/sleeper\n\ngo 1.19\n');
  fs.writeFileSync(path.join(dir, 'sleeper/main.go'), 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n');
  const sleeper = path.join(dir, 'gfc-sleeper');
  execFileSync('go', ['build', '-o', sleeper, '.'], { cwd: path.join(dir, 'sleeper'), env: { ...ENV, CGO_ENABLED: '0' } });
  return { plain, trimmed, sleeper };
}

describe('Go binaries in VS Code: inspect and compare', function () {
  this.timeout(300_000);
  let dir: string;
  let bins: { plain: string; trimmed: string; sleeper: string };

  before(async function () {
    this.timeout(300_000);
    await activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-inspect-'));
    bins = buildFixture(dir);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the build info with go version -m text under a header of findings, with diagnostics on their lines', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('goForCloud.inspectBinary', vscode.Uri.file(bins.plain));
    assert.ok(uri, 'the command returns the document it opened');
    assert.equal(uri.scheme, 'go-buildinfo');
    const doc = await waitFor('the build info document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    assert.equal(doc.languageId, 'go-buildinfo');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'shown in the active editor');

    const text = doc.getText();
    const goVersionM = execFileSync('go', ['version', '-m', bins.plain], { env: ENV, encoding: 'utf8' });
    assert.ok(text.startsWith(`# Go build info of ${bins.plain}\n# Findings (5):\n`), text.slice(0, 200));
    assert.ok(text.endsWith(`\n${goVersionM}`), 'the body is exactly what go version -m prints');

    const diags = await waitFor('five diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length === 5 ? d : undefined;
    });
    const byCode = new Map(diags.map((d) => [diagnosticCode(d), d]));
    assert.deepEqual([...byCode.keys()].sort(), ['cgo-enabled', 'local-replace', 'no-trimpath', 'no-vcs-revision', 'unsupported-go']);
    const lineOf = (code: string) => doc.lineAt(byCode.get(code)!.range.start.line).text;
    assert.match(lineOf('unsupported-go'), new RegExp(`^${bins.plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: go1\\.\\d+`));
    assert.equal(lineOf('local-replace'), '\tdep\texample.com/dep\tv1.0.0');
    assert.equal(lineOf('cgo-enabled'), '\tbuild\tCGO_ENABLED=1');
    assert.equal(lineOf('no-trimpath'), '\tpath\texample.com/app');
    for (const d of diags) assert.equal(d.source, 'go-for-cloud');
    assert.equal(byCode.get('unsupported-go')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(byCode.get('no-trimpath')!.severity, vscode.DiagnosticSeverity.Information);
    // The range covers the line's text, not its leading tab.
    assert.equal(doc.getText(byCode.get('cgo-enabled')!.range), 'build\tCGO_ENABLED=1');
  });

  it('refuses a file that is not a Go binary, opening nothing', async () => {
    const notGo = path.join(dir, 'notes.txt');
    fs.writeFileSync(notGo, 'not a binary\n');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('goForCloud.inspectBinary', vscode.Uri.file(notGo));
    assert.equal(uri, undefined);
  });

  it('compares two binaries: settings added, removed and changed', async () => {
    const a = vscode.Uri.file(bins.plain);
    const b = vscode.Uri.file(bins.trimmed);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('goForCloud.compareBinaries', a, [a, b]);
    assert.ok(uri);
    const doc = await waitFor('the comparison document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    const text = doc.getText();
    assert.match(text, /\nsettings:\n/);
    assert.match(text, /\n {2}added {5}-trimpath=true\n/);
    assert.match(text, /\n {2}changed {3}CGO_ENABLED: 1 -> 0\n/);
    assert.doesNotMatch(text, /\ndependencies:/, 'same dependencies');
  });

  it('Go Processes lists running Go programs and opens the chosen one', async function () {
    if (process.platform !== 'linux') this.skip(); // the test relies on /proc
    const child = spawn(bins.sleeper, [], { stdio: 'ignore' });
    try {
      const opened = vscode.commands.executeCommand<vscode.Uri | undefined>('goForCloud.goProcesses');
      const result: { done: boolean; uri?: vscode.Uri } = { done: false };
      void opened.then((uri) => Object.assign(result, { done: true, uri }));
      // Accept the first entry once the quick pick is up (accepting before that does nothing).
      await waitFor('the quick pick to be accepted', () => {
        if (result.done) return true;
        void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return false;
      }, 60_000);
      const shown = result.uri;
      assert.ok(shown, 'a process was chosen and its build info opened');
      assert.equal(shown.scheme, 'go-buildinfo');
      const doc = await waitFor('the process document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown.toString()));
      assert.match(doc.getText(), /^# Go build info of \/.*\n[\s\S]*: go1\.\d+/);
    } finally {
      child.kill();
    }
  });
});

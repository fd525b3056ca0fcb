// Runtime insight in real VS Code: the flame graph and trace chart webviews render real data
// (written at test time by small Go programs) and "go to source" opens the right line.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodeProfile } from '../../src/insight/profile';
import { syntheticProfile } from '../synthetic-profile';
import { activate, workspaceDir } from './helpers';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'insight');
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };

interface ProfileView {
  panel: vscode.WebviewPanel;
  rendered: Promise<{ rects: number; ms: number; sampleType: string }>;
  goToSource(file: string, line: number): Promise<vscode.TextEditor | undefined>;
}
interface TraceChart {
  panel: vscode.WebviewPanel;
  rendered: Promise<{ charts: number; gc: number; sched: number }>;
}

/** Asks the runner for a screenshot of the workbench (see scripts/integration.mjs). */
async function screenshot(name: string): Promise<void> {
  console.log(`[screenshot] ${name}`);
  await new Promise((r) => setTimeout(r, 2000));
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))]);
}

describe('runtime insight in VS Code', function () {
  this.timeout(180_000);
  let dir: string;

  before(async () => {
    await activate();
    dir = path.join(workspaceDir(), 'insight');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    execFileSync('go', ['build', '-o', 'bin/profiled', './profiled'], { cwd: dir, env: GO_ENV });
    execFileSync('go', ['build', '-o', 'bin/alloc', './alloc'], { cwd: dir, env: GO_ENV });
    execFileSync(path.join(dir, 'bin', 'profiled'), [path.join(dir, 'cpu.pb'), path.join(dir, 'heap.pb')]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a CPU profile as a flame graph that renders, and goes to source', async () => {
    const view = await vscode.commands.executeCommand<ProfileView>('goForCloud.openProfile', vscode.Uri.file(path.join(dir, 'cpu.pb')));
    assert.ok(view, 'a profile view');
    const stats = await within(view.rendered, 30_000, 'flame graph render');
    assert.ok(stats.rects > 5, `drew ${stats.rects} frames`);
    assert.equal(stats.sampleType, 'cpu');
    await screenshot('insight-flame-graph');
    const profile = decodeProfile(fs.readFileSync(path.join(dir, 'cpu.pb')));
    const frame = profile.samples.flatMap((s) => s.stack).find((f) => f.name === 'main.hashLoop');
    assert.ok(frame, 'main.hashLoop is in the profile');
    const editor = await view.goToSource(frame.file, frame.line);
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.fsPath, path.join(dir, 'profiled', 'main.go'));
    assert.equal(editor.selection.active.line, frame.line - 1);
    let decl = frame.line - 1;
    while (decl > 0 && !editor.document.lineAt(decl).text.startsWith('func ')) decl--;
    assert.match(editor.document.lineAt(decl).text, /^func hashLoop/, 'the line is inside hashLoop');
    view.panel.dispose();
  });

  it('renders a 100,000-sample profile quickly', async () => {
    const file = path.join(dir, 'large.pb.gz');
    fs.writeFileSync(file, syntheticProfile(100_000));
    const started = Date.now();
    const view = await vscode.commands.executeCommand<ProfileView>('goForCloud.openProfile', vscode.Uri.file(file));
    assert.ok(view);
    const stats = await within(view.rendered, 30_000, 'large flame graph render');
    const total = Date.now() - started;
    console.log(`    100k-sample profile: decoded, built and drawn in ${total} ms (canvas draw ${stats.ms.toFixed(0)} ms, ${stats.rects} frames)`);
    assert.ok(stats.rects > 100, `${stats.rects} frames drawn`);
    assert.ok(stats.ms < 1000, `canvas draw took ${stats.ms} ms`);
    assert.ok(total < 5000, `open to drawn took ${total} ms`);
    view.panel.dispose();
  });

  it('refuses a file that is not a profile with a message, not a crash', async () => {
    const view = await vscode.commands.executeCommand('goForCloud.openProfile', vscode.Uri.file(path.join(dir, 'bin', 'alloc')));
    assert.equal(view, undefined);
  });

  it('charts a saved GODEBUG log', async () => {
    const log = path.join(dir, 'alloc.gotrace');
    const run = require('node:child_process').spawnSync(path.join(dir, 'bin', 'alloc'), [], { env: { ...process.env, GODEBUG: 'gctrace=1,schedtrace=50' }, encoding: 'utf8' });
    fs.writeFileSync(log, run.stderr + run.stdout);
    assert.equal(run.status, 0, `alloc ran: ${run.error ?? run.stderr.slice(-300)}`);
    assert.match(run.stderr, /^gc \d+ @/m, 'the log has gctrace lines');
    const chart = await vscode.commands.executeCommand<TraceChart>('goForCloud.chartTraceLog', vscode.Uri.file(log));
    const r = await within(chart.rendered, 30_000, 'trace chart render');
    assert.equal(r.charts, 4);
    assert.ok(r.gc > 0 && r.sched > 0, JSON.stringify(r));
    await screenshot('insight-trace-chart');
    chart.panel.dispose();
  });

  it('runs a binary with GC and scheduler trace, charting it live and saving the log', async () => {
    const result = await vscode.commands.executeCommand<{ code: number; logFile: string; chart: TraceChart }>('goForCloud.runWithTrace', {
      binary: path.join(dir, 'bin', 'alloc'),
      cwd: dir,
      intervalMs: 50,
    });
    assert.equal(result.code, 0);
    const r = await within(result.chart.rendered, 30_000, 'live chart render');
    assert.equal(r.charts, 4);
    const saved = fs.readFileSync(result.logFile, 'utf8');
    assert.match(saved, /^gc \d+ @/m);
    assert.match(saved, /^SCHED \d+ms:/m);
    result.chart.panel.dispose();
  });
});

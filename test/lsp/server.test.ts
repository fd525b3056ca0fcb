// The bundled language server (dist/server.js), started as a child process and driven over the
// protocol as an editor would: open, pull diagnostics, code actions, apply, fix-all, edit and
// re-diagnose, settings, suppression, stale fixes, package-mates, bad input, shutdown.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client';

const HANDLER = `package api

import (
	"context"
	"net/http"
)

func lookup(ctx context.Context, id string) string { return id }

func handler(w http.ResponseWriter, r *http.Request) {
	name := lookup(context.Background(), r.URL.Query().Get("id"))
	_, _ = w.Write([]byte(name))
}
`;
const FINDING_LINE = 10;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-lsp-'));
  for (const [name, text] of Object.entries({ 'go.mod': 'module example.com/api\n\ngo 1.22\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

let gofmtAvailable: boolean | undefined;
/** gofmt's verdict on Go source: '' when gofmt would not change it; skipped without Go. */
function gofmtDiff(text: string): string {
  if (gofmtAvailable === undefined) {
    try {
      execFileSync('gofmt', ['-l'], { input: 'package x\n' });
      gofmtAvailable = true;
    } catch {
      gofmtAvailable = false;
    }
  }
  if (!gofmtAvailable) return '';
  return execFileSync('gofmt', ['-d'], { input: text, encoding: 'utf8' });
}

const ours = (items: Diagnostic[], id = 'dropped-context') => items.filter((d) => d.source === 'go-for-cloud' && d.code === id);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const actionsWithEdits = (actions: CodeAction[]) => actions.filter((a) => a.edit);

describe('language server over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = workspace({});
    ({ client } = await LspClient.start({ settings: {} }, dir));
  });

  afterEach(async () => {
    if (client.alive) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('announces pull diagnostics, incremental sync and the fix-all kind', async () => {
    await client.stop();
    const started = await LspClient.start();
    client = started.client;
    const caps = started.init.capabilities;
    assert.equal((caps.textDocumentSync as { change: number }).change, 2);
    assert.deepEqual(caps.diagnosticProvider, { identifier: 'go-for-cloud', interFileDependencies: true, workspaceDiagnostics: true });
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.go-for-cloud']);
  });

  it('reports a dropped context with rule id, severity and version; its fix is built when asked', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    const items = await client.diagnosticItems(uri);
    const [d] = ours(items);
    assert.ok(d, JSON.stringify(items));
    assert.equal(ours(items).length, 1);
    assert.equal(d.range.start.line, FINDING_LINE);
    assert.equal(HANDLER.split('\n')[FINDING_LINE].slice(d.range.start.character, d.range.end.character), 'context.Background()');
    assert.equal(d.severity, 2);
    const data = d.data as { version: number; fixes: { title: string }[]; fixesLater?: boolean };
    assert.equal(data.version, 1);
    // Whether its fix may also remove the import depends on other declarations: built on demand.
    assert.deepEqual(data.fixes, []);
    assert.equal(data.fixesLater, true);
  });

  it('offers the fix (preferred), disable-for-line and documentation; the fix edits the text', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    const diags = ours(await client.diagnosticItems(uri));
    const actions = await client.codeActions(uri, diags[0].range, diags);
    const titles = actions.map((a) => a.title);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, titles.join(' | '));
    assert.equal(preferred.kind, 'quickfix');
    assert.ok(titles.includes('Disable dropped-context for this line'), titles.join(' | '));
    const docs = actions.find((a) => a.title === 'Show documentation for dropped-context');
    assert.deepEqual(docs?.command, { title: 'Show documentation for dropped-context', command: 'goForCloud.showRuleDocumentation', arguments: ['dropped-context'] });

    await client.applyEdit(uri, preferred.edit);
    const fixed = client.text(uri);
    assert.match(fixed, /name := lookup\(r\.Context\(\), r\.URL\.Query\(\)\.Get\("id"\)\)/);
    assert.doesNotMatch(fixed, /context\.Background/);
    assert.equal(gofmtDiff(fixed), '');
    assert.deepEqual(ours(await client.diagnosticItems(uri)), []);
  });

  it('"Disable for this line" adds a gofmt-clean //nolint that silences the finding', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    const diags = ours(await client.diagnosticItems(uri));
    const disable = (await client.codeActions(uri, diags[0].range, diags)).find((a) => a.title.startsWith('Disable'));
    await client.applyEdit(uri, disable!.edit!);
    const text = client.text(uri);
    assert.equal(text.split('\n')[FINDING_LINE], '\tname := lookup(context.Background(), r.URL.Query().Get("id")) //nolint:dropped-context');
    assert.equal(gofmtDiff(text), '');
    assert.deepEqual(ours(await client.diagnosticItems(uri)), []);
  });

  it('"Disable for this line" extends an existing nolint list, and goes above a trailing comment', async () => {
    const withList = HANDLER.replace('.Get("id"))\n', '.Get("id")) //nolint:other-rule\n');
    const uri = await client.open(path.join(dir, 'a.go'), withList);
    let diags = ours(await client.diagnosticItems(uri));
    let disable = (await client.codeActions(uri, diags[0].range, diags)).find((a) => a.title.startsWith('Disable'));
    await client.applyEdit(uri, disable!.edit!);
    assert.match(client.text(uri).split('\n')[FINDING_LINE], /\) \/\/nolint:other-rule,dropped-context$/);
    assert.deepEqual(ours(await client.diagnosticItems(uri)), []);

    const withComment = HANDLER.replace('.Get("id"))\n', '.Get("id")) // the user id\n');
    const uri2 = await client.open(path.join(dir, 'b.go'), withComment);
    diags = ours(await client.diagnosticItems(uri2));
    disable = (await client.codeActions(uri2, diags[0].range, diags)).find((a) => a.title.startsWith('Disable'));
    await client.applyEdit(uri2, disable!.edit!);
    const lines = client.text(uri2).split('\n');
    assert.equal(lines[FINDING_LINE], '\t//nolint:dropped-context');
    assert.equal(gofmtDiff(client.text(uri2)), '');
    assert.deepEqual(ours(await client.diagnosticItems(uri2)), []);
  });

  it('honours //nolint:<id> and //nolint:go-for-cloud, not other ids', async () => {
    const cases: [string, number][] = [
      [HANDLER.replace('.Get("id"))\n', '.Get("id")) //nolint:dropped-context\n'), 0],
      [HANDLER.replace('\tname := lookup', '\t//nolint:go-for-cloud\n\tname := lookup'), 0],
      [HANDLER.replace('.Get("id"))\n', '.Get("id")) //nolint:context-less-call\n'), 1],
    ];
    for (const [i, [text, want]] of cases.entries()) {
      const uri = await client.open(path.join(dir, `n${i}.go`), text);
      assert.equal(ours(await client.diagnosticItems(uri)).length, want, text);
    }
  });

  it('refuses fixes computed for an older version of the document', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    const stale = ours(await client.diagnosticItems(uri));
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '// Package api.\n' }]);
    const actions = await client.codeActions(uri, stale[0].range, stale);
    assert.deepEqual(actionsWithEdits(actions), [], 'no edit may be offered for version 1 at version 2');
    assert.ok(!actions.some((a) => a.kind?.startsWith('source.')), 'source actions only when asked for');
    assert.ok(actions.some((a) => a.command?.command === 'goForCloud.showRuleDocumentation'));
    // The fresh diagnostics (moved one line down) carry fixes again.
    const fresh = ours(await client.diagnosticItems(uri));
    assert.equal(fresh[0].range.start.line, FINDING_LINE + 1);
    assert.ok(actionsWithEdits(await client.codeActions(uri, fresh[0].range, fresh)).length >= 2);
  });

  it('fix-all applies every preferred fix in one edit', async () => {
    const two = HANDLER + `
func other(w http.ResponseWriter, req *http.Request) {
	_ = lookup(context.TODO(), "a")
	_ = lookup(context.Background(), "b")
}
`;
    const uri = await client.open(path.join(dir, 'handler.go'), two);
    assert.equal(ours(await client.diagnosticItems(uri)).length, 3);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.go-for-cloud']);
    await client.applyEdit(uri, actions[0].edit!);
    const fixed = client.text(uri);
    assert.match(fixed, /lookup\(req\.Context\(\), "a"\)/);
    assert.match(fixed, /lookup\(req\.Context\(\), "b"\)/);
    assert.match(fixed, /lookup\(r\.Context\(\), r\.URL/);
    assert.equal(gofmtDiff(fixed), '');
    assert.deepEqual(ours(await client.diagnosticItems(uri)), []);
    // Nothing left to fix: no fix-all action.
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.go-for-cloud']), []);
  });

  it('moves and drops diagnostics as incremental edits arrive', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    const first = await client.diagnostics(uri);
    assert.equal(first.kind, 'full');
    const again = await client.diagnostics(uri, (first as { resultId?: string }).resultId);
    assert.equal(again.kind, 'unchanged', 'nothing changed: the server says so');

    // Two lines above the handler: the finding moves down by two.
    await client.change(uri, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '// lookup finds a name.\n// It is fast.\n' }]);
    let diags = ours(await client.diagnosticItems(uri));
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, FINDING_LINE + 2);
    assert.equal(diags[0].range.start.character, HANDLER.split('\n')[FINDING_LINE].indexOf('context.Background'));

    // Typing inside the call: the finding follows the text, then disappears when fixed by hand.
    const line = FINDING_LINE + 2;
    const col = HANDLER.split('\n')[FINDING_LINE].indexOf('context.Background()');
    await client.change(uri, [
      { range: { start: { line, character: col }, end: { line, character: col + 'context.Background()'.length } }, newText: 'r.Ctx' },
      { range: { start: { line, character: col + 5 }, end: { line, character: col + 5 } }, newText: '()' },
    ]);
    assert.match(client.text(uri), /lookup\(r\.Ctx\(\), /);
    await client.change(uri, [{ range: { start: { line, character: col + 2 }, end: { line, character: col + 5 } }, newText: 'Context' }]);
    assert.match(client.text(uri), /lookup\(r\.Context\(\), /);
    diags = ours(await client.diagnosticItems(uri));
    assert.deepEqual(diags, []);
    // And back again by undoing with one full-text change.
    await client.replaceAll(uri, HANDLER);
    assert.equal(ours(await client.diagnosticItems(uri)).length, 1);
  });

  it('follows settings: a rule set to off disappears, a severity applies, enable=false silences all', async () => {
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    assert.equal(ours(await client.diagnosticItems(uri)).length, 1);
    const refreshes = client.refreshes;

    await client.changeSettings({ rules: { 'dropped-context': 'off' } });
    for (let i = 0; i < 500 && client.refreshes === refreshes; i++) await wait(20);
    assert.ok(client.refreshes > refreshes, 'the server asks the client to re-pull diagnostics');
    assert.deepEqual(ours(await client.diagnosticItems(uri)), []);

    await client.changeSettings({ rules: { 'dropped-context': 'error' } });
    assert.equal(ours(await client.diagnosticItems(uri))[0]?.severity, 1);

    await client.changeSettings({ enable: false });
    assert.deepEqual(await client.diagnosticItems(uri), []);
  });

  it('asks for the settings of a document when it opens, before its first pull, and once', async () => {
    const asked = client.configurationRequests;
    const uri = await client.open(path.join(dir, 'handler.go'), HANDLER);
    for (let i = 0; i < 250 && client.configurationRequests === asked; i++) await wait(20);
    assert.equal(client.configurationRequests, asked + 1, 'asked on didOpen');
    assert.equal(ours(await client.diagnosticItems(uri)).length, 1);
    assert.equal(client.configurationRequests, asked + 1, 'the pull used the answer');
  });

  it('reads open package-mates live and package-mates on disk after a file-watch notification', async () => {
    // server-closed-treated-as-error applies only in a package that calls Shutdown somewhere.
    // (New files that exist only in the editor are not package-mates: the index lists the disk.)
    const main = `package main

import (
	"log"
	"net/http"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	go waitForSignal(srv)
	log.Fatal(srv.ListenAndServe())
}
`;
    const shutdown = `package main

import (
	"context"
	"net/http"
	"time"
)

func waitForSignal(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
}
`;
    const idle = 'package main\n\nfunc waitForSignal(any) {}\n';
    fs.writeFileSync(path.join(dir, 'shutdown.go'), idle);
    const uri = await client.open(path.join(dir, 'main.go'), main);
    const rule = 'server-closed-treated-as-error';
    assert.deepEqual(ours(await client.diagnosticItems(uri), rule), []);

    // The package-mate open with unsaved text that calls Shutdown: its live text counts.
    const mate = await client.open(path.join(dir, 'shutdown.go'), idle);
    assert.deepEqual(ours(await client.diagnosticItems(uri), rule), []);
    await client.replaceAll(mate, shutdown);
    assert.equal(ours(await client.diagnosticItems(uri), rule).length, 1);
    await client.close(mate);
    assert.deepEqual(ours(await client.diagnosticItems(uri), rule), [], 'closed without saving: the disk text counts again');

    // The same text saved to disk, announced by a file-watch notification.
    fs.writeFileSync(path.join(dir, 'shutdown.go'), shutdown);
    const refreshes = client.refreshes;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${path.join(dir, 'shutdown.go')}`, type: 2 }] });
    for (let i = 0; i < 500 && client.refreshes === refreshes; i++) await wait(20);
    assert.ok(client.refreshes > refreshes);
    assert.equal(ours(await client.diagnosticItems(uri), rule).length, 1);
  });

  it('analyses Dockerfiles and disables a finding with a comment line above', async () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n';
    const uri = await client.open(path.join(dir, 'Dockerfile'), text, 'dockerfile');
    const rule = 'dockerfile-ships-toolchain';
    const diags = ours(await client.diagnosticItems(uri), rule);
    assert.equal(diags.length, 1);
    const disable = (await client.codeActions(uri, diags[0].range, diags)).find((a) => a.title === `Disable ${rule} for this line`);
    await client.applyEdit(uri, disable!.edit!);
    assert.equal(client.text(uri).split('\n')[0], `# nolint:${rule}`);
    assert.deepEqual(ours(await client.diagnosticItems(uri), rule), []);
  });

  it('disables go.mod and workflow findings with a trailing comment', async () => {
    const rule = 'unsupported-go-toolchain';
    const gomod = 'module example.com/api\n\ngo 1.21\n\ntoolchain go1.19.2\n';
    const workflow = [
      'name: ci',
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-go@v5',
      '        with:',
      "          go-version: '1.19'",
      '      - run: |',
      '          go test ./...',
      '',
    ].join('\n');
    for (const [file, text, lang, comment] of [
      ['go.mod', gomod, 'go.mod', ' //nolint:'],
      ['.github/workflows/ci.yml', workflow, 'yaml', ' # nolint:'],
    ] as const) {
      const uri = await client.open(path.join(dir, file), text, lang);
      const diags = ours(await client.diagnosticItems(uri), rule);
      assert.equal(diags.length, 1, file);
      const disable = (await client.codeActions(uri, diags[0].range, diags)).find((a) => a.title === `Disable ${rule} for this line`);
      await client.applyEdit(uri, disable!.edit!);
      const line = client.text(uri).split('\n')[diags[0].range.start.line];
      assert.ok(line.endsWith(`${comment}${rule}`), line);
      assert.deepEqual(ours(await client.diagnosticItems(uri), rule), [], file);
    }
  });

  it('survives malformed Go and still reports findings outside the broken part', async () => {
    const broken = HANDLER + '\nfunc broken( {\n\tif x := ; {\n';
    const uri = await client.open(path.join(dir, 'handler.go'), broken);
    assert.equal(ours(await client.diagnosticItems(uri)).length, 1);
    const garbage = await client.open(path.join(dir, 'garbage.go'), '\u0000\uffff}}}{{{ package ` " /* \n'.repeat(200));
    assert.ok(Array.isArray(await client.diagnosticItems(garbage)));
    await client.change(garbage, [{ range: { start: { line: 5, character: 3 }, end: { line: 150, character: 1 } }, newText: '🚀\r\n' }]);
    assert.ok(Array.isArray(await client.diagnosticItems(garbage)));
    // Requests for documents the server never saw are answered, not failed.
    assert.deepEqual(await client.diagnosticItems('file:///nowhere/x.go'), []);
    assert.deepEqual(await client.codeActions('file:///nowhere/x.go', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    assert.ok(client.alive);
  });

  it('skips analysis of a file over 5 MB with one log line', async () => {
    const huge = HANDLER + `var table = []string{\n${'\t"0123456789abcdef0123456789abcdef0123456789abcdef0123456789",\n'.repeat(90_000)}}\n`;
    const uri = await client.open(path.join(dir, 'huge.go'), huge);
    assert.deepEqual(await client.diagnosticItems(uri), []);
    assert.deepEqual(await client.diagnosticItems(uri), []);
    assert.equal(client.logs.filter((l) => l.includes('huge.go') && l.includes('not analysed')).length, 1);
  });

  it('shuts down and exits with status 0', async () => {
    await client.open(path.join(dir, 'handler.go'), HANDLER);
    assert.equal(await client.stop(), 0);
    assert.ok(!client.alive);
  });
});

describe('language server transports', function () {
  this.timeout(30_000);

  it('refuses to start without a transport, with one clear line', () => {
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'server.js')], { stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    assert.equal(status, 2);
    assert.equal(stderr, 'go-for-cloud language server: pass --stdio or --node-ipc\n');
  });

  it('works over node IPC as VS Code starts it', async () => {
    const { fork } = await import('node:child_process');
    const { createMessageConnection, IPCMessageReader, IPCMessageWriter } = await import('vscode-jsonrpc/node');
    const proc = fork(path.join(__dirname, '..', '..', '..', 'dist', 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    conn.listen();
    try {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await conn.sendNotification('initialized', {});
      const dir = workspace({});
      const uri = `file://${path.join(dir, 'handler.go')}`;
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: HANDLER } });
      const report = await conn.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(ours(report.items).length, 1);
      fs.rmSync(dir, { recursive: true, force: true });
      await conn.sendRequest('shutdown');
      const exited = new Promise((r) => proc.on('exit', r));
      await conn.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      conn.dispose();
      proc.kill();
    }
  });
});

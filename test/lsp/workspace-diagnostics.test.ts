// workspace/diagnostic through the bundled server: files never opened get findings (analysed in
// worker threads), untouched files come back `unchanged`, a file changed on disk (and its
// package-mates) is analysed again, partial results stream over $/progress, cancellation leaves
// the server usable, and the "off" scope reports nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, ProgressType } from 'vscode-jsonrpc/node';
import type { WorkspaceDiagnosticReport, WorkspaceDiagnosticReportPartialResult, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './lsp-client';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Two modules: the CLI's `module` fixture (api, store, Dockerfile, workflow) and the `workspace` one. */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-wsdiag-'));
  fs.cpSync(path.join(FIXTURES, 'cli', 'module'), path.join(dir, 'shop'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'workspace'), path.join(dir, 'svc'), { recursive: true });
  return dir;
}

/** Thirty packages of one large file each, so that a run takes a while. */
function addBigPackages(dir: string): void {
  const body = Array.from({ length: 1500 }, (_, i) => `func f${i}(ctx context.Context) error { return ctx.Err() }\n`).join('');
  for (let i = 0; i < 30; i++) {
    fs.mkdirSync(path.join(dir, 'many', `p${i}`), { recursive: true });
    fs.writeFileSync(path.join(dir, 'many', `p${i}`, 'big.go'), `package p${i}\n\nimport "context"\n\n${body}`);
  }
}

type Reports = Map<string, WorkspaceDocumentDiagnosticReport>;

async function request(client: LspClient, dir: string, previous: Reports = new Map(), extra: Record<string, unknown> = {}): Promise<Reports> {
  const previousResultIds = [...previous.values()].filter((r) => r.resultId).map((r) => ({ uri: r.uri, value: r.resultId! }));
  const report = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds, ...extra });
  return byFile(dir, report.items);
}

function byFile(dir: string, items: WorkspaceDocumentDiagnosticReport[]): Reports {
  const out: Reports = new Map();
  for (const item of items) {
    const rel = path.relative(dir, new URL(item.uri).pathname).split(path.sep).join('/');
    assert.ok(!out.has(rel), `${rel} reported once`);
    out.set(rel, item);
  }
  return out;
}

function codes(report: WorkspaceDocumentDiagnosticReport | undefined): string[] {
  assert.ok(report, 'file is reported');
  assert.equal(report.kind, 'full');
  return report.items.map((d) => `${String(d.code)}:${d.range.start.line}`).sort();
}

const EXPECTED: Record<string, string[]> = {
  'shop/.github/workflows/ci.yml': ['unsupported-go-toolchain:9'],
  'shop/Dockerfile': ['unsupported-go-toolchain:0'],
  'shop/api/handler.go': ['dropped-context:11', 'dropped-context:22'],
  'shop/api/lookup.go': [],
  'shop/store/store.go': [],
  'svc/container/Dockerfile': ['dockerfile-ships-toolchain:1'],
  'svc/handlers.go': ['context-less-call:45', 'dropped-context:22'],
  'svc/lifecycle/main.go': ['missing-graceful-shutdown:14', 'service-without-metrics:14'],
};

describe('workspace diagnostics', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = makeWorkspace();
    ({ client } = await LspClient.start({ settings: { workspaceDiagnostics: 'workspace' } }, dir));
  });

  afterEach(async () => {
    if (client.alive) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports files that were never opened, and skips vendor and hidden directories', async () => {
    const reports = await request(client, dir);
    for (const [file, expected] of Object.entries(EXPECTED)) assert.deepEqual(codes(reports.get(file)), expected, file);
    const files = [...reports.keys()];
    assert.ok(!files.some((f) => f.includes('vendor/') || f.includes('.hidden/')), files.join(', '));
    assert.ok(!files.some((f) => f.endsWith('.golden')), files.join(', '));
    for (const r of reports.values()) assert.ok(r.resultId, `${r.uri} has a result id`);
    assert.ok(client.alive);
  });

  it('answers unchanged for untouched files and analyses a changed file and its package-mates again', async () => {
    const first = await request(client, dir);
    const lookup = path.join(dir, 'shop', 'api', 'lookup.go');
    fs.writeFileSync(
      lookup,
      fs.readFileSync(lookup, 'utf8') +
        '\nfunc Fetch(ctx context.Context) error {\n\treturn lookup(context.TODO())\n}\n',
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(lookup), type: 2 }] });

    const second = await request(client, dir, first);
    assert.deepEqual(codes(second.get('shop/api/lookup.go')), ['dropped-context:14']);
    // The package-mate is analysed again (a fresh full report) with the same findings.
    assert.deepEqual(codes(second.get('shop/api/handler.go')), EXPECTED['shop/api/handler.go']);
    assert.notEqual(second.get('shop/api/handler.go')!.resultId, first.get('shop/api/handler.go')!.resultId);
    for (const file of ['shop/store/store.go', 'svc/handlers.go', 'svc/lifecycle/main.go', 'shop/Dockerfile', 'shop/.github/workflows/ci.yml']) {
      const r = second.get(file);
      assert.equal(r?.kind, 'unchanged', file);
      assert.equal(r.resultId, first.get(file)!.resultId, file);
    }
  });

  it('a changed go.mod makes everything of its module fresh, and nothing of another module', async () => {
    const first = await request(client, dir);
    const mod = path.join(dir, 'shop', 'go.mod');
    fs.appendFileSync(mod, '\n// a comment\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(mod), type: 2 }] });
    const second = await request(client, dir, first);
    for (const file of ['shop/api/handler.go', 'shop/store/store.go', 'shop/Dockerfile']) {
      assert.equal(second.get(file)?.kind, 'full', file);
      assert.notEqual(second.get(file)!.resultId, first.get(file)!.resultId, file);
    }
    assert.deepEqual(codes(second.get('shop/api/handler.go')), EXPECTED['shop/api/handler.go']);
    for (const file of ['svc/handlers.go', 'svc/lifecycle/main.go', 'svc/container/Dockerfile']) assert.equal(second.get(file)?.kind, 'unchanged', file);
  });

  it('a newer request supersedes a running one, which answers early', async () => {
    addBigPackages(dir);
    const older = client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    await new Promise((r) => setTimeout(r, 20));
    const newer = await request(client, dir);
    const early = await older;
    assert.ok(early.items.length < newer.size / 2, `older request stopped early (${early.items.length} of ${newer.size} reports)`);
    for (const [file, expected] of Object.entries(EXPECTED)) assert.deepEqual(codes(newer.get(file)), expected, file);
  });

  it('clears the problems of a deleted file', async () => {
    const first = await request(client, dir);
    fs.rmSync(path.join(dir, 'svc', 'container', 'Dockerfile'));
    // The client watches files; a deletion arrives as a notification.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(path.join(dir, 'svc', 'container', 'Dockerfile')), type: 3 }],
    });
    const second = await request(client, dir, first);
    const gone = second.get('svc/container/Dockerfile');
    assert.equal(gone?.kind, 'full');
    assert.deepEqual(gone.items, [], 'problems of a deleted file are cleared');
    assert.equal(second.get('svc/handlers.go')?.kind, 'unchanged');
  });

  it('leaves open documents to the document pull', async () => {
    const handlers = path.join(dir, 'svc', 'handlers.go');
    await client.open(handlers, fs.readFileSync(handlers, 'utf8'));
    const reports = await request(client, dir);
    assert.ok(!reports.has('svc/handlers.go'), 'the open file is not in the workspace report');
    assert.deepEqual(codes(reports.get('svc/lifecycle/main.go')), EXPECTED['svc/lifecycle/main.go']);
    const items = await client.diagnosticItems(uriOf(handlers));
    assert.deepEqual(items.map((d) => `${String(d.code)}:${d.range.start.line}`).sort(), EXPECTED['svc/handlers.go']);
  });

  it('reports a document again once it closes, and its last pull keeps the workspace findings', async () => {
    const handlers = path.join(dir, 'svc', 'handlers.go');
    const uri = await client.open(handlers, fs.readFileSync(handlers, 'utf8'));
    const first = await request(client, dir);
    assert.ok(!first.has('svc/handlers.go'));
    await client.close(uri);
    // vscode-languageclient pulls a closing document once more before the workspace report takes over.
    const last = await client.diagnostics(uri);
    assert.equal(last.kind, 'full');
    assert.deepEqual(last.items.map((d) => `${String(d.code)}:${d.range.start.line}`).sort(), EXPECTED['svc/handlers.go']);
    const second = await request(client, dir, first);
    assert.deepEqual(codes(second.get('svc/handlers.go')), EXPECTED['svc/handlers.go']);
  });

  it('streams partial results over $/progress when the client sends a partialResultToken', async () => {
    const token = 'wsdiag-partial';
    const partials: WorkspaceDocumentDiagnosticReport[][] = [];
    const listener = client.connection.onProgress(new ProgressType<WorkspaceDiagnosticReportPartialResult>(), token, (p) => {
      partials.push(p.items);
    });
    const final = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [], partialResultToken: token });
    listener.dispose();
    assert.deepEqual(final.items, [], 'everything went out as partial results');
    assert.ok(partials.length >= 2, `several chunks (got ${partials.length})`);
    const streamed = byFile(dir, partials.flat());
    for (const [file, expected] of Object.entries(EXPECTED)) assert.deepEqual(codes(streamed.get(file)), expected, file);
  });

  it('survives a cancelled request: queued batches stop, and the next request reports everything', async () => {
    addBigPackages(dir);
    const source = new CancellationTokenSource();
    const token = 'wsdiag-cancel';
    const streamed: WorkspaceDocumentDiagnosticReport[] = [];
    // Cancelled as soon as the first directory's results arrive.
    const listener = client.connection.onProgress(new ProgressType<WorkspaceDiagnosticReportPartialResult>(), token, (p) => {
      streamed.push(...p.items);
      source.cancel();
    });
    await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [], partialResultToken: token }, source.token).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    listener.dispose();
    const reports = await request(client, dir);
    assert.ok(streamed.length > 0 && streamed.length < reports.size / 2, `stopped early: ${streamed.length} of ${reports.size} files`);
    for (const [file, expected] of Object.entries(EXPECTED)) assert.deepEqual(codes(reports.get(file)), expected, file);
    assert.ok(client.alive);
    assert.deepEqual(client.logs.filter((l) => /failed/.test(l)), []);
  });

  it('reports nothing with the scope "off" (document pulls still work), and clears what "workspace" reported', async () => {
    const first = await request(client, dir);
    await client.changeSettings({ workspaceDiagnostics: 'off' });
    const cleared = await request(client, dir, first);
    assert.equal(cleared.size, first.size, 'every earlier file gets an empty report');
    for (const [file, r] of cleared) {
      assert.equal(r.kind, 'full', file);
      assert.deepEqual(r.items, [], file);
    }
    assert.equal((await request(client, dir)).size, 0);
    const main = path.join(dir, 'svc', 'lifecycle', 'main.go');
    const items = await client.diagnosticItems(await client.open(main, fs.readFileSync(main, 'utf8')));
    assert.ok(items.some((d) => d.code === 'missing-graceful-shutdown'));
  });

  it('reports nothing by default (openFiles)', async () => {
    await client.changeSettings({});
    assert.equal((await request(client, dir)).size, 0);
  });
});

// goForCloud.supportedGoReleases reaches unsupported-go-toolchain through the server: the
// window and the fix follow the setting, changed while the server runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client';

const RULE = 'unsupported-go-toolchain';
const ours = (items: Diagnostic[]) => items.filter((d) => d.source === 'go-for-cloud' && d.code === RULE);

describe('language server: supported Go releases setting', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-lsp-toolchain-'));
    ({ client } = await LspClient.start({ settings: {} }, dir));
  });

  afterEach(async () => {
    if (client.alive) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('follows goForCloud.supportedGoReleases for go.mod, Dockerfiles and workflows', async () => {
    const gomod = await client.open(path.join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.19\n\ntoolchain go1.19.2\n');
    const docker = await client.open(path.join(dir, 'Dockerfile'), 'FROM golang:1.19-alpine AS build\nRUN go build -o /x .\n', 'dockerfile');
    const wf = path.join(dir, '.github', 'workflows', 'ci.yml');
    const workflow = await client.open(wf, "jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.19'\n", 'yaml');
    // With the table (any date from 2026 on), Go 1.19 is long unsupported.
    for (const uri of [gomod, docker, workflow]) assert.equal(ours(await client.diagnosticItems(uri)).length, 1, uri);

    await client.changeSettings({ supportedGoReleases: ['1.19', '1.18'] });
    for (const uri of [gomod, docker, workflow]) assert.deepEqual(ours(await client.diagnosticItems(uri)), [], uri);

    // An older window: 1.19 is still out, and the fix bumps to the setting's newest release.
    await client.changeSettings({ supportedGoReleases: ['1.21', '1.20'] });
    const [d] = ours(await client.diagnosticItems(gomod));
    assert.ok(d, 'reported again');
    const fix = (await client.codeActions(gomod, d.range, [d])).find((a) => a.title === 'Use Go 1.21.13');
    assert.ok(fix?.edit, 'fix to the newest patch of the newest supported release');
    await client.applyEdit(gomod, fix.edit);
    assert.match(client.text(gomod), /^toolchain go1\.21\.13$/m);
    const [w] = ours(await client.diagnosticItems(workflow));
    const wfix = (await client.codeActions(workflow, w.range, [w])).find((a) => a.title === 'Use Go 1.21');
    await client.applyEdit(workflow, wfix!.edit!);
    assert.match(client.text(workflow), /go-version: '1\.21'$/m);
  });

  it('counts the user\'s own newer Go (sent by the client) as supported', async () => {
    // The table's newest release today is 1.27: a go.mod naming a 1.26 toolchain is fine...
    const gomod = await client.open(path.join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.21\n\ntoolchain go1.26.1\n');
    assert.deepEqual(ours(await client.diagnosticItems(gomod)), []);
    // ...until the user's own go is two releases newer than the table knows.
    await client.connection.sendNotification('goForCloud/localGoVersion', 'go1.29.0');
    await new Promise((r) => setTimeout(r, 200));
    const [d] = ours(await client.diagnosticItems(gomod));
    assert.ok(d, 'go1.26 is now older than the two supported releases');
    // Nonsense is ignored, not a crash.
    await client.connection.sendNotification('goForCloud/localGoVersion', 42);
    assert.ok(client.alive);
  });
});

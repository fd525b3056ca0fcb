// `go-for-cloud check` on fixture trees: walking, the three formats, exit codes, bad input.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { supportedReleases } from '../../src/toolchain/go-releases';
import { assertNoStack, cli, FIXTURES } from './helpers';

const HANDLER = path.join(FIXTURES, 'module', 'api', 'handler.go');

/** 0-based line and UTF-16 character of the n-th `context.Background()` in handler.go. */
function backgroundCall(n: number): { line: number; character: number; byteCol: number } {
  const lines = fs.readFileSync(HANDLER, 'utf8').split('\n');
  const hits = lines.flatMap((text, line) => (text.includes('context.Background()') ? [{ line, text }] : []));
  const { line, text } = hits[n];
  const character = text.indexOf('context.Background()');
  return { line, character, byteCol: Buffer.byteLength(text.slice(0, character)) + 1 };
}

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  rule: string;
  severity: string;
  message: string;
  fixes: { title: string; edits: { range: unknown; newText: string }[] }[];
}

describe('cli: check', function () {
  // Each case starts the CLI (and the wasm grammar) as a child process; CI machines are shared.
  this.timeout(90_000);
  it('text: path:line:col: message (rule), 1-based with byte columns, sorted', () => {
    const r = cli(['check', '--rule', 'dropped-context', 'module']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    const [a, b] = [backgroundCall(0), backgroundCall(1)];
    assert.match(lines[0], new RegExp(`^module/api/handler\\.go:${a.line + 1}:${a.byteCol}: .*r\\.Context\\(\\).* \\(dropped-context\\)$`));
    // The second call follows multi-byte characters: the byte column is not the UTF-16 one.
    assert.notEqual(b.byteCol, b.character + 1);
    assert.match(lines[1], new RegExp(`^module/api/handler\\.go:${b.line + 1}:${b.byteCol}: .* \\(dropped-context\\)$`));
  });

  it('walks like the go command: testdata, vendor, _dirs and .dirs are skipped', () => {
    const r = cli(['check', '--format', 'json', 'module']);
    const files = new Set((JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.file));
    assert.ok(files.has('module/api/handler.go'), [...files].join(', '));
    for (const f of files) assert.doesNotMatch(f, /testdata|vendor|_skip|\.hidden/);
    // lookup.go's Background() has no incoming context: a negative that must stay silent.
    assert.ok(!files.has('module/api/lookup.go'));
  });

  it('json: {file, range, rule, severity, message, fixes} with 0-based UTF-16 ranges', () => {
    const r = cli(['check', '--format', 'json', '--rule', 'dropped-context', 'module']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonFinding[];
    assert.equal(out.length, 2);
    for (const [i, f] of out.entries()) {
      assert.deepEqual(Object.keys(f).sort(), ['file', 'fixes', 'message', 'range', 'rule', 'severity']);
      const want = backgroundCall(i);
      assert.deepEqual(f.range.start, { line: want.line, character: want.character });
      assert.deepEqual(f.range.end, { line: want.line, character: want.character + 'context.Background()'.length });
      assert.equal(f.rule, 'dropped-context');
      assert.equal(f.severity, 'warning');
      assert.equal(f.fixes[0].edits[0].newText, 'r.Context()');
    }
  });

  it('sarif: 2.1.0 with rule metadata, rule indexes and 1-based UTF-16 regions', () => {
    const json = JSON.parse(cli(['check', '--format', 'json', '--rule', 'dropped-context', 'module']).stdout) as JsonFinding[];
    const r = cli(['check', '--format', 'sarif', '--rule', 'dropped-context', 'module']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const driver = run.tool.driver;
    assert.equal(driver.name, 'go-for-cloud');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((x: { id: string }) => x.id), ['dropped-context']);
    const rule = driver.rules[0];
    assert.ok(rule.shortDescription.text.length > 10);
    assert.ok(rule.fullDescription.text.length > 100);
    assert.ok(rule.help.markdown.includes('context'));
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.equal(run.results.length, json.length);
    for (const [i, res] of run.results.entries()) {
      assert.equal(res.ruleId, 'dropped-context');
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.equal(res.level, 'warning');
      assert.equal(res.message.text, json[i].message);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'module/api/handler.go');
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, {
        startLine: json[i].range.start.line + 1,
        startColumn: json[i].range.start.character + 1,
        endLine: json[i].range.end.line + 1,
        endColumn: json[i].range.end.character + 1,
      });
      assert.equal(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'r.Context()');
    }
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${FIXTURES}/`);
  });

  it('sarif without --rule lists every registered rule once', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', 'clean']).stdout);
    const ids = log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('dropped-context') && ids.includes('context-less-call'), ids.join(','));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(log.runs[0].results, []);
  });

  it('--rule takes several ids, repeated or comma-separated, and rejects unknown ones', () => {
    const both = cli(['check', '--format', 'json', '--rule', 'dropped-context', '--rule=context-less-call', 'module']);
    assert.equal(both.code, 1);
    assert.ok((JSON.parse(both.stdout) as JsonFinding[]).every((f) => ['dropped-context', 'context-less-call'].includes(f.rule)));
    const bad = cli(['check', '--rule', 'dropped-context,no-such-rule', 'module']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown rule "no-such-rule"/);
    assert.equal(bad.stdout, '');
  });

  it('exit 0 and no output for a clean tree', () => {
    const r = cli(['check', 'clean']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(cli(['check', '--format', 'json', 'clean']).stdout, '[]\n');
  });

  it('exit 2 for usage errors, with a usage line and no stack trace', () => {
    for (const args of [['check'], ['check', '--bogus', 'clean'], ['check', '--format', 'xml', 'clean'], ['check', '--format'], ['check', '--fix=yes', 'clean']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^go-for-cloud check: .+\nusage: go-for-cloud check /, args.join(' '));
      assertNoStack(r.stderr);
    }
  });

  it('--help prints the verb help and exits 0', () => {
    const r = cli(['check', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^usage: go-for-cloud check/);
    assert.match(r.stdout, /Exit status:/);
  });

  it('a missing path: one line on stderr, the other paths still checked, exit 2', () => {
    const r = cli(['check', '--rule', 'dropped-context', 'no/such/dir', 'module']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'go-for-cloud: no/such/dir: no such file or directory\n');
    assert.equal(r.stdout.trimEnd().split('\n').length, 2);
  });

  it('a file that is not valid UTF-8: one line on stderr, the run goes on, exit 2', () => {
    const r = cli(['check', '--rule', 'dropped-context', 'badenc']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'go-for-cloud: badenc/latin1.go: not valid UTF-8 text\n');
    assert.match(r.stdout, /^badenc\/handler\.go:9:\d+: .* \(dropped-context\)\n$/);
    const sarif = JSON.parse(cli(['check', '--format', 'sarif', 'badenc']).stdout);
    const inv = sarif.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    assert.equal(inv.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'badenc/latin1.go');
  });

  it('files named one by one, and a file of an unknown kind', () => {
    const one = cli(['check', '--format', 'json', '--rule', 'dropped-context', 'module/api/handler.go', 'module/api/lookup.go']);
    assert.equal(one.code, 1);
    assert.equal((JSON.parse(one.stdout) as JsonFinding[]).length, 2);
    const txt = cli(['check', 'module/docs/readme.txt']);
    assert.equal(txt.code, 2);
    assert.match(txt.stderr, /^go-for-cloud: module\/docs\/readme\.txt: not a Go file, go\.mod, Dockerfile or GitHub Actions workflow\n$/);
  });

  it('skips files over 5 MB with a note, without failing the run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-big-'));
    const body = `package big\n\nvar Table = []int{\n${'\t1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n'.repeat(200_000)}}\n`;
    fs.writeFileSync(path.join(dir, 'big.go'), body);
    fs.copyFileSync(path.join(FIXTURES, 'clean', 'clean.go'), path.join(dir, 'clean.go'));
    const r = cli(['check', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `go-for-cloud: ${path.join(dir, 'big.go')}: skipped: larger than 5 MB\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a named pipe is refused, never read (no hang), and skipped when walking', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-fifo-'));
    const made = spawnSync('mkfifo', [path.join(dir, 'pipe.go')]);
    assert.equal(made.status, 0, 'mkfifo');
    fs.copyFileSync(path.join(FIXTURES, 'clean', 'clean.go'), path.join(dir, 'clean.go'));
    const named = cli(['check', 'pipe.go', 'clean.go'], { cwd: dir });
    assert.equal(named.code, 2);
    assert.equal(named.stderr, 'go-for-cloud: pipe.go: not a regular file\n');
    const walked = cli(['check', '.'], { cwd: dir });
    assert.equal(walked.code, 0, walked.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the worker pool gives the same findings as a single thread', () => {
    const args = ['check', '--format', 'json', 'module', 'badenc', 'clean'];
    const single = cli(args, { env: { GO_FOR_CLOUD_WORKERS: '0' } });
    const pooled = cli(args, { env: { GO_FOR_CLOUD_WORKERS: '2' } });
    assert.equal(pooled.code, single.code);
    assert.equal(pooled.stderr, single.stderr);
    assert.deepEqual(JSON.parse(pooled.stdout), JSON.parse(single.stdout));
    assert.ok((JSON.parse(single.stdout) as JsonFinding[]).length >= 3);
  });

  it('asks the local go for its version: a newer toolchain moves the supported window', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-localgo-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'mod'));
    // Today's newest release by the table: supported without a local go, outdated next to go1.99.
    const newest = supportedReleases(new Date())[0];
    fs.writeFileSync(path.join(dir, 'mod', 'go.mod'), `module example.com/m\n\ngo ${newest}.0\n\ntoolchain go${newest}.0\n`);
    // A stand-in for a Go release newer than the table; only `go env GOVERSION` is asked.
    const fakeGo = path.join(dir, 'bin', 'go');
    fs.writeFileSync(fakeGo, '#!/bin/sh\n[ "$1 $2" = "env GOVERSION" ] && echo go1.99.2 && exit 0\nexit 1\n');
    fs.chmodSync(fakeGo, 0o755);
    const withNewGo = cli(['check', '--format', 'json', '.'], { cwd: path.join(dir, 'mod'), env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, GOROOT: '' } });
    assertNoStack(withNewGo.stderr);
    const found = JSON.parse(withNewGo.stdout) as JsonFinding[];
    assert.deepEqual(found.map((f) => f.rule), ['unsupported-go-toolchain']);
    assert.match(found[0].message, /supported: 1\.99 and 1\.98/);
    // Without that go (none on PATH), the release table alone decides: the newest is supported.
    const withoutGo = cli(['check', '--format', 'json', '.'], { cwd: path.join(dir, 'mod'), env: { PATH: '/nonexistent', GOROOT: '' } });
    assert.equal(withoutGo.code, 0, withoutGo.stderr);
    assert.deepEqual(JSON.parse(withoutGo.stdout), []);
  });
});

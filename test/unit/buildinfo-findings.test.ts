// Findings and the diff, on build info values.
import * as assert from 'node:assert/strict';
import { formatModuleLines, type BuildInfo } from '../../src/buildinfo';
import { compareSemver, diffBuildInfo, formatDiff } from '../../src/buildinfo/diff';
import { buildInfoFindings, isLocalPath, targetLine } from '../../src/buildinfo/findings';

const NOW = new Date('2026-11-26T12:00:00Z');

function info(over: Partial<BuildInfo> = {}): BuildInfo {
  return {
    goVersion: 'go1.27.0',
    path: 'example.com/app',
    main: { path: 'example.com/app', version: '(devel)', sum: '' },
    deps: [
      { path: 'example.com/a', version: 'v1.0.0', sum: 'h1:a' },
      { path: 'example.com/b', version: 'v1.0.0', sum: '', replace: { path: '../b', version: '(devel)', sum: '' } },
    ],
    settings: [
      { key: '-trimpath', value: 'true' },
      { key: 'CGO_ENABLED', value: '0' },
      { key: 'vcs.revision', value: 'abc' },
      { key: 'vcs.modified', value: 'false' },
    ],
    ...over,
  };
}

const ids = (bi: BuildInfo) => buildInfoFindings(bi, NOW).map((f) => f.id);

describe('buildinfo findings', () => {
  it('a clean, current build only has its local replacement flagged', () => {
    assert.deepEqual(ids(info()), ['local-replace']);
    assert.deepEqual(ids(info({ deps: [] })), []);
  });

  it('flags Go releases outside the support window of the date', () => {
    assert.deepEqual(ids(info({ goVersion: 'go1.19.8', deps: [] })), ['unsupported-go']);
    assert.deepEqual(ids(info({ goVersion: 'go1.25.3 X:nodwarf5', deps: [] })), ['unsupported-go']);
    assert.deepEqual(ids(info({ goVersion: 'go1.26.0-X:nodwarf5', deps: [] })), []);
    assert.deepEqual(ids(info({ goVersion: 'devel go1.22-abcdef Tue Jan 2 15:04:05 2024 +0000', deps: [] })), []);
    const f = buildInfoFindings(info({ goVersion: 'go1.24.1', deps: [] }), NOW)[0];
    assert.match(f.message, /Go 1\.24 no longer gets security fixes \(supported: Go 1\.27, Go 1\.26\)/);
    // Half a year later Go 1.26 is out of support too.
    assert.deepEqual(buildInfoFindings(info({ goVersion: 'go1.26.7', deps: [] }), new Date('2027-09-15T00:00:00Z')).map((x) => x.id), ['unsupported-go']);
  });

  it('flags dirty trees, missing revisions, cgo and missing -trimpath', () => {
    const s = (extra: [string, string][]) => info({ deps: [], settings: extra.map(([key, value]) => ({ key, value })) });
    assert.deepEqual(ids(s([['-trimpath', 'true'], ['CGO_ENABLED', '1'], ['vcs.revision', 'x'], ['vcs.modified', 'true']])), ['vcs-modified', 'cgo-enabled']);
    assert.deepEqual(ids(s([['CGO_ENABLED', '0']])), ['no-vcs-revision', 'no-trimpath']);
  });

  it('says nothing about settings a binary cannot have recorded', () => {
    assert.deepEqual(ids(info({ goVersion: 'go1.27.0', deps: [], settings: [] })), []); // pre-1.18 binaries have none
    assert.deepEqual(ids(info({ goVersion: 'go1.18.10', deps: [], settings: [{ key: 'CGO_ENABLED', value: '0' }, { key: 'vcs.revision', value: 'x' }] })), ['unsupported-go']);
  });

  it('knows local replacement paths', () => {
    for (const p of ['../b', './b', '/abs/b', '..', '.', 'C:\\src\\b', '..\\b']) assert.ok(isLocalPath(p), p);
    for (const p of ['example.com/fork', 'b', '.hidden/x', '...']) assert.ok(!isLocalPath(p), p);
    const main = info({ deps: [], main: { path: 'example.com/app', version: '(devel)', sum: '', replace: { path: 'example.com/other', version: 'v1.0.0', sum: '' } } });
    assert.deepEqual(ids(main), []);
  });

  it('points each finding at its line of go version -m output', () => {
    const bi = info({ settings: [{ key: 'CGO_ENABLED', value: '1' }, { key: 'vcs.modified', value: 'true' }] });
    const lines = `x: ${bi.goVersion}\n${formatModuleLines(bi)}`.split('\n');
    for (const f of buildInfoFindings(bi, NOW)) {
      const line = lines[targetLine(bi, f.target)];
      const expected = { 'unsupported-go': 'x: ', 'no-vcs-revision': '\tpath\t', 'no-trimpath': '\tpath\t', 'vcs-modified': '\tbuild\tvcs.modified=', 'cgo-enabled': '\tbuild\tCGO_ENABLED=', 'local-replace': '\tdep\texample.com/b\t' }[f.id];
      assert.ok(line.startsWith(expected), `${f.id}: ${JSON.stringify(line)}`);
    }
  });
});

describe('buildinfo diff', () => {
  it('orders semantic and pseudo-versions', () => {
    assert.equal(compareSemver('v1.2.3', 'v1.10.0'), -1);
    assert.equal(compareSemver('v1.0.0-rc.1', 'v1.0.0'), -1);
    assert.equal(compareSemver('v0.0.0-20240101000000-abcdef123456', 'v0.0.0-20250101000000-abcdef123456'), -1);
    assert.equal(compareSemver('v2.0.0+incompatible', 'v1.9.0'), 1);
    assert.equal(compareSemver('(devel)', 'v1.0.0'), undefined);
  });

  it('reports version, main module, settings and each kind of dependency change', () => {
    const a = info({ deps: [
      { path: 'example.com/gone', version: 'v1.0.0', sum: 'h1:g' },
      { path: 'example.com/up', version: 'v1.2.0', sum: 'h1:u' },
      { path: 'example.com/down', version: 'v1.5.0', sum: 'h1:d' },
      { path: 'example.com/rep', version: 'v1.0.0', sum: 'h1:r' },
    ] });
    const b = info({
      goVersion: 'go1.27.1',
      settings: [{ key: '-trimpath', value: 'true' }, { key: 'CGO_ENABLED', value: '1' }, { key: 'vcs.revision', value: 'abc' }, { key: '-tags', value: 'x' }],
      deps: [
        { path: 'example.com/new', version: 'v0.1.0', sum: 'h1:n' },
        { path: 'example.com/up', version: 'v1.10.0', sum: 'h1:u2' },
        { path: 'example.com/down', version: 'v1.4.9', sum: 'h1:d2' },
        { path: 'example.com/rep', version: 'v1.0.0', sum: '', replace: { path: '../rep', version: '(devel)', sum: '' } },
      ],
    });
    const d = diffBuildInfo(a, b);
    assert.deepEqual(d.goVersion, { from: 'go1.27.0', to: 'go1.27.1' });
    assert.deepEqual(d.deps.map((x) => `${x.change} ${x.path}`), ['downgraded example.com/down', 'removed example.com/gone', 'added example.com/new', 'replaced example.com/rep', 'upgraded example.com/up']);
    assert.deepEqual(d.settings, [{ key: 'CGO_ENABLED', from: '0', to: '1' }, { key: 'vcs.modified', from: 'false', to: undefined }, { key: '-tags', from: undefined, to: 'x' }]);
    const text = formatDiff(d, 'a', 'b');
    assert.match(text, /^--- a\n\+\+\+ b\ngo version: go1\.27\.0 -> go1\.27\.1\nsettings:\n {2}changed {3}CGO_ENABLED: 0 -> 1\n/);
    assert.match(text, /\n {2}upgraded {2}example\.com\/up v1\.2\.0 -> v1\.10\.0\n/);
    assert.match(text, /\n {2}replaced {2}example\.com\/rep v1\.0\.0 -> v1\.0\.0 => \.\.\/rep \(devel\)\n/);
  });
});

// The inspector's document text and diagnostic lines (the vscode-free part of the commands).
import * as assert from 'node:assert/strict';
import type { BuildInfo } from '../../src/buildinfo';
import { renderBuildInfo, renderDiff } from '../../src/extension/buildinfo/render';

const NOW = new Date('2026-11-26T12:00:00Z');
const INFO: BuildInfo = {
  goVersion: 'go1.19.8',
  path: 'example.com/app',
  main: { path: 'example.com/app', version: '(devel)', sum: '' },
  deps: [{ path: 'example.com/dep', version: 'v1.0.0', sum: '', replace: { path: '../dep', version: '(devel)', sum: '' } }],
  settings: [
    { key: '-compiler', value: 'gc' },
    { key: 'CGO_ENABLED', value: '1' },
    { key: 'vcs.revision', value: 'abc' },
    { key: 'vcs.modified', value: 'true' },
  ],
};

describe('buildinfo inspector document', () => {
  it('puts a header of findings above the go version -m text and points at the right lines', () => {
    const r = renderBuildInfo('/bin/app', INFO, NOW);
    const lines = r.text.split('\n');
    assert.equal(lines[0], '# Go build info of /bin/app');
    assert.equal(lines[1], '# Findings (5):');
    assert.match(lines[2], /^# {3}warning {2}unsupported-go {2}Built with go1\.19\.8/);
    assert.ok(r.text.endsWith('\n/bin/app: go1.19.8\n\tpath\texample.com/app\n\tmod\texample.com/app\t(devel)\t\n\tdep\texample.com/dep\tv1.0.0\n\t=>\t../dep\t(devel)\t\n\t\n\tbuild\t-compiler=gc\n\tbuild\tCGO_ENABLED=1\n\tbuild\tvcs.revision=abc\n\tbuild\tvcs.modified=true\n'));
    const at = Object.fromEntries(r.findings.map((f) => [f.finding.id, lines[f.line]]));
    assert.deepEqual(at, {
      'unsupported-go': '/bin/app: go1.19.8',
      'vcs-modified': '\tbuild\tvcs.modified=true',
      'cgo-enabled': '\tbuild\tCGO_ENABLED=1',
      'no-trimpath': '\tpath\texample.com/app',
      'local-replace': '\tdep\texample.com/dep\tv1.0.0',
    });
  });

  it('says so when there is nothing to report', () => {
    const clean: BuildInfo = { ...INFO, goVersion: 'go1.27.0', deps: [], settings: [{ key: '-trimpath', value: 'true' }, { key: 'vcs.revision', value: 'x' }] };
    const r = renderBuildInfo('/bin/app', clean, NOW);
    assert.ok(r.text.startsWith('# Go build info of /bin/app\n# No findings.\n\n/bin/app: go1.27.0\n'));
    assert.deepEqual(r.findings, []);
  });

  it('renders a comparison', () => {
    const r = renderDiff('a', INFO, 'b', { ...INFO, goVersion: 'go1.27.0' });
    assert.equal(r.text, '# Go build info compared\n--- a\n+++ b\ngo version: go1.19.8 -> go1.27.0\n');
  });
});

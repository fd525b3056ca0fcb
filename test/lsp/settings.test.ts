// The goForCloud section as VS Code sends it (dotted keys nested): junk values are ignored.
import * as assert from 'node:assert/strict';
import { parseSettings } from '../../src/server/settings';

describe('server settings', () => {
  it('reads severities, the enable switch and supported releases', () => {
    const s = parseSettings({ enable: false, rules: { 'dropped-context': 'off', 'context-less-call': 'error' }, supportedGoReleases: ['1.24', '1.25'] });
    assert.equal(s.enable, false);
    assert.deepEqual(s.severities, { 'dropped-context': 'off', 'context-less-call': 'error' });
    assert.deepEqual(s.supportedGoReleases, ['1.24', '1.25']);
  });

  it('reads the workspace diagnostics scope, openFiles by default and for junk', () => {
    assert.equal(parseSettings({ workspaceDiagnostics: 'workspace' }).workspaceDiagnostics, 'workspace');
    assert.equal(parseSettings({ workspaceDiagnostics: 'off' }).workspaceDiagnostics, 'off');
    assert.equal(parseSettings({}).workspaceDiagnostics, 'openFiles');
    assert.equal(parseSettings({ workspaceDiagnostics: 'everything' }).workspaceDiagnostics, 'openFiles');
    assert.equal(parseSettings(null).workspaceDiagnostics, 'openFiles');
  });

  it('ignores values that are not severities and settings that are not objects', () => {
    const s = parseSettings({ rules: { a: 'loud', b: 3, c: null, d: 'hint' }, supportedGoReleases: [1, 2] });
    assert.deepEqual(s.severities, { d: 'hint' });
    assert.equal(s.enable, true);
    assert.equal(s.supportedGoReleases, undefined);
    for (const junk of [null, undefined, 'x', 42, []]) assert.deepEqual(parseSettings(junk).severities, {});
  });
});

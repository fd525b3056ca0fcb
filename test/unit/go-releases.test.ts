import * as assert from 'node:assert/strict';
import { isSupported, newestPatch, supportedReleases } from '../../src/toolchain/go-releases';

const at = (d: string) => new Date(`${d}T12:00:00Z`);

describe('Go release table and support window', () => {
  it('today (2026-11-26): 1.27 and 1.26', () => {
    assert.deepEqual(supportedReleases(at('2026-11-26')), ['1.27', '1.26']);
  });

  it('follows the table for dates it covers', () => {
    assert.deepEqual(supportedReleases(at('2026-08-18')), ['1.26', '1.25']);
    assert.deepEqual(supportedReleases(at('2026-08-19')), ['1.27', '1.26']);
    assert.deepEqual(supportedReleases(at('2024-03-01')), ['1.22', '1.21']);
  });

  it('expects a major every February and August past the table, once the month is over', () => {
    assert.deepEqual(supportedReleases(at('2027-02-20')), ['1.27', '1.26']);
    assert.deepEqual(supportedReleases(at('2027-03-01')), ['1.28', '1.27']);
    assert.deepEqual(supportedReleases(at('2027-09-02')), ['1.29', '1.28']);
    assert.deepEqual(supportedReleases(at('2029-01-15')), ['1.31', '1.30']);
  });

  it('takes the setting over the table, and a newer local go over both table and date', () => {
    assert.deepEqual(supportedReleases(at('2026-11-26'), ['1.25', 'go1.26', 'bogus']), ['1.26', '1.25']);
    assert.deepEqual(supportedReleases(at('2026-11-26'), []), ['1.27', '1.26']);
    assert.deepEqual(supportedReleases(at('2026-11-26'), { localGoVersion: 'go1.28.1' }), ['1.28', '1.27']);
    assert.deepEqual(supportedReleases(at('2026-11-26'), { localGoVersion: 'go1.19.8' }), ['1.27', '1.26']);
  });

  it('knows the newest patches', () => {
    assert.equal(newestPatch('1.27'), '1.27.0');
    assert.equal(newestPatch('1.26'), '1.26.7');
    assert.equal(newestPatch('1.28'), '1.28.0');
    assert.equal(newestPatch('1.28', 'go1.28.2'), '1.28.2');
    assert.ok(isSupported('go1.26.3', ['1.27', '1.26']));
    assert.ok(!isSupported('1.25.14', ['1.27', '1.26']));
  });
});

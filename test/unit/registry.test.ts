import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileQuery, loadGo } from '../../src/analysis/parser';
import { RULES } from '../../src/analysis/rules';

const RULES_DIR = path.join(__dirname, '..', '..', '..', 'src', 'analysis', 'rules');

describe('rule registry', () => {
  before(() => loadGo());

  it('lists every rule file, sorted by id, ids unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
    const files = fs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(files, ids, 'one file per rule, file name = rule id');
  });

  it('every rule has a summary, docs with an example, and a fixture directory', () => {
    for (const r of RULES) {
      assert.ok(r.summary.length > 10 && !r.summary.includes('\n'), `${r.id}: one-line summary`);
      assert.ok(r.docs.length > 200 && r.docs.includes('```'), `${r.id}: docs with an example`);
      assert.ok(fs.existsSync(path.join(RULES_DIR, '..', '..', '..', 'test', 'fixtures', r.id)), `${r.id}: fixtures`);
    }
  });

  it('every query compiles', () => {
    for (const r of RULES) if (r.kind === 'go' && r.query) assert.doesNotThrow(() => compileQuery(r.query!), r.id);
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Analyzer } from '../../../src/analysis/analyzer';
import { loadGo } from '../../../src/analysis/parser';
import { describeRuleFixtures, FIXTURES, findingsFor } from '../fixture-harness';

const ID = 'server-without-timeouts';

describeRuleFixtures(ID);

describe(`${ID}: layouts without a fix`, () => {
  before(() => loadGo());

  it('reports a literal with a comment among its fields, and offers no fix', () => {
    const findings = findingsFor(new Analyzer(), path.join(FIXTURES, ID, 'nofix', 'main.go'), ID);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer } from '../../../src/analysis/analyzer';
import { loadGo } from '../../../src/analysis/parser';
import { describeRuleFixtures, FIXTURES, findingsFor } from '../fixture-harness';

const ID = 'missing-graceful-shutdown';

describeRuleFixtures(ID);

describe(`${ID}: where no fix is offered`, () => {
  before(() => loadGo());
  const analyzer = new Analyzer();

  it('reports shapes it cannot rewrite safely without a fix', () => {
    const dir = path.join(FIXTURES, ID, 'nofix');
    const findings = ['main.go', 'worker.go'].flatMap((f) => findingsFor(analyzer, path.join(dir, f), ID));
    // run() returns the error; main already handles signals and `return`s in the error branch;
    // serveMetrics is not main.
    assert.equal(findings.length, 3);
    for (const f of findings) assert.deepEqual(f.fixes, [], `no fix at line ${f.range.start.line + 1}`);
  });

  it('offers the rewrite for the common shapes in main, and says what it does', () => {
    for (const dir of ['pkgfatal', 'ifserver', 'multistmt', 'tls', 'serverfatal', 'ginrun', 'echomain']) {
      const file = path.join(FIXTURES, ID, dir, 'main.go');
      const [finding] = findingsFor(analyzer, file, ID, fs.readFileSync(file, 'utf8'));
      assert.ok(finding, dir);
      assert.equal(finding.fixes.length, 1, dir);
      assert.match(finding.fixes[0].title, /SIGTERM/);
    }
  });

  it('names what is dropped and why in the message', () => {
    const file = path.join(FIXTURES, ID, 'pkgfatal', 'main.go');
    const [finding] = findingsFor(analyzer, file, ID);
    assert.match(finding.message, /http\.ListenAndServe .*never be shut down.*SIGTERM/);
  });
});

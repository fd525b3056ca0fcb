// The server compiles every query that analysis code declares ahead, in idle time
// (src/server/rehearsal.ts), so no keystroke waits for a compile: each declared query must
// compile, and the warm-up must compile exactly those, one per step.
import * as assert from 'node:assert/strict';
import { compileQuery, declaredQuerySources, loadGo } from '../../../src/analysis/parser';
import { RULES } from '../../../src/analysis/rules';
import { compilingQueries } from '../../../src/server/rehearsal';

describe('server warm-up: declared queries', () => {
  before(() => loadGo());

  it('lists the helper queries of the rules (loaded with the rule set) and each compiles', () => {
    assert.ok(RULES.length > 0);
    const sources = declaredQuerySources();
    // Helpers the keystroke path runs: registrations, <-ctx.Done(), comments for nolint.
    for (const needle of ['HandleFunc', '"Done"', '(comment) @comment']) {
      assert.ok(sources.some((s) => s.includes(needle)), `no declared query holds ${needle}`);
    }
    for (const source of sources) assert.doesNotThrow(() => compileQuery(source), source);
  });

  it('compiles one query per step and then ends', () => {
    const sources = ['(identifier) @a', '(field_identifier) @b', '(not_a_node_type) @c'];
    const steps = compilingQueries(sources);
    let count = 0;
    while (!steps.next().done) count++;
    assert.equal(count, sources.length, 'a query that does not compile is skipped, not thrown');
  });
});

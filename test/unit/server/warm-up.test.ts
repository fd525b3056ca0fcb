// The server compiles every query that analysis code declares ahead, in idle time
// (src/server/rehearsal.ts), so no keystroke waits for a compile: each declared query must
// compile, and the warm-up must compile exactly those, one per step.
import * as assert from 'node:assert/strict';
import { compileQuery, declaredQuerySources, loadGo } from '../../../src/analysis/parser';
import { RULES } from '../../../src/analysis/rules';
import { Analyzer } from '../../../src/analysis/analyzer';
import { analyzeDocument } from '../../../src/server/diagnostics';
import { DocumentStore } from '../../../src/server/documents';
import { compilingQueries, rereading, warmUp } from '../../../src/server/rehearsal';

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

  it('re-reads the real document with edits that change nothing, and stops when it moves on', () => {
    const store = new DocumentStore();
    const analyzer = new Analyzer(store.overlay);
    const text = `package api\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n${Array.from({ length: 40 }, (_, i) => `func h${i}(w http.ResponseWriter, r *http.Request) {\n\t_ = context.Background()\n}\n`).join('\n')}`;
    const doc = store.open('untitled:reread.go', 'go', 7, text);
    const settings = { enable: true, severities: {} } as Parameters<typeof analyzeDocument>[2];
    const before = analyzeDocument(analyzer, doc, settings, () => undefined);
    assert.equal(before.filter((f) => f.rule === 'dropped-context').length, 40);
    let analysed = 0;
    const analyze = () => {
      analysed++;
      analyzeDocument(analyzer, doc, settings, () => undefined);
    };
    const steps = rereading(doc, analyze, () => analysed < 5);
    let count = 0;
    while (!steps.next().done) count++;
    assert.equal(count, 5, 'stops once `unchanged` says no');
    assert.equal(doc.version, 7);
    assert.equal(doc.text, text);
    assert.deepEqual(analyzeDocument(analyzer, doc, settings, () => undefined), before);
    store.close(doc.uri);
  });

  it('runs steps in timer turns, and a step that throws ends them and is told', async () => {
    const ran: number[] = [];
    const error = await new Promise<unknown>((resolve) =>
      warmUp(
        (function* () {
          for (let i = 0; i < 5; i++) {
            if (i === 2) throw new Error('step 2 broke');
            ran.push(i);
            yield;
          }
        })(),
        () => 0,
        resolve,
      ),
    );
    assert.match(String(error), /step 2 broke/);
    assert.deepEqual(ran, [0, 1]);
  });
});

import * as assert from 'node:assert/strict';
import { GoFile } from '../../../src/analysis/go-file';
import { incomingContextAt } from '../../../src/analysis/go/incoming-context';
import { GoPackage } from '../../../src/analysis/package';
import { compileQuery, loadGo, parseGo } from '../../../src/analysis/parser';
import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('dropped-context');

/** The incoming context at the first `MARK()` call of a snippet. */
function at(body: string) {
  const text = `package p\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n${body}\n`;
  const file = new GoFile('/tmp/p/p.go', text, parseGo(text));
  const mark = compileQuery('(call_expression function: (identifier) @f (#eq? @f "MARK")) @call')
    .captures(file.tree.rootNode)
    .find((c) => c.name === 'call')!.node;
  const found = incomingContextAt(file, new GoPackage('/tmp/p', 'p', [file]), mark);
  return found && { source: found.source, expr: found.expr, setup: found.setup.map((e) => e.newText), detached: found.detached, afterDone: found.afterDone, unnamable: !!found.unnamable };
}

describe('incoming context in scope', () => {
  before(() => loadGo());

  it('finds a request parameter and a context parameter, context first', () => {
    assert.equal(at('func h(w http.ResponseWriter, req *http.Request) { MARK() }')?.expr, 'req.Context()');
    assert.equal(at('func h(r *http.Request, c context.Context) { MARK() }')?.expr, 'c');
    assert.equal(at('func h(_ context.Context, r *http.Request) { MARK() }')?.expr, 'r.Context()', 'a named parameter before a blank one');
    assert.equal(at('func h() { MARK() }'), undefined);
    assert.equal(at('func h(r http.Request) { MARK() }'), undefined, 'a Request value is not a handler parameter');
  });

  it('uses the innermost function that has one', () => {
    const got = at('func h(w http.ResponseWriter, r *http.Request) { f := func(ctx context.Context) { MARK() }; _ = f }');
    assert.equal(got?.expr, 'ctx');
    assert.equal(at('func h(w http.ResponseWriter, r *http.Request) { func() { MARK() }() }')?.expr, 'r.Context()');
  });

  it('names a blank or unnamed parameter, unless the name is taken', () => {
    assert.deepEqual(at('func h(w http.ResponseWriter, _ *http.Request) { MARK() }')?.setup, ['r']);
    assert.deepEqual(at('func h(http.ResponseWriter, *http.Request) { MARK() }')?.setup, ['_ ', 'r ']);
    assert.deepEqual(at('func h(_ context.Context, n int) { MARK() }')?.setup, ['ctx']);
    const taken = at('func h(w http.ResponseWriter, _ *http.Request) { r := 1; _ = r; MARK() }');
    assert.equal(taken?.expr, undefined);
    assert.ok(taken?.unnamable);
  });

  it('honours shadowing, except by a context derived from the same one', () => {
    assert.equal(at('func h(w http.ResponseWriter, r *http.Request) { { r := 2; _ = r; MARK() } }')?.expr, undefined);
    assert.equal(at('func h(ctx context.Context) { ctx, cancel := context.WithCancel(ctx); defer cancel(); MARK() }')?.expr, 'ctx');
    assert.equal(at('func h(ctx context.Context) { { ctx := 1; _ = ctx; MARK() } }')?.expr, undefined);
  });

  it('knows goroutines, deferred calls and literals that run later', () => {
    assert.equal(at('func h(ctx context.Context) { go func() { MARK() }() }')?.detached, 'go');
    assert.equal(at('func h(ctx context.Context) { go MARK() }')?.detached, 'go');
    assert.equal(at('func h(ctx context.Context) { defer MARK() }')?.detached, 'defer');
    assert.equal(at('func h(ctx context.Context) func() { return func() { MARK() } }')?.detached, 'later');
    assert.equal(at('func h(ctx context.Context) { f := func() { MARK() }; f() }')?.detached, undefined);
  });

  it('knows when the code already waited for the context to be done', () => {
    assert.equal(at('func h(ctx context.Context) { <-ctx.Done(); MARK() }')?.afterDone, true);
    assert.equal(at('func h(ctx context.Context) { MARK(); <-ctx.Done() }')?.afterDone, false);
    assert.equal(at('func h(ctx context.Context, c chan int) { for { select { case <-ctx.Done(): return; case <-c: MARK() } } }')?.afterDone, false);
    assert.equal(at('func h(ctx context.Context) { select { case <-ctx.Done(): MARK() } }')?.afterDone, true);
  });
});

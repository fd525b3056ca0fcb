// Rule gates and the header reader they rely on in the CLI: a closed gate must mean "this rule
// cannot report here", and a header must list exactly the imports a full parse finds.
import * as assert from 'node:assert/strict';
import { gateOpen, HANDLER_GATE, type GateFile } from '../../../src/analysis/gate';
import { GoFile } from '../../../src/analysis/go-file';
import { readHeader } from '../../../src/analysis/header';
import { loadGo, parseGo } from '../../../src/analysis/parser';
import { RULES } from '../../../src/analysis/rules';

const file = (path: string, text: string, imports: string[]): GateFile => ({ path, text, importPaths: new Set(imports) });

describe('rule gates', () => {
  before(() => loadGo());

  it('reads the package name and every import from the header, as a full parse does', () => {
    const text = `// Package p does things.
package p

import "fmt"

import (
	h "net/http"
	. "strings"
	_ "net/http/pprof"
	\`context\`
)

// A comment that mentions
// func main() in prose.
func main() { fmt.Println(h.StatusOK, ToUpper(""), context.Background()) }

import "os"
`;
    const header = readHeader(text);
    assert.ok(header);
    assert.equal(header.packageName, 'p');
    const full = new GoFile('/p/p.go', text, parseGo(text));
    // Go rejects imports after a declaration; the header stops at the first one, as Go does.
    assert.deepEqual([...header.importPaths], ['fmt', 'net/http', 'strings', 'net/http/pprof', 'context']);
    assert.deepEqual([...full.importPaths].filter((p) => p !== 'os'), [...header.importPaths]);
    full.tree.delete();
  });

  it('gives up (full parse) when a declaration keyword at a line start sits inside a comment', () => {
    const text = 'package p\n\n/*\nfunc inComment() {}\n*/\nimport "net/http"\n\nfunc f() {}\n';
    assert.equal(readHeader(text), undefined);
  });

  it('reads a file without declarations or imports', () => {
    assert.deepEqual(readHeader('package doc\n'), { packageName: 'doc', importPaths: new Set() });
  });

  it('opens on the file’s imports, text and name, and on what any package-mate brings', () => {
    const dropped = RULES.find((r) => r.id === 'dropped-context');
    assert.ok(dropped && dropped.kind === 'go');
    const withCtx = file('/p/a.go', 'func h(r *http.Request) { _ = context.Background() }', ['context', 'net/http']);
    const noImport = file('/p/b.go', 'func h(r *http.Request) { _ = context.Background() }', ['net/http']);
    const noCall = file('/p/c.go', 'func h(ctx context.Context) {}', ['context']);
    assert.equal(gateOpen(dropped.gate, withCtx, [withCtx]), true);
    assert.equal(gateOpen(dropped.gate, noImport, [noImport]), false);
    assert.equal(gateOpen(dropped.gate, noCall, [noCall]), false);

    const helper = file('/p/helper.go', 'var counter int\nfunc bump() { counter++ }', []);
    const helperTest = file('/p/helper_test.go', helper.text, ['net/http']);
    const routes = file('/p/routes.go', 'func routes() { http.HandleFunc("/", bump) }', ['net/http']);
    const custom = file('/p/custom.go', 'func routes(m *Mux) { m.HandleFunc("/", bump) }', []);
    assert.equal(gateOpen(HANDLER_GATE, helper, [helper]), false, 'no handler can exist in this package');
    assert.equal(gateOpen(HANDLER_GATE, helper, [helper, routes]), true, 'a mate registers handlers through net/http');
    assert.equal(gateOpen(HANDLER_GATE, helper, [helper, custom]), true, 'a mate calls HandleFunc on some mux');
    assert.equal(gateOpen(HANDLER_GATE, helperTest, [helperTest, routes]), false, 'test files are never reported');
  });

  it('gives every Go rule a gate, so the CLI can skip packages', () => {
    for (const rule of RULES) if (rule.kind === 'go') assert.ok(rule.gate, `${rule.id} has no gate`);
  });
});

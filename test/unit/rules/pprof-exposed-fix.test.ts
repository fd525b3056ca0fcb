// pprof-exposed's quick fix (a ServeMux of its own) is offered only in the mechanical case: every
// http.Handle/HandleFunc of the package sits in the serving function, as a statement before the
// serve call. Where the registrations are is a per-entry fact of each file, so an open document
// typed into must offer the fix exactly when a fresh analysis of the same text does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analyzer } from '../../../src/analysis/analyzer';
import { loadGo } from '../../../src/analysis/parser';
import type { Position, RatedFinding } from '../../../src/analysis/types';
import { DocumentStore } from '../../../src/server/documents';

const RULE = 'pprof-exposed';

/** A main package importing pprof and serving the default mux on :8080; `body` goes in main before the serve call. */
function service(body: string, after = '', extra = ''): string {
  return `package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"
)

func home(w http.ResponseWriter, r *http.Request) {}
${extra}
func main() {
${body}	log.Fatal(http.ListenAndServe(":8080", nil))
${after}}
`;
}

const REGISTERS = '\thttp.HandleFunc("/", home)\n\thttp.Handle("/x", http.NotFoundHandler())\n';

describe('pprof-exposed: when the own-mux fix is offered', () => {
  let dir: string;
  const analyzer = new Analyzer();
  before(async () => {
    await loadGo();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-pprof-fix-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const findingOf = (text: string, mates: Record<string, string> = {}): RatedFinding => {
    const pkg = fs.mkdtempSync(path.join(dir, 'pkg-'));
    for (const [name, mate] of Object.entries(mates)) fs.writeFileSync(path.join(pkg, name), mate);
    const file = path.join(pkg, 'main.go');
    fs.writeFileSync(file, text);
    const found = analyzer.analyze(file, text, { only: [RULE] });
    assert.equal(found.length, 1, text);
    return found[0];
  };

  it('offers it when every registration precedes the serve call in the same body', () => {
    const f = findingOf(service(REGISTERS));
    assert.equal(f.fixes.length, 1);
    assert.ok(f.fixes[0].edits.filter((e) => e.newText === 'mux').length === 3, 'two registrations and the handler argument name the new mux');
  });

  for (const [label, text, mates] of [
    ['a registration after the serve call', service(REGISTERS, '\thttp.HandleFunc("/late", home)\n')],
    ['a registration in another function', service(REGISTERS, '', '\nfunc init() { http.HandleFunc("/init", home) }\n')],
    ['a registration inside a function literal', service('\tfunc() { http.HandleFunc("/", home) }()\n')],
    ['a registration in a package-mate', service(REGISTERS), { 'routes.go': 'package main\n\nimport "net/http"\n\nfunc routes() { http.HandleFunc("/r", home) }\n' }],
  ] as [string, string, Record<string, string>?][]) {
    it(`does not offer it with ${label}, and says what to do instead`, () => {
      const f = findingOf(text, mates);
      assert.equal(f.fixes.length, 0);
      assert.match(f.message, /Serve the application on its own http\.NewServeMux\(\)/);
    });
  }

  it('follows an open document keystroke by keystroke as a fresh analysis does', () => {
    const pkg = fs.mkdtempSync(path.join(dir, 'open-'));
    const file = path.join(pkg, 'main.go');
    let text = service(REGISTERS);
    fs.writeFileSync(file, text);
    const store = new DocumentStore();
    const open = new Analyzer(store.overlay);
    const doc = store.open(pathToFileURL(file).href, 'go', 1, text);
    // A declaration typed above main (main's registrations move, their facts carried over),
    // then a registration typed after the serve call and deleted again, a character at a time.
    const above = 'var n int\n';
    const top = text.indexOf('\n', text.indexOf('func home')) + 1;
    const steps: [number, number, string][] = [...above].map((ch, i) => [top + i, top + i, ch]);
    const late = '\thttp.HandleFunc("/late", home)\n';
    const at = text.indexOf('}\n', text.indexOf('ListenAndServe')) + above.length;
    steps.push(...[...late].map((ch, i): [number, number, string] => [at + i, at + i, ch]));
    for (let i = late.length - 1; i >= 0; i--) steps.push([at + i, at + i + 1, '']);
    let version = 1;
    const offered: boolean[] = [];
    for (const [start, end, insert] of steps) {
      doc.applyChanges([{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }], ++version);
      text = text.slice(0, start) + insert + text.slice(end);
      const got = open.analyzeGo(doc.go()!, { only: [RULE], declarationCache: doc.declarations });
      const fresh = new Analyzer().analyze(file, text, { only: [RULE] });
      assert.deepEqual(got, fresh, `version ${version}: ${JSON.stringify(text.slice(at, at + late.length))}`);
      if (got.length === 1) offered.push(got[0].fixes.length > 0);
    }
    // Offered while the late line is not yet a call, withdrawn once it is, offered again at the end.
    assert.equal(offered.at(-1), true);
    assert.ok(offered.includes(false) && offered.includes(true), offered.join(','));
    store.close(doc.uri);
  });
});

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

// Declaration-level re-analysis must give exactly what a full analysis gives: random edits to
// the fixture files of every `local` rule (and the example service), each version analysed
// twice — through one long-lived DeclarationCache and from scratch — and compared.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analyzer } from '../../../src/analysis/analyzer';
import { DeclarationCache } from '../../../src/analysis/incremental';
import { loadGo, parseGo } from '../../../src/analysis/parser';
import { RULES } from '../../../src/analysis/rules';
import { DocumentStore } from '../../../src/server/documents';
import type { Position } from '../../../src/analysis/types';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const LOCAL_RULES = RULES.filter((r) => r.kind === 'go' && r.local).map((r) => r.id);

function goFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? goFiles(p) : e.name.endsWith('.go') ? [p] : [];
  });
}

/** Snippets that create and destroy findings, registrations, qualifiers and declarations. */
const SNIPPETS = [
  'ctx := context.Background()\n',
  'context.TODO()',
  'db, _ := sql.Open("pgx", "")\n',
  'http.HandleFunc("/x", handler)\n',
  'return func(w http.ResponseWriter, r *http.Request) {}\n',
  'counter++\n',
  'var counter int\n',
  '\n',
  '}',
  '{',
  'func helper(r *http.Request) {\n\t_ = context.Background()\n}\n',
  '// nolint:dropped-context\n',
  'r',
  '"',
];

/** A deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomEdit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  if (rnd() < 0.5) return text.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 20)));
}

describe('incremental re-analysis of local rules', function () {
  this.timeout(120_000);
  before(() => loadGo());

  it('marks the rules it can and covers each with fixtures', () => {
    assert.ok(LOCAL_RULES.length >= 5, `local rules: ${LOCAL_RULES.join(', ')}`);
  });

  const files = [...new Set(LOCAL_RULES.flatMap((id) => goFiles(path.join(ROOT, 'test', 'fixtures', id))))].concat(goFiles(path.join(ROOT, 'examples')));

  it('gives the same findings as a full analysis after every one of many random edits', () => {
    assert.ok(files.length > 20, `found ${files.length} files`);
    const cached = new Analyzer();
    const fresh = new Analyzer();
    let compared = 0;
    let withFindings = 0;
    let offered = 0;
    let analysed = 0;
    let brokenVersions = 0;
    files.forEach((file, i) => {
      const rnd = prng(i + 1);
      const cache = new DeclarationCache();
      const run = cache.run.bind(cache);
      cache.run = (id, file, ctx, analyse, cacheFixes) => {
        offered += file.topLevel.filter((t) => /_declaration$/.test(t.type) && t.type !== 'import_declaration').length;
        return run(id, file, ctx, (nodes) => ((analysed += nodes.length), analyse(nodes)), cacheFixes);
      };
      let text = fs.readFileSync(file, 'utf8');
      let lastSound = text;
      for (let k = 0; k < 20; k++) {
        // As the server does: fixes that read other declarations are left for code actions.
        const a = cached.analyze(file, text, { only: LOCAL_RULES, declarationCache: cache, deferFixes: true });
        const b = fresh.analyze(file, text, { only: LOCAL_RULES, deferFixes: true });
        // While a file has a syntax error, its own context is that of its last sound version
        // (DeclarationCache.prepare): only sound versions must match a full analysis exactly.
        if (hasSyntaxError(text)) {
          brokenVersions++;
          // Half the time the user mends it (the text of the last sound version comes back).
          text = rnd() < 0.5 ? lastSound : randomEdit(text, rnd);
          continue;
        }
        assert.deepEqual(a, b, `${path.relative(ROOT, file)} after ${k} edits (seed ${i + 1})`);
        lastSound = text;
        compared++;
        if (b.length) withFindings++;
        text = randomEdit(text, rnd);
      }
    });
    // The comparison means something only if many versions have findings to keep or drop, and
    // if sound versions follow broken ones.
    assert.ok(brokenVersions > 100 && compared > 150, `${compared} sound versions compared, ${brokenVersions} broken ones between them`);
    assert.ok(withFindings > compared / 4, `${withFindings} of ${compared} versions had findings`);
    // ... and only if the cache was actually used for much of the work.
    assert.ok(analysed < offered * 0.9, `analysed ${analysed} of ${offered} declarations`);
  });

  it('package-level rules give the same findings on an open document (declarations without matches skipped) as a full analysis', () => {
    const others = RULES.filter((r) => r.kind === 'go' && !r.local).map((r) => r.id);
    const files = [...new Set(others.flatMap((id) => goFiles(path.join(ROOT, 'test', 'fixtures', id))))].concat(goFiles(path.join(ROOT, 'examples')));
    assert.ok(files.length > 20, `found ${files.length} files`);
    const open = new Analyzer();
    const fresh = new Analyzer();
    let withFindings = 0;
    files.forEach((file, i) => {
      const rnd = prng(i + 101);
      const cache = new DeclarationCache();
      let text = fs.readFileSync(file, 'utf8');
      for (let k = 0; k < 8; k++) {
        const a = open.analyze(file, text, { only: others, declarationCache: cache, deferFixes: true });
        const b = fresh.analyze(file, text, { only: others, deferFixes: true });
        assert.deepEqual(a, b, `${path.relative(ROOT, file)} after ${k} edits (seed ${i + 101})`);
        if (b.length) withFindings++;
        text = randomEdit(text, rnd);
      }
    });
    assert.ok(withFindings > 50, `${withFindings} versions had findings`);
  });

  it('an open document typed in keystroke by keystroke gives what a full analysis gives (entries and their facts carried over; every other file parsed in parts)', () => {
    const rules = RULES.filter((r) => r.kind === 'go').map((r) => r.id);
    const fresh = new Analyzer();
    let compared = 0;
    let comparedInParts = 0;
    let withFindings = 0;
    let carried = 0;
    const files = [...new Set(LOCAL_RULES.flatMap((id) => goFiles(path.join(ROOT, 'test', 'fixtures', id))))].concat(goFiles(path.join(ROOT, 'examples')));
    files.forEach((file, i) => {
      const rnd = prng(i + 501);
      const store = new DocumentStore();
      const analyzer = new Analyzer(store.overlay);
      let text = fs.readFileSync(file, 'utf8');
      const doc = store.open(pathToFileURL(file).href, 'go', 1, text);
      // Parts of one or two top-level entries (server/parts.ts), split again as edits merge them.
      const parted = i % 2 === 1;
      const split = () => {
        if (parted) while (doc.splitStep(1));
      };
      doc.go();
      split();
      let lastSound = text;
      for (let v = 2; v < 80; v++) {
        // A keystroke: one character of a snippet typed, or one or a few deleted; sometimes the
        // last sound text comes back in one change (an undo).
        const at = Math.floor(rnd() * (text.length + 1));
        const roll = rnd();
        const [start, end, insert] =
          roll < 0.1 ? [0, text.length, lastSound] : roll < 0.6 ? [at, at, SNIPPETS[Math.floor(rnd() * SNIPPETS.length)].slice(0, 1 + Math.floor(rnd() * 3))] : [at, Math.min(text.length, at + 1 + Math.floor(rnd() * 3)), ''];
        doc.applyChanges([{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }], v);
        text = text.slice(0, start) + insert + text.slice(end);
        if (rnd() < 0.2) continue; // a version nobody analyses: the next one's edits span two
        const a = analyzer.analyzeGo(doc.go()!, { only: rules, declarationCache: doc.declarations, deferFixes: true });
        carried += doc.go()!.carriedOverEntries;
        if (hasSyntaxError(text)) continue; // broken versions keep their last sound context
        lastSound = text;
        const b = fresh.analyze(file, text, { only: rules, deferFixes: true });
        assert.deepEqual(a, b, `${path.relative(ROOT, file)} version ${v} (seed ${i + 501}${parted ? `, ${doc.partCount} parts` : ''})`);
        compared++;
        if (doc.partCount > 1) comparedInParts++;
        if (v % 5 === 0) split();
        if (b.length) withFindings++;
      }
      store.close(doc.uri);
    });
    assert.ok(compared > 500, `${compared} sound versions compared`);
    assert.ok(comparedInParts > 100, `${comparedInParts} sound versions of documents in parts compared`);
    assert.ok(withFindings > compared / 4, `${withFindings} of ${compared} versions had findings`);
    assert.ok(carried > 10_000, `${carried} top-level entries carried over`);
  });

  it('re-analyses only what changed: nothing on a second run but declarations whose fixes read or edit outside them', () => {
    const file = path.join(ROOT, 'examples', 'handlers.go');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (!text) assert.fail(`missing ${file}`);
    const cache = new DeclarationCache();
    const analyzer = new Analyzer();
    const first = analyzer.analyze(file, text, { only: LOCAL_RULES, declarationCache: cache });
    let analysed = 0;
    const counting = new Proxy(cache, {
      get(target, prop, receiver) {
        if (prop !== 'run') return Reflect.get(target, prop, receiver);
        return (id: string, file: never, ctx: number, analyse: (nodes: unknown[]) => never[], cacheFixes?: boolean) =>
          target.run(
            id,
            file,
            ctx,
            (nodes) => {
              analysed += nodes.length;
              return analyse(nodes);
            },
            cacheFixes,
          );
      },
    });
    const second = analyzer.analyze(file, text, { only: LOCAL_RULES, declarationCache: counting });
    assert.deepEqual(second, first);
    // Only declarations whose fixes edit or read outside them (a client moved to package level,
    // an import removed when unused) are not cached: they are the ones analysed again.
    const tree = parseGo(text);
    const decls = tree.rootNode.children.filter((n) => n && /_declaration$/.test(n.type) && n.type !== 'import_declaration').map((n) => [n!.startPosition.row, n!.endPosition.row]);
    tree.delete();
    const declOf = (line: number) => decls.findIndex(([a, b]) => a <= line && line <= b);
    const readsOthers = new Set(RULES.filter((r) => r.kind === 'go' && r.fixesReadOtherDeclarations).map((r) => r.id));
    const reaching = new Set(
      first
        .filter(
          (f) =>
            (readsOthers.has(f.rule) && f.fixes.length > 0) ||
            f.fixes.some((x) => x.edits.some((e) => declOf(e.range.start.line) !== declOf(f.range.start.line) || declOf(e.range.end.line) !== declOf(f.range.start.line))),
        )
        .map((f) => `${f.rule}:${declOf(f.range.start.line)}`),
    );
    assert.ok(first.length > reaching.size, 'the example has cacheable findings');
    assert.equal(analysed, reaching.size);
    analysed = 0;
    // Typing inside one function re-analyses that declaration only.
    const edited = text.replace('\tdefer rows.Close()\n', '\tdefer rows.Close()\n\t_ = 1\n');
    assert.notEqual(edited, text);
    analyzer.analyze(file, edited, { only: LOCAL_RULES, declarationCache: counting });
    assert.ok(analysed > reaching.size && analysed <= reaching.size + LOCAL_RULES.length, `analysed ${analysed} declarations`);
  });

  it('a struct edit that changes no typed field keeps the context; a *sql.DB field changes it', () => {
    const file = '/tmp/gfc-incremental/server.go';
    const version = (fields: string) => `package api

import (
	"database/sql"
	"net/http"
)

type Server struct {
${fields}}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	_, _ = s.db.Query("select 1")
}

func other(w http.ResponseWriter, r *http.Request) {
	_ = r
}
`;
    const cache = new DeclarationCache();
    let analysed = 0;
    let rules = 0;
    const run = cache.run.bind(cache);
    cache.run = (id, decls, ctx, analyse, cacheFixes) => (rules++, run(id, decls, ctx, (nodes) => ((analysed += nodes.length), analyse(nodes)), cacheFixes));
    const analyzer = new Analyzer();
    const fresh = new Analyzer();
    const step = (fields: string) => {
      analysed = 0;
      rules = 0;
      const text = version(fields);
      const found = analyzer.analyze(file, text, { only: LOCAL_RULES, declarationCache: cache });
      assert.deepEqual(found, fresh.analyze(file, text, { only: LOCAL_RULES }), fields);
      return found.filter((f) => f.rule === 'context-less-call').length;
    };
    assert.equal(step('\tname string\n'), 0, 'no db field: s.db is not known to be a *sql.DB');
    assert.equal(step('\tname string\n\n'), 0);
    assert.ok(rules > 0);
    assert.equal(analysed, rules, 'a blank line: only the type declaration is analysed again, by each rule that runs');
    assert.equal(step('\tname string\n\tcount int\n'), 0);
    assert.equal(analysed, rules, 'an int field: the same');
    assert.equal(step('\tname string\n\tdb *sql.DB\n'), 1, 'a *sql.DB field: the handler is analysed again and reports');
    assert.equal(analysed, 3 * rules, 'all three declarations');
  });
});

function hasSyntaxError(text: string): boolean {
  const tree = parseGo(text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}


function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

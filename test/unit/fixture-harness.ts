// Runs one rule over test/fixtures/<rule-id>/ and checks `want "<rule-id>"` comments and
// `.golden` files (the source after every preferred fix), as go/analysis's analysistest does.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../../src/analysis/analyzer';
import { applyEdits, nonOverlapping } from '../../src/analysis/edits';
import { fileKindOf } from '../../src/analysis/file-kind';
import { compareGoVersions } from '../../src/analysis/module';
import { loadGo } from '../../src/analysis/parser';
import type { RatedFinding } from '../../src/analysis/types';

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

const SKIP_DIRS = new Set(['testdata', 'vendor', 'node_modules']);

export function listFixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...listFixtureFiles(p));
    } else if (fileKindOf(p)) out.push(p);
  }
  return out.sort();
}

/** Lines (0-based) on which a `want "<id>"` comment expects a finding of the rule, with counts. */
export function wantedLines(text: string, ruleId: string): Map<number, number> {
  const want = new Map<number, number>();
  const re = new RegExp(`want "${ruleId}"`, 'g');
  text.split('\n').forEach((line, i) => {
    const n = (line.match(re) ?? []).length;
    if (n) want.set(i, n);
  });
  return want;
}

export function findingsFor(analyzer: Analyzer, file: string, ruleId: string, text = fs.readFileSync(file, 'utf8')): RatedFinding[] {
  return analyzer.analyze(file, text, { only: [ruleId], now: new Date('2026-11-26T12:00:00Z') });
}

/** Applies preferred fixes until none is left (at most 5 rounds), as fix-all does. */
export function fixAll(analyzer: Analyzer, file: string, ruleId: string, text: string): string {
  for (let round = 0; round < 5; round++) {
    const fixes = findingsFor(analyzer, file, ruleId, text).filter((f) => f.fixes.length).map((f) => f.fixes[0]);
    if (!fixes.length) break;
    const chosen = nonOverlapping(fixes);
    text = applyEdits(text, chosen.flatMap((f) => f.edits));
  }
  return text;
}

export interface FixtureOptions {
  /** Vet/build fixed Go packages whose imports are all standard (default true). */
  compileGoldens?: boolean;
}

/** Declares the mocha tests for one rule's fixtures. */
export function describeRuleFixtures(ruleId: string, opts: FixtureOptions = {}): void {
  const dir = path.join(FIXTURES, ruleId);
  describe(`fixtures: ${ruleId}`, function () {
    this.timeout(120_000);
    const analyzer = new Analyzer();
    before(() => loadGo());

    it('has fixtures with at least one positive and one negative', () => {
      const files = listFixtureFiles(dir);
      assert.ok(files.length > 0, `no fixtures in ${dir}`);
      const wants = files.reduce((n, f) => n + wantedLines(fs.readFileSync(f, 'utf8'), ruleId).size, 0);
      assert.ok(wants > 0, 'no `want` comment in the fixtures');
    });

    for (const file of listFixtureFiles(fs.existsSync(dir) ? dir : FIXTURES).filter((f) => f.startsWith(dir + path.sep))) {
      const rel = path.relative(dir, file);
      it(`reports exactly the wanted lines in ${rel}`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const got = new Map<number, number>();
        for (const f of findingsFor(analyzer, file, ruleId, text)) got.set(f.range.start.line, (got.get(f.range.start.line) ?? 0) + 1);
        const fmt = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([l, n]) => `${l + 1}${n > 1 ? `x${n}` : ''}`).join(', ');
        assert.equal(fmt(got), fmt(wantedLines(text, ruleId)), 'lines (1-based) with findings');
      });
      const golden = file + '.golden';
      if (fs.existsSync(golden)) {
        it(`fixes ${rel} into its golden`, () => {
          const fixed = fixAll(analyzer, file, ruleId, fs.readFileSync(file, 'utf8'));
          assert.equal(fixed, fs.readFileSync(golden, 'utf8'));
        });
      }
    }

    if (opts.compileGoldens !== false) {
      it('goldens are gofmt-clean, and vet clean where only the standard library is imported', function () {
        if (!hasGo()) this.skip();
        checkGoldensWithGo(dir);
      });
    }
  });
}

let goAvailable: boolean | undefined;
export function hasGo(): boolean {
  if (goAvailable === undefined) {
    try {
      execFileSync('go', ['version'], { stdio: 'ignore' });
      goAvailable = true;
    } catch {
      goAvailable = false;
    }
  }
  return goAvailable;
}

/** Copies the fixture tree with every golden in place of its source, then gofmt and vet it. */
export function checkGoldensWithGo(dir: string): void {
  const goldens = listAll(dir).filter((f) => f.endsWith('.go.golden'));
  if (!goldens.length) return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-golden-'));
  try {
    for (const f of listAll(dir)) {
      const rel = path.relative(dir, f);
      const target = path.join(tmp, rel.replace(/\.golden$/, ''));
      if (f.endsWith('.go') && fs.existsSync(f + '.golden')) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(f, target);
    }
    if (!fs.existsSync(path.join(tmp, 'go.mod'))) fs.writeFileSync(path.join(tmp, 'go.mod'), 'module fixtures\n\ngo 1.19\n');
    const fixedFiles = goldens.map((g) => path.join(tmp, path.relative(dir, g).replace(/\.golden$/, '')));
    const unformatted = execFileSync('gofmt', ['-l', ...fixedFiles], { encoding: 'utf8' }).trim();
    assert.equal(unformatted, '', `gofmt would change: ${unformatted}`);
    const pkgDirs = [...new Set(fixedFiles.map((f) => path.dirname(f)))].filter((d) => stdOnly(d) && vettableHere(d, tmp));
    for (const [modDir, dirs] of groupByModule(pkgDirs, tmp)) {
      try {
        execFileSync('go', ['vet', ...dirs.map((d) => './' + path.relative(modDir, d))], {
          cwd: modDir,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' },
        });
      } catch (e) {
        const err = e as { stderr?: string };
        assert.fail(`go vet failed on fixed code:\n${err.stderr}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listAll(p));
    else out.push(p);
  }
  return out;
}

function groupByModule(dirs: string[], root: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const dir of dirs) {
    let mod = dir;
    while (mod !== root && !fs.existsSync(path.join(mod, 'go.mod'))) mod = path.dirname(mod);
    groups.set(mod, [...(groups.get(mod) ?? []), dir]);
  }
  return groups;
}

/** True when every .go file in the directory imports only standard packages. */
function stdOnly(dir: string): boolean {
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.go'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const blocks = [...text.matchAll(/^import\s*\(([\s\S]*?)^\)/gm)].map((m) => m[1]);
    const singles = [...text.matchAll(/^import\s+(?:[\w.]+\s+)?("[^"]+")/gm)].map((m) => m[1]);
    for (const m of [...blocks, ...singles].join('\n').matchAll(/"([^"]+)"/g)) {
      if (m[1].split('/')[0].includes('.')) return false;
    }
  }
  return true;
}

/** The local Go's version ("1.19.8"), to skip vetting code that needs a newer Go. */
let localGo: string | undefined;
function localGoVersion(): string {
  localGo ??= execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');
  return localGo;
}

/** False when the nearest go.mod asks for a newer Go than the local one (gofmt still runs). */
function vettableHere(dir: string, root: string): boolean {
  for (let d = dir; d.startsWith(root); d = path.dirname(d)) {
    const mod = path.join(d, 'go.mod');
    if (fs.existsSync(mod)) {
      const want = /^go\s+(\S+)/m.exec(fs.readFileSync(mod, 'utf8'))?.[1];
      return !want || compareGoVersions(want, localGoVersion()) <= 0;
    }
    if (d === root) break;
  }
  return true;
}

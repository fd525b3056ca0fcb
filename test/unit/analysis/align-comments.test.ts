// Fixes keep runs of trailing comments aligned as gofmt aligns them: checked with gofmt itself.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../../../src/analysis/analyzer';
import { applyEdits, dedupe, nonOverlapping } from '../../../src/analysis/edits';
import { loadGo } from '../../../src/analysis/parser';
import { hasGo } from '../fixture-harness';

// Deliberately not aligned: gofmt aligns it first, so the input is what gofmt keeps.
const SOURCE = `package api

import (
	"context"
	"net/http"
)

func lookup(ctx context.Context, id string) string { return id }

func handler(w http.ResponseWriter, r *http.Request) {
	name := lookup(context.Background(), "a") // the longest line: its fix moves the run's column
	n := 1 // second
	_, _ = w.Write([]byte(name)) // third
	_ = n

	x := 2 // a run of its own
	_ = x
}

func grow(w http.ResponseWriter, r *http.Request) {
	longer := lookup(context.TODO(), "b") // shorter: its own comment moves back into the column
	theLongestLineOfThisRun := longer // sets the column
	_ = theLongestLineOfThisRun
}

func lone(w http.ResponseWriter, r *http.Request) {
	_ = lookup(context.Background(), "c") // alone: nothing to align
}
`;

describe('fixes keep trailing comments aligned', function () {
  this.timeout(30_000);
  before(() => loadGo());

  it('every preferred fix, alone and all together, leaves code gofmt keeps as it is', function () {
    if (!hasGo()) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-align-'));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/api\n\ngo 1.22\n');
      const file = path.join(dir, 'api.go');
      const text = execFileSync('gofmt', { input: SOURCE, encoding: 'utf8' });
      const findings = new Analyzer().analyze(file, text).filter((f) => f.rule === 'dropped-context');
      assert.equal(findings.length, 3);
      const gofmt = (t: string) => execFileSync('gofmt', { input: t, encoding: 'utf8' });
      let realigned = 0;
      for (const f of findings) {
        const fixed = applyEdits(text, f.fixes[0].edits);
        assert.equal(gofmt(fixed), fixed, `after the fix on line ${f.range.start.line + 1}`);
        if (f.fixes[0].edits.length > 1) realigned++;
      }
      assert.equal(realigned, 2, 'the two fixes in runs move comments; the lone one does not');
      const all = applyEdits(text, dedupe(nonOverlapping(findings.map((f) => f.fixes[0])).flatMap((x) => x.edits)));
      assert.doesNotMatch(all, /context\.(Background|TODO)\(\)/, 'all three applied together');
      assert.equal(gofmt(all), all);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run gofmt has not aligned is left as it is', () => {
    const file = path.join(os.tmpdir(), 'gfc-align-unformatted', 'api.go');
    const [f] = new Analyzer().analyze(file, SOURCE).filter((x) => x.rule === 'dropped-context');
    assert.equal(f.fixes[0].edits.length, 1, JSON.stringify(f.fixes[0].edits));
  });
});

// The toolchain and container rules on damaged input: truncated and mutated Dockerfiles,
// workflows and go.mod files never make a rule throw (a throwing rule is skipped silently).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTextFile } from '../../src/analysis/engine';
import { fileKindOf } from '../../src/analysis/file-kind';
import type { TextFile } from '../../src/analysis/rule';
import { FIXTURES, listFixtureFiles } from './fixture-harness';

const IDS = ['unsupported-go-toolchain', 'dockerfile-ships-toolchain', 'dockerfile-cgo-on-static-base', 'dockerfile-go-run'];
const NOISE = ['\\', '\n', '"', "'", '[', ']', '{', '}', '$', '${', '<<EOF\n', '#', ' ', '\t', '&&', 'FROM ', 'AS ', ':', '-o', '\r\n', '\u00e9', '\ud83d\ude80'];

/** A tiny deterministic PRNG, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('container and toolchain rules on damaged input', function () {
  this.timeout(120_000);
  const files = IDS.flatMap((id) => listFixtureFiles(path.join(FIXTURES, id)));

  it('never throw on truncated or mutated fixtures', () => {
    const errors: string[] = [];
    const random = rng(42);
    let runs = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const kind = fileKindOf(file) as TextFile['kind'];
      const variants = [text.slice(0, Math.floor(text.length / 3)), text.slice(0, Math.floor(text.length / 2)), '', '\n\n', text.replace(/\n/g, '\r\n')];
      for (let i = 0; i < 25; i++) {
        const at = Math.floor(random() * text.length);
        const noise = NOISE[Math.floor(random() * NOISE.length)];
        const cut = Math.floor(random() * 4);
        variants.push(text.slice(0, at) + noise + text.slice(at + cut));
      }
      for (const v of variants) {
        runs++;
        analyzeTextFile({ path: file, text: v, kind }, undefined, {
          only: IDS,
          now: new Date('2026-11-26T12:00:00Z'),
          onRuleError: (rule, error) => errors.push(`${rule.id} on a variant of ${path.basename(file)}: ${String(error)}`),
        });
      }
    }
    assert.ok(runs > 800, `ran ${runs} variants`);
    assert.deepEqual(errors, []);
  });
});

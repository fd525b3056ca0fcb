// Runs the four test tiers in order and prints one closing "N passed, N failed" line.
// Usage: node scripts/test-all.mjs [unit|lsp|cli|integration]...  (default: all four)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const wanted = process.argv.slice(2);
const tiers = ['unit', 'lsp', 'cli', 'integration'].filter((t) => !wanted.length || wanted.includes(t));
const resultsDir = path.join(root, 'test-output');
fs.mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const tier of tiers) {
  const resultFile = path.join(resultsDir, `${tier}-result.json`);
  fs.rmSync(resultFile, { force: true });
  const started = Date.now();
  const args =
    tier === 'integration'
      ? [path.join(root, 'scripts/integration.mjs'), resultFile]
      : [path.join(root, 'scripts/run-mocha.mjs'), tier, resultFile];
  console.log(`\n=== tier: ${tier} ===`);
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  let result;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    result = { passed: 0, failed: 1, skipped: 0, note: `tier did not report (exit ${run.status ?? run.signal})` };
  }
  if (run.status !== 0 && result.failed === 0) {
    result.failed = 1;
    result.note = result.note ?? `exit status ${run.status ?? run.signal}`;
  }
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(`${tier.padEnd(12)} ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (${secs} s)${result.note ? ` — ${result.note}` : ''}`);
}

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);

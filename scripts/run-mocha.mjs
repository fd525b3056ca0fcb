// Runs one mocha tier (out/test/<tier>/**/*.test.js) and writes its counts as JSON.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [tier, resultFile] = process.argv.slice(2);
const dir = path.join(root, 'out', 'test', tier);

function testFiles(d) {
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}

const mocha = new Mocha({ reporter: 'spec', timeout: 20_000, color: process.stdout.isTTY });
const files = testFiles(dir).sort();
for (const f of files) mocha.addFile(f);
if (!files.length) {
  fs.writeFileSync(resultFile, JSON.stringify({ passed: 0, failed: 1, skipped: 0, note: `no test files in out/test/${tier}` }));
  process.exit(1);
}
const runner = mocha.run((failures) => {
  const s = runner.stats ?? {};
  fs.writeFileSync(resultFile, JSON.stringify({ passed: s.passes ?? 0, failed: failures, skipped: s.pending ?? 0 }));
  process.exitCode = failures ? 1 : 0;
});

// Entry of the integration tier inside the VS Code extension host, in the standard
// @vscode/test-electron shape: the host loads this module and awaits `run()`.
// Every `*.test.js` beside this folder (out/test/integration/**) is added, so a new test is
// just a new `test/integration/<name>.test.ts` file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const MARK_START = '--- go-for-cloud integration suite: start ---';
const MARK_END = '--- go-for-cloud integration suite: end ---';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

export function run(): Promise<void> {
  // No colours: the output travels through the workbench log to the runner as plain text.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const files = testFiles(path.resolve(__dirname, '..')).sort();
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    if (!files.length) return reject(new Error('no integration test files found'));
    // Markers let the code-server runner tell mocha's output from the workbench's own log.
    console.log(MARK_START);
    mocha.run((failures) => {
      console.log(MARK_END);
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

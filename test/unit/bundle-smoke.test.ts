// The bundles must load the wasm grammar: bundling web-tree-sitter's ES module entry to
// CommonJS crashes in Parser.init, so this runs the built CLI and server for real.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIST = path.join(__dirname, '..', '..', '..', 'dist');

describe('bundles', () => {
  it('dist/ holds both wasm files next to the bundles', () => {
    for (const f of ['extension.js', 'server.js', 'cli.js', 'web-tree-sitter.wasm', 'tree-sitter-go.wasm']) {
      assert.ok(fs.existsSync(path.join(DIST, f)), f);
    }
  });

  it('the bundled parser initialises and parses Go', () => {
    const out = execFileSync(process.execPath, [path.join(DIST, 'cli.js'), '--self-test'], { encoding: 'utf8' });
    assert.match(out, /^parsed Go: source_file with \d+ nodes, no errors$/m);
  });
});

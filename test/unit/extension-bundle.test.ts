// Activation reads and compiles only dist/extension.js: no package code in it (the language
// client and everything the commands use live in dist/extension-lazy.js, loaded on first use).
// Run after `npm run build`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIST = path.join(__dirname, '..', '..', '..', 'dist');

/** The source files esbuild put in a bundle, from its `// path` section comments. */
function sections(bundle: string): string[] {
  return [...fs.readFileSync(path.join(DIST, bundle), 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]);
}

describe('extension bundles', () => {
  it('dist/extension.js holds only the extension sources needed at activation', () => {
    const inMain = sections('extension.js');
    assert.ok(inMain.includes('src/extension/extension.ts'), 'the entry is in it');
    assert.deepEqual(inMain.filter((s) => s.startsWith('node_modules/')), [], 'no package code');
    for (const heavy of ['src/analysis/', 'src/buildinfo/', 'src/toolchain/', 'src/extension/insight/profile-view.ts']) {
      assert.deepEqual(inMain.filter((s) => s.startsWith(heavy)), [], `${heavy} loads on first use`);
    }
    assert.ok(fs.statSync(path.join(DIST, 'extension.js')).size < 150_000, 'extension.js stays small');
  });

  it('dist/extension-lazy.js holds the language client and each lazily loaded module', () => {
    const lazy = fs.readFileSync(path.join(DIST, 'extension-lazy.js'), 'utf8');
    for (const key of ['node_modules/vscode-languageclient/lib/node/main.js', 'src/extension/build/cross-compile.ts', 'src/analysis/rules/index.ts', 'src/buildinfo/index.ts']) {
      assert.ok(lazy.includes(`Object.defineProperty(exports, ${JSON.stringify(key)}`), key);
    }
  });
});

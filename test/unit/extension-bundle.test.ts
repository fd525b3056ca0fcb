// Activation reads and compiles only dist/extension.js: no package code in it. The language
// client (dist/extension-client.js) and everything the commands use (dist/extension-lazy.js)
// load on first use. Run after `npm run build`.
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

  it('the lazy bundles hold the language client and each module loaded on first use', () => {
    const getter = (key: string) => `Object.defineProperty(exports, ${JSON.stringify(key)}`;
    const client = fs.readFileSync(path.join(DIST, 'extension-client.js'), 'utf8');
    assert.ok(client.includes(getter('node_modules/vscode-languageclient/lib/node/main.js')));
    assert.deepEqual(sections('extension-client.js').filter((s) => s.startsWith('src/')), [], 'only the client in its bundle');
    const lazy = fs.readFileSync(path.join(DIST, 'extension-lazy.js'), 'utf8');
    for (const key of ['src/extension/build/cross-compile.ts', 'src/analysis/rules/index.ts', 'src/buildinfo/index.ts', 'src/extension/insight/profile-view.ts']) {
      assert.ok(lazy.includes(getter(key)), key);
    }
    assert.ok(!lazy.includes('node_modules/vscode-languageclient/'), 'the client is not loaded twice');
  });
});

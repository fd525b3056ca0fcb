// Activation reads and compiles only dist/extension.js. The language client
// (dist/extension-client.js) and everything the commands use (dist/extension-lazy.js) load on
// first use. Checked through strings each part carries, so a minified (production) build passes
// too. Run after `npm run build`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIST = path.join(__dirname, '..', '..', '..', 'dist');
const read = (bundle: string) => fs.readFileSync(path.join(DIST, bundle), 'utf8');

/** A string literal of each heavy part, found only where that part is bundled. */
const MARKERS = {
  languageClient: 'No valid VS Code version detected', // vscode-languageclient's version check
  parser: 'tree-sitter-go.wasm', // src/analysis/parser.ts
  buildInfoReader: 'Go buildinf:', // src/buildinfo's magic
};

describe('extension bundles', () => {
  it('dist/extension.js holds no heavy part, and stays small', () => {
    const main = read('extension.js');
    for (const [part, marker] of Object.entries(MARKERS)) assert.ok(!main.includes(marker), `${part} is not in extension.js`);
    assert.ok(main.includes('require("./extension-client.js")') && main.includes('require("./extension-lazy.js")'), 'it loads the other two');
    assert.ok(main.length < 150_000, `extension.js is ${main.length} bytes`);
  });

  it('the language client has a bundle of its own; the rest is in the lazy bundle, each part once', () => {
    const client = read('extension-client.js');
    const lazy = read('extension-lazy.js');
    assert.ok(client.includes(MARKERS.languageClient));
    assert.ok(!lazy.includes(MARKERS.languageClient), 'the client is not bundled twice');
    for (const marker of [MARKERS.parser, MARKERS.buildInfoReader]) {
      assert.ok(lazy.includes(marker), marker);
      assert.ok(!client.includes(marker), `${marker} not in the client bundle`);
    }
    for (const key of ['src/extension/build/cross-compile.ts', 'src/analysis/rules/index.ts', 'src/buildinfo/index.ts', 'src/extension/insight/profile-view.ts']) {
      assert.ok(lazy.includes(JSON.stringify(key)), `${key} is loaded from the lazy bundle`);
    }
  });
});

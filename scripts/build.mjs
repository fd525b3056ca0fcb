// Bundles the extension client, the language server and the CLI with esbuild, and puts the
// two wasm files (tree-sitter runtime and Go grammar) next to them.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExtension } from './build-extension.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');
fs.mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's package exports pick its ES module under esbuild, whose Parser.init
  // crashes once bundled to CommonJS; the CJS build works (a smoke test checks the bundle).
  plugins: [
    {
      name: 'web-tree-sitter-cjs',
      setup(build) {
        build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') }));
      },
    },
  ],
};

/**
 * The server bundle, then its loader stamped with the bundle's hash: the key of V8's code cache,
 * so a start need not hash 1.4 MB (nor load node:crypto) to find it.
 */
async function buildServer() {
  const bundle = path.join(dist, 'server-main.js');
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/server/server.ts')], outfile: bundle });
  const key = createHash('sha1').update(fs.readFileSync(bundle)).digest('hex').slice(0, 16);
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/server/loader.ts')],
    outfile: path.join(dist, 'server.js'),
    define: { SERVER_BUNDLE_KEY: JSON.stringify(key) },
  });
}

await Promise.all([
  // dist/extension.js, and extension-client.js and extension-lazy.js that it loads on first use.
  buildExtension({ common, root, dist }),
  // dist/server.js is a small loader that runs dist/server-main.js through V8's code cache.
  buildServer(),
  // Worker threads of the analysis pool (CLI check, workspace diagnostics).
  esbuild.build({ ...common, entryPoints: [path.join(root, 'src/analysis/pool/worker.ts')], outfile: path.join(dist, 'analysis-worker.js') }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    outfile: path.join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);

fs.copyFileSync(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
fs.copyFileSync(path.join(root, 'node_modules/tree-sitter-go/tree-sitter-go.wasm'), path.join(dist, 'tree-sitter-go.wasm'));
// uPlot for the trace chart webview, shipped next to the bundles (the page loads nothing remote).
fs.mkdirSync(path.join(dist, 'webview'), { recursive: true });
for (const f of ['uPlot.iife.min.js', 'uPlot.min.css']) fs.copyFileSync(path.join(root, 'node_modules/uplot/dist', f), path.join(dist, 'webview', f));
console.log(`built dist/ (extension.js, server.js, cli.js, wasm)${production ? ' for production' : ''}`);

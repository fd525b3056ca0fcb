// The extension client as three bundles, so activation reads and compiles little:
//   dist/extension.js         what activate() runs: registrations, the server controller;
//   dist/extension-client.js  the language client, required right after activation;
//   dist/extension-lazy.js    everything else the extension code loads with import() or
//                             require() (command implementations, the analysis), on first use.
// In the last two each module still evaluates only when first asked for. A module both imported
// statically and loaded lazily ends up in two bundles: keep such modules stateless (build/trust.ts is).
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const LAZY = './extension-lazy.js';
const CLIENT = './extension-client.js';
/** Which lazy bundle holds a module (key: its path relative to the repository). */
const bundleOf = (key) => (key.startsWith('node_modules/vscode-languageclient/') ? CLIENT : LAZY);

/** Sends the extension sources' dynamic imports and require() calls to the lazy bundle. */
function lazyPlugin(root, modules) {
  const src = path.join(root, 'src') + path.sep;
  return {
    name: 'extension-lazy',
    setup(build) {
      build.onResolve({ filter: /^\.\/extension-(lazy|client)\.js$/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if ((args.kind !== 'dynamic-import' && args.kind !== 'require-call') || !args.importer.startsWith(src) || args.pluginData?.lazy) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lazy: true } });
        if (r.errors.length || r.external) return undefined; // vscode, node: built-ins
        const key = path.relative(root, r.path);
        modules.set(key, r.path);
        return { path: key, namespace: 'lazy' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(bundleOf(args.path))})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Every `import * as vscode from 'vscode'` in a bundled module copies the whole API object
 * (hundreds of properties) into a namespace of its own, milliseconds per module at load: our
 * modules share one copy instead. (Packages keep their own require("vscode").)
 */
function vscodeApiPlugin(root) {
  const src = path.join(root, 'src') + path.sep;
  return {
    name: 'vscode-api',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) => {
        if (args.namespace === 'vscode-api' || !args.importer.startsWith(src)) return { path: 'vscode', external: true };
        return { path: 'shared', namespace: 'vscode-api' };
      });
      build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
    },
  };
}

export async function buildExtension({ common, root, dist }) {
  const modules = new Map();
  await esbuild.build({
    ...common,
    plugins: [vscodeApiPlugin(root), lazyPlugin(root, modules), ...(common.plugins ?? [])],
    entryPoints: [path.join(root, 'src/extension/extension.ts')],
    outfile: path.join(dist, 'extension.js'),
    external: ['vscode'],
    // The extension times its own loading with these (see extension.ts); the bundle stays strict.
    banner: { js: '"use strict";\nvar __gfcBundleStart = performance.now();' },
    footer: { js: 'var __gfcBundleEnd = performance.now();' },
  });
  // One getter per lazily loaded module: requiring a bundle evaluates none of them yet.
  const getters = (bundle) =>
    [...modules]
      .filter(([key]) => bundleOf(key) === bundle)
      .sort()
      .map(([key, file]) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(file)}) });`)
      .join('\n');
  await Promise.all(
    [CLIENT, LAZY].map((bundle) =>
      esbuild.build({
        ...common,
        plugins: [vscodeApiPlugin(root), ...(common.plugins ?? [])],
        stdin: { contents: getters(bundle), resolveDir: root, sourcefile: path.basename(bundle), loader: 'js' },
        outfile: path.join(dist, bundle),
        external: ['vscode'],
      }),
    ),
  );
}

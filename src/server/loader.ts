// dist/server.js: loads the language server bundle (dist/server-main.js) through V8's code
// cache, so a start after the first skips compiling the bundle's JavaScript. The cache lives in
// the user's own cache directory (never a shared temporary one), is keyed by the bundle's hash,
// and is only a hint: V8 rejects data that does not match, and any failure loads normally.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { markLoaderStart } from './startup';

const BUNDLE = path.join(__dirname, 'server-main.js');
/** The bundle's hash, written in by scripts/build.mjs (which builds the bundle first). */
declare const SERVER_BUNDLE_KEY: string;
/** After the first diagnostics, so the functions compiled for them are in the cache too. */
const WRITE_AFTER_MS = 3000;

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'go-for-cloud');
}

function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

function load(): void {
  markLoaderStart();
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const cacheFile = path.join(cacheDir(), `server-${SERVER_BUNDLE_KEY}-${process.version}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first start with this bundle: compiled normally, cached below
  }
  const script = new vm.Script(wrap(source), { filename: BUNDLE, cachedData });
  const mod = { exports: {} };
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        fs.mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {
        // a read-only home: every start compiles, nothing else changes
      }
    };
    setTimeout(write, WRITE_AFTER_MS).unref();
    process.once('exit', write);
  }
  run(mod.exports, createRequire(BUNDLE), mod, BUNDLE, __dirname);
}

load();

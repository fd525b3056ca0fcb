// Packages the extension (vsce package --no-dependencies: everything is bundled in dist/) and
// checks the result: at most 1.5 MB, both wasm files and the three bundles inside.
// Run after `node scripts/build.mjs --production` (npm run package does both).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const MAX_BYTES = 1.5 * 1024 * 1024;
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/extension-client.js',
  'extension/dist/extension-lazy.js',
  'extension/dist/server.js',
  'extension/dist/server-main.js',
  'extension/dist/cli.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-go.wasm',
];

/** Names of the entries of a zip file, read from its central directory. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: corrupt central directory`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `go-for-cloud-${version}.vsix`);
for (const f of REQUIRED.filter((f) => f.startsWith('extension/dist/'))) {
  if (!fs.existsSync(path.join(root, f.slice('extension/'.length)))) fail(`${f.slice('extension/'.length)} is missing: run node scripts/build.mjs --production first`);
}
fs.rmSync(out, { force: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) fail(`vsce package failed (exit ${run.status ?? run.signal})`);

const size = fs.statSync(out).size;
const entries = zipEntries(out);
const missing = REQUIRED.filter((f) => !entries.includes(f));
console.log(`${path.basename(out)}: ${(size / 1024).toFixed(0)} KB, ${entries.length} files`);
if (missing.length) fail(`missing from the package: ${missing.join(', ')}`);
if (size > MAX_BYTES) fail(`${(size / 1024 / 1024).toFixed(2)} MB is over the 1.5 MB budget`);
const unexpected = entries.filter((e) => /\.(ts|map)$/.test(e) || e.includes('node_modules/'));
if (unexpected.length) fail(`sources, maps or node_modules shipped: ${unexpected.slice(0, 5).join(', ')}`);

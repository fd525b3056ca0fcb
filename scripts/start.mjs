// `npm start`: VS Code (code-server) in the browser with this extension and examples/ open.
// The extension is this working tree itself, linked into code-server's extensions directory:
// after `npm run build`, "Developer: Reload Window" picks up the change.
// Usage: node scripts/start.mjs [--port N] [--folder DIR]   (env PORT works too)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnSignals, freePort, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';
import { CODE_SERVER_VERSION, cacheDir, setupCodeServer } from './setup-code-server.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(1);
}

/** Links the repo as an installed extension, replacing links of earlier versions. */
function linkExtension(extensionsDir) {
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const entry of fs.readdirSync(extensionsDir)) {
    if (!entry.startsWith(`${publisher}.${name}-`)) continue;
    const p = path.join(extensionsDir, entry);
    // A link is unlinked, never followed (it points at this working tree).
    if (fs.lstatSync(p).isSymbolicLink()) fs.unlinkSync(p);
    else fs.rmSync(p, { recursive: true, force: true });
  }
  // Without its index, VS Code rescans the folder and finds the link.
  fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
  fs.symlinkSync(root, path.join(extensionsDir, `${publisher}.${name}-${version}`), 'dir');
}

async function main() {
  let server;
  let stopping = false;
  exitOnSignals(async () => {
    stopping = true;
    await server?.stop();
  });
  const folder = path.resolve(option('folder') ?? path.join(root, 'examples'));
  if (!fs.existsSync(folder)) fail(`folder not found: ${folder}`);
  const portArg = option('port') ?? process.env.PORT;
  const port = portArg === undefined ? await freePort() : Number(portArg);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`bad port: ${portArg}`);
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    console.log('building the extension (dist/ missing)');
    if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('npm run build failed');
  }
  setupCodeServer();
  const profile = makeProfile(path.join(path.dirname(cacheDir()), 'start-profile'), {}, { keepSettings: true });
  linkExtension(profile.extensionsDir);
  const logFile = path.join(path.dirname(cacheDir()), 'start-code-server.log');
  server = await startCodeServer({ profile, port, logFile });
  const url = workbenchUrl(server, folder);
  console.log(`\nGo for Cloud in VS Code (code-server ${CODE_SERVER_VERSION}):\n\n  ${url}\n`);
  console.log(`Open it in a browser; the Problems panel (Ctrl+Shift+M) lists the findings in ${path.relative(root, folder) || '.'}.`);
  console.log(`code-server log: ${logFile}. Press Ctrl+C to stop.`);
  const status = await server.exited;
  if (!stopping) fail(`code-server exited (${status}); see ${logFile}`);
}

main().catch((e) => fail(e.message));

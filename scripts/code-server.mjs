// Starting and stopping code-server (installed by setup-code-server.mjs) and headless Chromium,
// shared by the integration tier and `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerPaths } from './setup-code-server.mjs';

export const CHROMIUM = process.env.GFC_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Settings that keep the workbench quiet: no welcome page, telemetry, updates or AI panes. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A user-data and extensions directory pair, with the quiet settings pre-seeded (kept when
 * `keepSettings` and the profile already has settings: a person's changes survive restarts).
 */
export function makeProfile(baseDir, extraSettings = {}, { keepSettings = false } = {}) {
  const userDataDir = path.join(baseDir, 'user-data');
  const extensionsDir = path.join(baseDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = path.join(userDataDir, 'User', 'settings.json');
  if (!keepSettings || !fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify({ ...QUIET_SETTINGS, ...extraSettings }, null, 2));
  fs.writeFileSync(path.join(userDataDir, 'config.yaml'), 'auth: none\n');
  return { userDataDir, extensionsDir };
}

function baseArgs(p, profile) {
  return [
    p.entry,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--config', path.join(profile.userDataDir, 'config.yaml'),
  ];
}

/** Installs a .vsix into the profile's extensions directory (code-server's own installer). */
export function installVsix(profile, vsix) {
  const p = codeServerPaths();
  const r = spawnSync(p.nodeBin, [...baseArgs(p, profile), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`installing ${path.basename(vsix)} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`);
}

/** Makes Ctrl+C and SIGTERM exit through process.exit, so the 'exit' cleanups run. */
export function exitOnSignals(onSignal) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      await onSignal?.();
      process.exit(130);
    });
  }
}

/**
 * Starts code-server on 127.0.0.1 in its own process group; resolves once it listens.
 * `smokeTest` turns on the workbench's test driver, which makes it honour the `payload` URL
 * parameter (code-server passes unknown VS Code flags on through --vscode-option).
 */
export async function startCodeServer({ profile, port, smokeTest = false, logFile, env = {} }) {
  const p = codeServerPaths();
  if (!p.ready) throw new Error(`code-server is not installed in ${p.dir}: run \`node scripts/setup-code-server.mjs\``);
  port = port ?? (await freePort());
  const args = [...baseArgs(p, profile), '--bind-addr', `127.0.0.1:${port}`];
  if (smokeTest) args.push('--vscode-option', 'enable-smoke-test-driver');
  const log = fs.openSync(logFile ?? path.join(os.tmpdir(), `gfc-code-server-${port}.log`), 'a');
  const child = spawn(p.nodeBin, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env, PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}` },
  });
  fs.closeSync(log);
  // Detached, so it outlives us unless ended: end it whenever this process exits.
  const onExit = () => killGroup(child.pid);
  process.on('exit', onExit);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  exited.then(() => process.off('exit', onExit));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 200))]);
    if (status !== undefined) throw new Error(`code-server exited (${status}) before listening; see ${logFile}`);
    if (await listening(port)) break;
    if (Date.now() > deadline) {
      killGroup(child.pid);
      throw new Error(`code-server did not listen on 127.0.0.1:${port} within 30 s; see ${logFile}`);
    }
  }
  return {
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    exited,
    stop: async () => {
      killGroup(child.pid, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!gone) killGroup(child.pid, 'SIGKILL');
    },
  };
}

function listening(port) {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
}

function killGroup(pid, signal = 'SIGKILL') {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set GFC_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** `?folder=` workbench URL for a local folder. */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

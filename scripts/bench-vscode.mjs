// Extension activation time in a real VS Code (code-server, as the integration tier runs it):
// each run starts a fresh code-server with this working tree linked as an installed extension,
// opens examples/ (its go.mod activates the extension) in headless Chromium, and reads
//   - the extension's own figure: "activated in X ms" in its log (evaluating the bundle plus the
//     activate() call; also returned by activate() as `activationMs`), and
//   - VS Code's figure from "Developer: Show Running Extensions" (code loading + activate call,
//     so it also counts reading and compiling the bundle);
//   - for information, the time the language client then takes to load and start the server
//     (it starts right after activate() returns).
// Usage: node scripts/bench-vscode.mjs [--runs N] [--folder DIR] [--json]   (npm run build first)
// As a module: measureActivation({ runs }) → { runs, selfMs, vscodeMs } or { error }.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, launchChromium, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';
import { codeServerPaths } from './setup-code-server.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const LOG_NAME = 'Go for Cloud.log';
const ACTIVATED = /activated in ([\d.]+) ms \(bundle ([\d.]+) ms, activate\(\) ([\d.]+) ms\)/;
const SERVER_RUNNING = /language client loaded and server running in ([\d.]+) ms/;

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
};

function findFile(dir, name) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    } else if (e.name === name) return p;
  }
  return undefined;
}

/** Polls the profile's logs for a line of the extension's log. */
async function logLine(userDataDir, re, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = path.join(userDataDir, 'logs');
    const file = fs.existsSync(logs) ? findFile(logs, LOG_NAME) : undefined;
    const m = file && re.exec(fs.readFileSync(file, 'utf8'));
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no ${re} line in ${LOG_NAME} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function selfReported(userDataDir, timeoutMs) {
  const m = await logLine(userDataDir, ACTIVATED, timeoutMs);
  // The language client loads and starts the server right after activate() returns.
  const started = await logLine(userDataDir, SERVER_RUNNING, 30_000).catch(() => undefined);
  return { selfMs: Number(m[1]), loadMs: Number(m[2]), activateMs: Number(m[3]), serverMs: started ? Number(started[1]) : NaN };
}

/** VS Code's own activation time, from the Running Extensions editor ("Activation: 123ms"). */
async function vscodeReported(page, displayName) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
  await page.keyboard.press('Enter');
  const row = page.locator('.runtime-extensions-editor .extension', { hasText: displayName }).first();
  const time = row.locator('.activation-time', { hasText: /\d+ms/ });
  await time.waitFor({ timeout: 30_000 });
  const m = /(\d+)ms/.exec(await time.innerText());
  return m ? Number(m[1]) : NaN;
}

async function oneRun(browser, folder, manifest) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-bench-vscode-'));
  let server;
  let page;
  try {
    const profile = makeProfile(tmp);
    // The working tree itself is the installed extension (as `npm start` does).
    fs.symlinkSync(root, path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
    server = await startCodeServer({ profile, logFile: path.join(tmp, 'code-server.log') });
    // Tall: Running Extensions is a virtual list sorted slowest first; every row must render.
    page = await browser.newPage({ viewport: { width: 1400, height: 4000 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    const self = await selfReported(profile.userDataDir, 120_000);
    let vscodeError;
    const vscodeMs = await vscodeReported(page, manifest.displayName).catch((e) => {
      vscodeError = String(e.message).split('\n')[0];
      if (process.env.GFC_BENCH_SHOT) return page.screenshot({ path: process.env.GFC_BENCH_SHOT }).then(() => NaN);
      return NaN;
    });
    return { ...self, vscodeMs, vscodeError };
  } finally {
    await page?.close().catch(() => {});
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function measureActivation({ runs = 5, folder = path.join(root, 'examples'), log = () => {} } = {}) {
  const cs = codeServerPaths();
  if (!cs.ready) return { error: `code-server is not installed in ${cs.dir} (node scripts/setup-code-server.mjs installs it)` };
  if (!fs.existsSync(CHROMIUM)) return { error: `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)` };
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) return { error: 'dist/extension.js is missing: run npm run build' };
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const browser = await launchChromium();
  const results = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(browser, folder, manifest).catch((e) => ({ error: e.message }));
      const vs = Number.isNaN(r.vscodeMs) ? `unknown (${r.vscodeError})` : `${r.vscodeMs} ms`;
      const server = Number.isNaN(r.serverMs) ? 'unknown' : `${r.serverMs} ms`;
      log(r.error ? `  run ${i + 1}: failed: ${r.error}` : `  run ${i + 1}: extension ${r.selfMs.toFixed(1)} ms (bundle ${r.loadMs.toFixed(1)}, activate() ${r.activateMs.toFixed(1)}), VS Code ${vs}; then client loaded and server running in ${server}`);
      results.push(r);
    }
  } finally {
    await browser.close().catch(() => {});
  }
  const ok = results.filter((r) => !r.error);
  if (!ok.length) return { error: `every run failed: ${results[0]?.error}` };
  const m = (key) => median(ok.map((r) => r[key]));
  return { runs: results, selfMs: m('selfMs'), loadMs: m('loadMs'), activateMs: m('activateMs'), vscodeMs: m('vscodeMs'), serverMs: m('serverMs') };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const json = argv.includes('--json');
  const r = await measureActivation({
    runs: Number(opt('--runs') ?? 5),
    folder: path.resolve(opt('--folder') ?? path.join(root, 'examples')),
    log: json ? () => {} : console.log,
  });
  if (json) console.log(JSON.stringify(r, null, 2));
  else if (r.error) console.log(`activation could not be measured: ${r.error}`);
  else console.log(`activation (median of ${r.runs.length}): extension ${r.selfMs.toFixed(1)} ms, VS Code ${r.vscodeMs ?? 'unknown'} ms; then language client and server ${r.serverMs ?? 'unknown'} ms`);
  process.exit(r.error ? 1 : 0);
}

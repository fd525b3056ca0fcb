// Integration tier: the extension inside a real VS Code (code-server, driven by headless Chromium).
//   Route A: the mocha suite (out/test/integration/suite/index.js) runs in the extension host
//            with this repo as the extension under development.
//   Route B: the packaged .vsix installed into a clean code-server, driven through the UI like a
//            person would (screenshots in test-output/screenshots/).
// Usage: node scripts/integration.mjs RESULT_FILE   → writes {passed, failed, skipped, note?}.
// A tier that cannot run (no code-server, no Chromium, no compiled suite) reports a failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { exitOnSignals, launchChromium, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';
import { routeB } from './integration-ui.mjs';
import { codeServerPaths } from './setup-code-server.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const resultFile = process.argv[2] ?? path.join(root, 'test-output', 'integration-result.json');
const FIXTURE = path.join(root, 'test', 'fixtures', 'workspace');
const SUITE = path.join(root, 'out', 'test', 'integration', 'suite', 'index');
const ROUTE_A_TIMEOUT_MS = Number(process.env.GFC_INTEGRATION_TIMEOUT_MS ?? 600_000);
const only = process.env.GFC_INTEGRATION_ROUTE; // "A" or "B" to run one route while developing

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
// The suite prints these around mocha's run (test/integration/suite/index.ts); the workbench's
// own log goes to a file, and between the markers its chatter is dropped by these patterns.
const MARK_START = '--- go-for-cloud integration suite: start ---';
const MARK_END = '--- go-for-cloud integration suite: end ---';
const NOISE = [
  /^\[[A-Za-z][\w:. -]*\] /, // [AccountPolicyGate] …, [lifecycle] …, [Extension Host] …
  /^Creat(ing|ion of) (a socket|workbench contribution)/,
  /^(Resolving|Resolved) connection token/,
  /^Unable to (read|write) file 'vscode-remote:/,
  /ENOTFOUND|Timed out waiting for authentication provider|^Extension host \(\w+\) is (un)?responsive/,
];

function writeResult(r) {
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(r));
}

/** Counts from mocha's spec reporter epilogue; null when there is no "N passing" line. */
function mochaCounts(text) {
  const n = (re) => Number(re.exec(text)?.[1] ?? 0);
  if (!/^\s*\d+ passing\b/m.test(text)) return null;
  return { passed: n(/^\s*(\d+) passing\b/m), failed: n(/^\s*(\d+) failing\b/m), skipped: n(/^\s*(\d+) pending\b/m) };
}

async function routeA(browser, tmp) {
  if (!fs.existsSync(`${SUITE}.js`)) throw new Error(`${path.relative(root, SUITE)}.js missing: run \`npx tsc -p .\` first`);
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run `npm run build` first');
  // Tests may edit files and settings: give them a copy of the fixture workspace.
  const folder = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, folder, { recursive: true });
  const profile = makeProfile(path.join(tmp, 'profile-a'));
  const logFile = path.join(root, 'test-output', 'code-server-a.log');
  fs.rmSync(logFile, { force: true });
  const server = await startCodeServer({ profile, smokeTest: true, logFile });
  const lines = [];
  const workbenchLog = path.join(root, 'test-output', 'integration-workbench.log');
  fs.rmSync(workbenchLog, { force: true });
  try {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
      ['disableExtensions', 'true'],
      ['extensionEnvironment', JSON.stringify({ GFC_INTEGRATION: '1' })],
    ];
    const page = await browser.newPage();
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    let inSuite = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args])).replace(ANSI, '');
      fs.appendFileSync(workbenchLog, `[${type}] ${text}\n`);
      if (text === MARK_START || text === MARK_END) return void (inSuite = text === MARK_START);
      // A test inside the host asks for evidence of what the page shows (webviews): it logs
      // "[screenshot] NAME" and waits a moment before changing the view.
      const shot = /^\[screenshot\] ([\w.-]+)$/.exec(text);
      if (shot) {
        const dir = path.join(root, 'test-output', 'screenshots');
        fs.mkdirSync(dir, { recursive: true });
        return void page.screenshot({ path: path.join(dir, `${shot[1]}.png`) }).catch(() => {});
      }
      if (!inSuite || NOISE.some((re) => re.test(text))) return;
      lines.push(text);
      console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(code));
    await page.goto(workbenchUrl(server, folder, payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), ROUTE_A_TIMEOUT_MS));
    const code = await Promise.race([exited, timeout, server.exited.then((c) => `code-server exited (${c})`)]);
    await page.close().catch(() => {});
    const output = lines.join('\n');
    const counts = mochaCounts(output);
    if (code === 'timeout') return { passed: counts?.passed ?? 0, failed: 1, skipped: 0, note: `suite did not finish within ${ROUTE_A_TIMEOUT_MS / 1000} s` };
    if (typeof code === 'string') return { passed: 0, failed: 1, skipped: 0, note: code };
    if (!counts) return { passed: 0, failed: 1, skipped: 0, note: `no mocha summary (exit code ${code}; extension host died or suite failed to load; see ${path.relative(root, workbenchLog)})` };
    if (code !== 0 && counts.failed === 0) return { ...counts, failed: 1, note: `suite exit code ${code}` };
    return counts;
  } finally {
    await server.stop();
  }
}

async function main() {
  exitOnSignals(); // code-server instances are ended on exit (see code-server.mjs)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-integration-'));
  const total = { passed: 0, failed: 0, skipped: 0 };
  const notes = [];
  const add = (route, r) => {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    if (r.note) notes.push(`${route}: ${r.note}`);
  };
  let browser;
  try {
    const cs = codeServerPaths();
    if (!cs.ready) throw new Error(`code-server is not installed in ${cs.dir}: run \`node scripts/setup-code-server.mjs\``);
    browser = await launchChromium();
    if (only !== 'B') {
      console.log('--- route A: mocha suite inside the extension host (code-server) ---');
      add('route A', await routeA(browser, tmp).catch((e) => ({ passed: 0, failed: 1, skipped: 0, note: e.message })));
    }
    if (only !== 'A') {
      console.log('--- route B: the packaged extension driven through the workbench UI ---');
      add('route B', await routeB(browser, tmp, root).catch((e) => ({ passed: 0, failed: 1, skipped: 0, note: e.message })));
    }
  } catch (e) {
    add('integration', { passed: 0, failed: 1, skipped: 0, note: `could not run: ${e.message}` });
  } finally {
    await browser?.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const result = { ...total, ...(notes.length ? { note: notes.join('; ') } : {}) };
  if (result.passed + result.failed === 0) Object.assign(result, { failed: 1, note: 'no integration test ran' });
  writeResult(result);
  console.log(`integration: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped${result.note ? ` — ${result.note}` : ''}`);
  process.exit(result.failed ? 1 : 0);
}

await main();

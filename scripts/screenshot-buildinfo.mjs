// Screenshot of "Go for Cloud: Inspect Go Binary" in a real VS Code (code-server + headless
// Chromium), used the way a person would: right-click a Go binary in the Explorer, choose
// Inspect Go Binary, open the Problems panel. Writes test-output/screenshots/buildinfo-*.png.
// Usage: npm run build && node scripts/screenshot-buildinfo.mjs      (needs Go and code-server)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const shots = path.join(root, 'test-output', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-shot-buildinfo-'));

// A workspace holding a Go binary with findings: cgo on, a local replace, no VCS, no -trimpath.
const folder = path.join(tmp, 'workspace');
for (const d of ['src/app', 'src/dep']) fs.mkdirSync(path.join(folder, d), { recursive: true });
fs.writeFileSync(path.join(folder, 'src/dep/go.mod'), 'module example.com/dep\n\ngo 1.19\n');
fs.writeFileSync(path.join(folder, 'src/dep/dep.go'), 'package dep\n\nfunc Name() string { return "dep" }\n');
fs.writeFileSync(path.join(folder, 'src/app/go.mod'), 'module example.com/api\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n');
fs.writeFileSync(path.join(folder, 'src/app/main.go'), 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Name()) }\n');
execFileSync('go', ['build', '-o', path.join(folder, 'api-server'), '.'], {
  cwd: path.join(folder, 'src/app'),
  env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '1' },
});

const profile = makeProfile(path.join(tmp, 'profile'));
const server = await startCodeServer({ profile, smokeTest: true, logFile: path.join(root, 'test-output', 'code-server-shot-buildinfo.log') });
const browser = await launchChromium();
let status = 0;
let page;
try {
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(60_000);
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  await page.goto(workbenchUrl(server, folder, payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'api-server' }).first();
  await row.waitFor();
  // The menu gains the extension's entry once the workbench has scanned its contributions.
  const item = page.locator('.monaco-menu .action-label', { hasText: 'Inspect Go Binary' }).first();
  for (let tries = 0; ; tries++) {
    await row.click({ button: 'right' });
    if (await item.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
    if (tries > 20) throw new Error('the Explorer context menu has no Inspect Go Binary entry');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
  }
  await item.click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'Go build info of' }).first().waitFor();
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'unsupported-go' }).first().waitFor();
  await page.waitForTimeout(1500); // let the grammar colour the document
  const file = path.join(shots, 'buildinfo-inspector.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${path.relative(root, file)}`);
} catch (e) {
  status = 1;
  await page?.screenshot({ path: path.join(shots, 'buildinfo-failure.png') }).catch(() => {});
  console.error(`screenshot failed: ${e.message.split('\n')[0]}`);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);

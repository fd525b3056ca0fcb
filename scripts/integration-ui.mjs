// Route B of the integration tier: the packaged .vsix installed into a clean code-server and
// used through the workbench like a person would — open a Go file with Ctrl+P, read the Problems
// panel, fix a finding from the light bulb. Screenshots go to test-output/screenshots/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVsix, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';

const FILE = 'handlers.go';
const RULE = 'dropped-context';

/** Builds the .vsix exactly as `npm run package` does; returns its path. */
function packageVsix(root, logFile) {
  const started = Date.now();
  const log = fs.openSync(logFile, 'w');
  const r = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.error?.message}); see ${path.relative(root, logFile)}`);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `go-for-cloud-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${path.basename(vsix)}`);
  console.log(`  packaged ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}

/** The finding and its preferred fix's title, from the CLI over the same file. */
function expectedFinding(root, file) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', '--format', 'json', '--rule', RULE, file], { encoding: 'utf8' });
  const findings = JSON.parse(r.stdout || '[]');
  if (!findings.length || !findings[0].fixes?.length) throw new Error(`the CLI reports no fixable ${RULE} finding in ${file}`);
  return findings[0];
}

/** Runs the checks; each is one test in the tier's counts. */
export async function routeB(browser, tmp, root) {
  const shots = path.join(root, 'test-output', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  for (const f of fs.readdirSync(shots)) if (f.startsWith('route-b-')) fs.rmSync(path.join(shots, f));
  const folder = path.join(tmp, 'workspace-b');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  const vsix = packageVsix(root, path.join(root, 'test-output', 'package.log'));
  const finding = expectedFinding(root, path.join(folder, FILE));
  const profile = makeProfile(path.join(tmp, 'profile-b'));
  installVsix(profile, vsix);
  const server = await startCodeServer({ profile, logFile: path.join(root, 'test-output', 'code-server-b.log') });
  const results = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  let page;
  // Steps build on each other: after a failure the rest are reported failed, not run.
  const check = async (title, body) => {
    const started = Date.now();
    if (failures.length) {
      results.failed++;
      failures.push(title);
      console.log(`    ✘ ${title}\n      not run: an earlier step failed`);
      return;
    }
    try {
      await body();
      results.passed++;
      console.log(`    ✔ ${title} (${Date.now() - started}ms)`);
    } catch (e) {
      results.failed++;
      failures.push(title);
      console.log(`    ✘ ${title}\n      ${String(e.message).split('\n')[0]}`);
      await page?.screenshot({ path: path.join(shots, `route-b-failure-${results.failed}.png`) }).catch(() => {});
    }
  };
  try {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000); // generous: a busy 2-core machine starts the workbench slowly
    console.log(`\n  installed .vsix, driven through the workbench (${server.url})`);
    await check(`Ctrl+P opens ${FILE} and the Problems panel (Ctrl+Shift+M) lists the go-for-cloud finding`, async () => {
      await page.goto(workbenchUrl(server, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      await page.locator('.explorer-folders-view, .part.sidebar').first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(FILE);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: 'package api' }).waitFor();
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE });
      await row.first().waitFor({ timeout: 90_000 });
      const text = await row.first().innerText();
      if (!text.includes('go-for-cloud')) throw new Error(`problem row does not name the source go-for-cloud: ${text}`);
      const line = finding.range.start.line + 1;
      if (!text.includes(`Ln ${line}`)) throw new Error(`problem row is not at line ${line}: ${text}`);
      await page.screenshot({ path: path.join(shots, 'route-b-1-problems.png') });
    });
    await check('the light bulb menu (Ctrl+.) offers the preferred fix first; Enter applies it and the finding goes', async () => {
      const { line, character } = finding.range.start;
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type(`${line + 1}:${character + 1}`);
      await page.keyboard.press('Enter');
      await page.locator('.statusbar-item', { hasText: `Ln ${line + 1}, Col ${character + 1}` }).waitFor();
      // Ctrl+. is the light bulb's keyboard twin: it opens the same Quick Fix menu. Code actions
      // are computed asynchronously, so a press right after moving the cursor may find none yet.
      // (the menu's submenu panel also carries .action-widget: take the first)
      const menu = page.locator('.action-widget').first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        const shown = await menu.waitFor({ timeout: 10_000 }).then(() => true, () => false);
        if (shown) break;
        if (attempt === 5) throw new Error('Ctrl+. opened no Quick Fix menu in 5 tries');
        await page.keyboard.press('Escape');
      }
      const title = finding.fixes[0].title;
      const focused = menu.locator('.monaco-list-row.action.focused').first();
      await focused.waitFor({ timeout: 10_000 });
      const focusedText = (await focused.innerText()).trim();
      if (!focusedText.includes(title)) throw new Error(`focused quick fix is "${focusedText}", expected the preferred "${title}"`);
      await page.screenshot({ path: path.join(shots, 'route-b-2-quickfix-menu.png') });
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: /context\.WithTimeout\(r\.Context\(\),/ }).waitFor();
      await page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).waitFor({ state: 'detached' });
      await page.screenshot({ path: path.join(shots, 'route-b-3-fixed.png') });
    });
    await check('the command palette runs "Go for Cloud: Show Rule Documentation" and the rule\'s page opens', async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type('Go for Cloud: Show Rule Documentation');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Rule Documentation' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: RULE }).first().waitFor();
      await page.keyboard.type(RULE);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: RULE }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab', { hasText: RULE }).first().waitFor();
      // The markdown preview renders in nested webview iframes: look for the page's text in any frame.
      const needle = `nolint:${RULE}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const texts = await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
        if (texts.some((t) => t.includes(needle))) break;
        if (Date.now() > deadline) throw new Error(`the documentation preview never showed "${needle}"`);
        await page.waitForTimeout(500);
      }
      await page.screenshot({ path: path.join(shots, 'route-b-4-rule-docs.png') });
    });
  } finally {
    await page?.close().catch(() => {});
    await server.stop();
  }
  console.log(`  ${results.passed} passing${results.failed ? `\n  ${results.failed} failing` : ''} (screenshots in ${path.relative(root, shots)}/)`);
  return failures.length ? { ...results, note: `failed: ${failures.join('; ')}` } : results;
}

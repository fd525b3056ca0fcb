// The integration suite under @vscode/test-electron: desktop VS Code, downloaded into
// .vscode-test/. For machines that can reach VS Code's update server (a developer's desktop,
// hosted CI); offline machines run the same suite in code-server (scripts/integration.mjs).
// On a Linux machine without a display, run it under xvfb-run.
// Usage: npm run build && npx tsc -p . && node scripts/integration-electron.mjs [VERSION]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { runTests } = await import('@vscode/test-electron');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-electron-'));
fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
try {
  await runTests({
    version: process.argv[2] ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index'),
    launchArgs: [folder, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { GFC_INTEGRATION: '1' },
  });
} catch (e) {
  console.error(`integration-electron: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}

// package.json must offer exactly one goForCloud.rules.<id> setting per registered rule, in
// the shape the language server reads (scripts/gen-contributes.mjs writes them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/analysis/rules';

const ROOT = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PREFIX = 'goForCloud.rules.';

function properties(): Record<string, Record<string, unknown>> {
  const config = pkg.contributes.configuration;
  const list = Array.isArray(config) ? config : [config];
  return Object.assign({}, ...list.map((c: { properties?: object }) => c.properties ?? {}));
}

describe('package.json contributions', () => {
  it('has one goForCloud.rules.<id> setting per rule and none for unknown ids', () => {
    const settingIds = Object.keys(properties()).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)).sort();
    assert.deepEqual(settingIds, RULES.map((r) => r.id).sort(), 'run `node scripts/gen-contributes.mjs`');
  });

  for (const rule of RULES) {
    it(`goForCloud.rules.${rule.id}: enum, default severity and summary`, () => {
      const setting = properties()[PREFIX + rule.id];
      assert.ok(setting, 'setting missing: run `node scripts/gen-contributes.mjs`');
      assert.equal(setting.type, 'string');
      assert.deepEqual(setting.enum, ['off', 'hint', 'info', 'warning', 'error']);
      assert.equal(setting.default, rule.defaultSeverity);
      assert.equal(setting.markdownDescription, rule.summary);
    });
  }

  it('contributes the enable switch, the trace setting and both commands with the category', () => {
    const props = properties();
    assert.equal(props['goForCloud.enable']?.type, 'boolean');
    assert.equal(props['goForCloud.enable']?.default, true);
    assert.ok(props['goForCloud.trace.server']);
    const commands = new Map<string, { category?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const id of ['goForCloud.restartServer', 'goForCloud.showRuleDocumentation']) {
      assert.equal(commands.get(id)?.category, 'Go for Cloud', id);
    }
  });

  it('activates on Go files and go.mod workspaces, and runs limited in untrusted workspaces', () => {
    assert.ok(pkg.activationEvents.includes('onLanguage:go'));
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/go.mod'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });
});

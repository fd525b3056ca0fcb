// Writes package.json's `goForCloud.rules.<id>` settings from the rule registry: one setting per
// rule, enum off|hint|info|warning|error, default = the rule's default severity, description =
// its summary. Idempotent; other settings are kept in place.
// Usage: node scripts/gen-contributes.mjs [--check]   (--check: exit 1 when out of date)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PREFIX = 'goForCloud.rules.';
export const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];

/** Loads the registry straight from the TypeScript sources (no tsc run needed). */
export async function loadRules() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-rules-'));
  const outfile = path.join(tmp, 'rules.js');
  try {
    await esbuild.build({
      entryPoints: [path.join(root, 'src/analysis/rules/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'error',
      plugins: [
        {
          name: 'web-tree-sitter-cjs',
          setup(build) {
            build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') }));
          },
        },
      ],
    });
    return createRequire(import.meta.url)(outfile).RULES;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function ruleSetting(rule) {
  return {
    type: 'string',
    enum: LEVELS,
    enumDescriptions: ['Not reported', 'Shown as a hint', 'Shown as information', 'Shown as a warning', 'Shown as an error'],
    default: rule.defaultSeverity,
    scope: 'resource',
    markdownDescription: rule.summary,
  };
}

/** The configuration section that holds goForCloud.enable (the object or an array entry). */
function section(pkg) {
  const config = pkg.contributes?.configuration;
  if (!config) throw new Error('package.json has no contributes.configuration');
  const list = Array.isArray(config) ? config : [config];
  return list.find((c) => c.properties && 'goForCloud.enable' in c.properties) ?? list[0];
}

export function withRuleSettings(pkg, rules) {
  const next = structuredClone(pkg);
  const sec = section(next);
  // The rule block goes where the first rule setting was (at the end the first time), sorted.
  const props = {};
  let placed = false;
  const place = () => {
    for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) props[PREFIX + rule.id] = ruleSetting(rule);
    placed = true;
  };
  for (const [key, value] of Object.entries(sec.properties ?? {})) {
    if (!key.startsWith(PREFIX)) props[key] = value;
    else if (!placed) place();
  }
  if (!placed) place();
  sec.properties = props;
  return next;
}

async function main() {
  const check = process.argv.includes('--check');
  const rules = await loadRules();
  const file = path.join(root, 'package.json');
  // Read right before writing: other people edit package.json too.
  const text = fs.readFileSync(file, 'utf8');
  // package.json spells non-ASCII characters as \u escapes; keep it that way.
  const json = JSON.stringify(withRuleSettings(JSON.parse(text), rules), null, 2);
  const next = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
  if (next === text) {
    console.log(`package.json: ${rules.length} rule settings, up to date`);
    return;
  }
  if (check) {
    console.error('package.json rule settings are out of date: run node scripts/gen-contributes.mjs');
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(file, next);
  console.log(`package.json: wrote ${rules.length} rule settings`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`gen-contributes: ${error.message}`);
    process.exitCode = 1;
  });
}

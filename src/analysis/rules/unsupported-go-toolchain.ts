// A Go release older than the two supported majors, named as the toolchain that builds the
// code: go.mod `toolchain`, Dockerfile `FROM golang:X.Y`, setup-go `go-version` in CI.
import { majorOf, minorOf, newestPatch, supportedReleases } from '../../toolchain/go-releases';
import { DockerfileModel, isGolangImage, parseImage } from '../dockerfile/model';
import { LineIndex } from '../dockerfile/text';
import type { TextRule, TextRuleContext } from '../rule';
import type { Fix } from '../types';
import { setupGoVersions } from '../workflow/setup-go';

const ID = 'unsupported-go-toolchain';

interface Window {
  supported: string[];
  newest: string;
  newestPatch: string;
}

function windowOf(ctx: TextRuleContext): Window {
  const supported = supportedReleases(ctx.now, { override: ctx.supportedGoReleases, localGoVersion: ctx.localGoVersion });
  return { supported, newest: supported[0], newestPatch: newestPatch(supported[0], ctx.localGoVersion) };
}

function outdated(version: string, w: Window): boolean {
  const n = minorOf(version);
  const oldest = Math.min(...w.supported.map((s) => minorOf(s)!));
  return n !== undefined && n < oldest;
}

function message(version: string, where: string, w: Window): string {
  const list = w.supported.length === 2 ? `${w.supported[0]} and ${w.supported[1]}` : w.supported.join(', ');
  return `${where} Go ${majorOf(version)}, which no longer gets security fixes (supported: ${list}). Build with Go ${w.newest}.`;
}

/** Replaces the version at [start, end) of a bare "1.N[.P][rcN]" by the newest, in the same style. */
function bumped(version: string, w: Window): string {
  return /^\d+\.\d+\.\d+/.test(version) ? w.newestPatch : w.newest;
}

function fix(lines: LineIndex, start: number, end: number, newText: string): Fix {
  return { title: `Use Go ${newText.replace(/^go/, '')}`, edits: [{ range: lines.range(start, end), newText }] };
}

function checkGoMod(ctx: TextRuleContext, w: Window): void {
  const lines = new LineIndex(ctx.file.text);
  for (let line = 0; line < lines.lineCount; line++) {
    const m = /^(\s*toolchain\s+)go(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?=\s|\/\/|$)/.exec(lines.lineText(line));
    if (!m || !outdated(m[2], w)) continue;
    const start = lines.lineStart(line) + m[1].length;
    const end = start + 2 + m[2].length;
    ctx.report({
      at: lines.range(start, end),
      message: message(m[2], 'The toolchain line selects', w),
      fixes: [fix(lines, start, end, `go${w.newestPatch}`)],
    });
  }
}

const TAG_VERSION = /^(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?=$|-)/;

function checkDockerfile(ctx: TextRuleContext, w: Window): void {
  const model = DockerfileModel.of(ctx.file.text);
  const lines = model.lines;
  for (const stage of model.stages) {
    if (stage.parent || !stage.image) continue;
    const ref = parseImage(stage.image);
    if (!isGolangImage(ref) || ref.digest || !ref.tag) continue;
    const version = TAG_VERSION.exec(ref.tag)?.[1];
    if (!version || !outdated(version, w)) continue;
    const tagRange = stage.from.getImageTagRange();
    const imageRange = stage.from.getImageRange();
    if (!tagRange || !imageRange) continue;
    const at = { start: imageRange.start, end: imageRange.end };
    const tagStart = lines.offsetAt(tagRange.start);
    const edit = versionEdit(model, tagStart, lines.offsetAt(tagRange.end));
    const fixes: Fix[] = [];
    // Old distro variants have no images for new Go releases: -alpine3.18 becomes -alpine;
    // a Debian release change (bullseye → bookworm) is for a human to make.
    const variant = ref.tag.slice(version.length);
    const pinnedAlpine = /alpine\d+\.\d+/.exec(model.text.slice(tagStart, lines.offsetAt(tagRange.end)));
    if (edit && !/^-(bullseye|buster|stretch|jessie)\b/.test(variant) && (!/alpine\d/.test(variant) || pinnedAlpine)) {
      const bump = fix(lines, edit.start, edit.end, bumped(edit.version, w));
      if (pinnedAlpine) bump.edits.push({ range: lines.range(tagStart + pinnedAlpine.index, tagStart + pinnedAlpine.index + pinnedAlpine[0].length), newText: 'alpine' });
      fixes.push(bump);
    }
    ctx.report({ at, message: message(version, 'This image builds with', w), fixes });
  }
}

/** Where the version text of a tag lives: in the FROM itself, or in the default of a global ARG. */
function versionEdit(model: DockerfileModel, tagStart: number, tagEnd: number): { start: number; end: number; version: string } | undefined {
  const raw = model.text.slice(tagStart, tagEnd);
  const direct = TAG_VERSION.exec(raw);
  if (direct) return { start: tagStart, end: tagStart + direct[1].length, version: direct[1] };
  const v = /^\$(?:\{(\w+)(:?-)?([^}]*)\}|(\w+))/.exec(raw);
  if (!v) return undefined;
  const arg = model.globalArgs.get(v[1] ?? v[4]);
  if (arg?.value !== undefined && arg.valueStart !== undefined) {
    const text = model.text.slice(arg.valueStart, arg.valueEnd);
    // The value may be quoted: ARG GO_VERSION="1.21".
    const m = /^(["']?)(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?=$|-|["'])/.exec(text);
    return m ? { start: arg.valueStart + m[1].length, end: arg.valueStart + m[1].length + m[2].length, version: m[2] } : undefined;
  }
  if (v[2] !== undefined && arg?.value === undefined) {
    const m = TAG_VERSION.exec(v[3]);
    const start = tagStart + raw.indexOf(v[2]) + v[2].length;
    return m ? { start, end: start + m[1].length, version: m[1] } : undefined;
  }
  return undefined;
}

const SETUP_GO_VERSION = /^(~?v?)(1\.\d+)(\.(?:\d+|x|\*))?$/;

function checkWorkflow(ctx: TextRuleContext, w: Window): void {
  const lines = new LineIndex(ctx.file.text);
  for (const found of setupGoVersions(ctx.file.text)) {
    const m = SETUP_GO_VERSION.exec(found.value.trim());
    if (!m || !outdated(m[2], w)) continue;
    const patch = m[3] !== undefined && /^\.\d+$/.test(m[3]);
    let newText = m[1] + (patch ? w.newestPatch : w.newest + (m[3] ?? ''));
    // A plain 1.30 would be read by YAML as the number 1.3: quote it.
    if (found.style === 'plain' && /^\d+\.\d*0$/.test(newText)) newText = `'${newText}'`;
    ctx.report({
      at: lines.range(found.start, found.end),
      message: message(m[2], 'This workflow sets up', w),
      fixes: [fix(lines, found.start, found.end, newText)],
    });
  }
}

export const unsupportedGoToolchain: TextRule = {
  id: ID,
  kind: 'text',
  family: 'toolchain',
  fileKinds: ['go.mod', 'dockerfile', 'workflow'],
  defaultSeverity: 'warning',
  summary: 'The toolchain that builds the code (go.mod toolchain, FROM golang:X.Y, setup-go) is a Go release that no longer gets security fixes.',
  docs: `# unsupported-go-toolchain

Go supports only the **two newest major releases**: security and critical fixes ship as minor
releases of those two, and a new major ships every February and August. A service built with
an older release carries every vulnerability fixed since in the standard library (\`net/http\`,
\`crypto/tls\`, \`archive/zip\`…) and in the runtime — "with each Go release, rebuild and
redeploy".

This rule reads the toolchain that *builds* your code:

- \`go.mod\`'s \`toolchain goX.Y.Z\` line (the \`go\` line is a minimum language version, not the
  build toolchain, and is not reported);
- a Dockerfile \`FROM golang:X.Y…\` (any variant: \`-alpine\`, \`-bookworm\`, with or without patch;
  \`ARG GO_VERSION=…\` defaults are resolved). \`latest\`, bare \`golang\`, \`golang:1\` and images
  pinned by digest are not reported;
- a literal \`go-version\` of \`actions/setup-go\` in \`.github/workflows/*.yml\`, or the workflow,
  job or step \`env\` value it names with \`\${{ env.NAME }}\`. A version matrix
  (compatibility testing), \`go-version-file\`, \`stable\` and \`oldstable\` are not reported.

Which releases are supported comes from a release table shipped with the extension and
today's date; set \`goForCloud.supportedGoReleases\` (e.g. \`["1.27", "1.26"]\`) to override it.

Wrong:

\`\`\`dockerfile
FROM golang:1.21-alpine AS build
\`\`\`

\`\`\`yaml
- uses: actions/setup-go@v5
  with:
    go-version: '1.20'
\`\`\`

Right (the quick fix bumps to the newest supported release in the same style; a pinned Alpine
variant such as \`-alpine3.18\` becomes \`-alpine\`, and an old Debian variant such as
\`-bullseye\` gets no automatic fix, since new Go images are not built on it):

\`\`\`dockerfile
FROM golang:1.27-alpine AS build
\`\`\`

\`\`\`
toolchain go1.27.0
\`\`\`
`,
  check(ctx) {
    const w = windowOf(ctx);
    if (ctx.file.kind === 'go.mod') checkGoMod(ctx, w);
    else if (ctx.file.kind === 'dockerfile') checkDockerfile(ctx, w);
    else if (ctx.file.kind === 'workflow') checkWorkflow(ctx, w);
  },
};

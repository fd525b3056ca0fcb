// The image that ships is built FROM golang: the toolchain, sources and caches go to production.
import type { Instruction } from 'dockerfile-ast';
import * as posix from 'node:path/posix';
import { cgoOff, effectiveCommand, goBuilds, type GoBuild } from '../dockerfile/go-commands';
import { DISTROLESS_STATIC, DockerfileModel, isDevImage, isGolangImage, type Stage } from '../dockerfile/model';
import type { TextRule } from '../rule';
import type { Fix, TextEdit } from '../types';

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', '/go/bin', '/usr/local/go/bin'];
/** Words that need no shell to mean what they say. */
const SIMPLE_WORD = /^[\w@%+=:,./-]+$/;

/** The argv of CMD/ENTRYPOINT when it can be written as an exec form without a shell. */
function plainArgv(model: DockerfileModel, instr: Instruction): string[] | undefined {
  if (model.isExecForm(instr)) return model.jsonWords(instr).map((w) => w.value);
  const commands = model.commands(instr);
  if (commands.length !== 1 || commands[0].assigns.length) return undefined;
  const words = commands[0].argv;
  // The shell form would have expanded variables and globs: only plain words carry over.
  return words.every((w) => SIMPLE_WORD.test(w.value) && !model.text.slice(w.start, w.end).includes('$')) ? words.map((w) => w.value) : undefined;
}

function binaryPath(model: DockerfileModel, stage: Stage, bin: string, builds: GoBuild[]): GoBuild | undefined {
  if (bin.includes('/')) {
    const dir = bin.startsWith('/') ? '/' : model.workdirAt(stage);
    if (dir === undefined) return undefined;
    const abs = posix.join(dir, bin);
    return [...builds].reverse().find((b) => b.output === abs);
  }
  return [...builds].reverse().find((b) => b.output && PATH_DIRS.includes(posix.dirname(b.output)) && posix.basename(b.output) === bin);
}

function execForm(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/**
 * Deletes an instruction's lines with the comment lines right above it (returned, to move with
 * it), and one blank line before them when a blank line or the end follows: no gaps left over.
 */
function deletion(model: DockerfileModel, instr: Instruction): { edit: TextEdit; comments: string[] } {
  const { lines } = model;
  const r = instr.getRange();
  let start = r.start.line;
  while (start > 0 && /^\s*#/.test(lines.lineText(start - 1))) start--;
  const comments = Array.from({ length: r.start.line - start }, (_, i) => lines.lineText(start + i));
  const after = r.end.line + 1;
  if (start > 0 && lines.lineText(start - 1).trim() === '' && (after >= lines.lineCount || lines.lineText(after).trim() === '')) start--;
  return { edit: { range: lines.range(lines.lineStart(start), lines.lineStart(after)), newText: '' }, comments };
}

function uniqueStageName(model: DockerfileModel): string {
  for (let i = 0; ; i++) {
    const name = i ? `build${i + 1}` : 'build';
    if (!model.stages.some((s) => s.name === name)) return name;
  }
}

/** The multi-stage rewrite, or undefined when the binary or its command cannot be known. */
export function multiStageFix(model: DockerfileModel, final: Stage): Fix | undefined {
  const chainInstrs = model.chain(final).flatMap((s) => s.instructions);
  const blocking = chainInstrs.some((i) => ['VOLUME', 'ONBUILD'].includes(i.getKeyword()) || (i.getKeyword() === 'HEALTHCHECK' && !/^\s*NONE\s*$/i.test(i.getArgumentsContent() ?? '')));
  if (blocking) return undefined;
  const builds = goBuilds(model, final).filter((b) => b.output);
  if (!builds.length) return undefined;
  const { cmd, entrypoint } = effectiveCommand(model, final);
  const main = entrypoint ?? cmd;
  let build: GoBuild | undefined;
  let mainArgv: string[];
  let cmdArgv: string[] | undefined;
  if (main) {
    const argv = plainArgv(model, main);
    if (!argv?.length) return undefined;
    build = binaryPath(model, final, argv[0], builds);
    if (!build) return undefined;
    mainArgv = [build.output!, ...argv.slice(1)];
    // A shell-form ENTRYPOINT ignores CMD; an exec-form one takes it as arguments.
    if (entrypoint && cmd && model.isExecForm(entrypoint)) {
      if (!model.isExecForm(cmd)) return undefined;
      cmdArgv = plainArgv(model, cmd);
    }
  } else {
    const outputs = new Set(builds.map((b) => b.output));
    if (outputs.size !== 1) return undefined;
    build = builds[builds.length - 1];
    mainArgv = [build.output!];
  }
  if (!cgoOff(model, build) && build.execForm) return undefined;

  const lower = final.from.getKeyword() !== final.from.getInstruction();
  const kw = (k: string) => (lower ? k.toLowerCase() : k);
  const edits: TextEdit[] = [];
  const name = final.name ?? uniqueStageName(model);
  if (!final.name) {
    const imageEnd = final.from.getImageRange()!.end;
    edits.push({ range: { start: imageEnd, end: imageEnd }, newText: ` ${kw('AS')} ${name}` });
  }
  if (!cgoOff(model, build)) {
    const cmdStart = build.inv.command.start;
    const inline = build.inv.command.assigns.find((a) => a.value.startsWith('CGO_ENABLED='));
    edits.push(
      inline
        ? { range: model.lines.range(inline.start, inline.end), newText: 'CGO_ENABLED=0' }
        : { range: model.lines.range(cmdStart, cmdStart), newText: 'CGO_ENABLED=0 ' },
    );
  }
  const moved: string[] = [];
  const commandComments: string[] = [];
  for (const i of final.instructions) {
    const k = i.getKeyword();
    if (k !== 'CMD' && k !== 'ENTRYPOINT' && k !== 'EXPOSE') continue;
    const { edit, comments } = deletion(model, i);
    edits.push(edit);
    if (k === 'EXPOSE') moved.push(...comments, model.text.slice(model.lines.offsetAt(i.getRange().start), model.lines.offsetAt(i.getRange().end)));
    else commandComments.push(...comments);
  }
  // Runtime settings (ENV PORT=8080) still matter in the new image; build settings do not.
  for (const i of chainInstrs) {
    if (i.getKeyword() !== 'ENV') continue;
    const names = (i as unknown as { getProperties(): { getName(): string }[] }).getProperties().map((p) => p.getName());
    if (names.length && names.every((n) => !/^(GO|CGO_)|^PATH$/.test(n))) moved.push(model.text.slice(model.lines.offsetAt(i.getRange().start), model.lines.offsetAt(i.getRange().end)));
  }
  const block = [
    `${kw('FROM')} ${DISTROLESS_STATIC}`,
    `${kw('COPY')} --from=${name} ${build.output} ${build.output}`,
    ...moved,
    `${kw('USER')} nonroot:nonroot`,
    ...commandComments,
    `${kw(entrypoint || !main ? 'ENTRYPOINT' : 'CMD')} ${execForm(mainArgv)}`,
    ...(cmdArgv ? [`${kw('CMD')} ${execForm(cmdArgv)}`] : []),
  ].join('\n');
  const end = model.lines.positionAt(model.text.length);
  const sep = model.text.endsWith('\n') ? '\n' : '\n\n';
  edits.push({ range: { start: end, end }, newText: `${sep}${block}\n` });
  return { title: 'Make it a multi-stage build: copy only the binary into distroless/static (nonroot)', edits };
}

export const dockerfileShipsToolchain: TextRule = {
  id: 'dockerfile-ships-toolchain',
  kind: 'text',
  family: 'containers',
  fileKinds: ['dockerfile'],
  defaultSeverity: 'warning',
  summary: 'The final image is built FROM golang: it ships the Go toolchain, your sources and caches to production.',
  docs: `# dockerfile-ships-toolchain

"Don't ship your toolchain … use the toolchain to build and copy the final binary into the
production container." A Go program compiles to one binary; the image that runs it needs
nothing else. An image built \`FROM golang\` ships the compiler, the module cache, your source
code and a shell — 800 MB or more instead of a few, slower pulls on every cold start and scale
out (Cloud Run, Kubernetes nodes pulling the image), and every CVE of Debian's packages and the
toolchain in your vulnerability scanner. It also runs as root by default.

Wrong:

\`\`\`dockerfile
FROM golang:1.27
WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server
CMD ["/out/server"]
\`\`\`

Right: a multi-stage build, with a static binary in a distroless image that runs as a non-root
user:

\`\`\`dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM ${DISTROLESS_STATIC}
COPY --from=build /out/server /out/server
USER nonroot:nonroot
ENTRYPOINT ["/out/server"]
\`\`\`

The quick fix does exactly this when it can find the binary from the \`go build -o\` path and the
command that starts it (exec form, or a shell form without variables): it names the existing
stage \`build\`, moves \`CMD\`/\`ENTRYPOINT\`/\`EXPOSE\` into a new final stage, carries runtime \`ENV\`
over, and adds \`CGO_ENABLED=0\` to the build (distroless/static has no libc). Files your program
reads at run time (templates, migrations) are not copied: embed them with \`//go:embed\` or add
a \`COPY --from=build\` for them. Without a known output path there is no fix.

Images meant to carry the toolchain are not reported: a Dockerfile named for development or
tests (\`Dockerfile.dev\`, \`test.Dockerfile\`), a last stage named so (\`AS dev\`, \`AS test\`), and
tool images that neither build a program (\`go build\`) nor start one (\`CMD\`/\`ENTRYPOINT\`).
`,
  check(ctx) {
    const model = DockerfileModel.of(ctx.file.text);
    const final = model.stages[model.stages.length - 1];
    if (!final || isDevImage(ctx.file.path, final)) return;
    const base = model.baseImage(final);
    if (!base || !isGolangImage(base)) return;
    // A toolchain image on purpose (CI tools, protoc plugins) builds no program and starts none.
    const runsSomething = model.chain(final).some((s) => s.instructions.some((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword())));
    if (!runsSomething && !goBuilds(model, final).length) return;
    const fix = multiStageFix(model, final);
    ctx.report({
      at: final.from.getImageRange() ?? final.from.getRange(),
      message: final.parent
        ? `The final image is built from stage "${final.from.getImage()}", which is FROM golang: it ships the Go toolchain and your sources. Copy only the binary into a minimal image.`
        : 'The final image is built FROM golang: it ships the Go toolchain and your sources. Build in this stage and copy only the binary into a minimal image.',
      fixes: fix ? [fix] : [],
    });
  },
};

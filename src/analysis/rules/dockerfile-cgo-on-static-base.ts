// `go build` with cgo on, whose binary is copied into a scratch or distroless/static image:
// it is linked against libc, which is not there, and fails with "no such file or directory".
import * as posix from 'node:path/posix';
import type { Instruction } from 'dockerfile-ast';
import { cgoOff, goBuilds, type GoBuild } from '../dockerfile/go-commands';
import { DockerfileModel, isStaticBase } from '../dockerfile/model';
import type { Command } from '../dockerfile/shell';
import type { TextRule } from '../rule';
import type { Fix } from '../types';

/** Source paths of a COPY (absolute, as paths in the source stage). */
function copySources(model: DockerfileModel, copy: Instruction): string[] {
  const args = model.isExecForm(copy)
    ? model.jsonWords(copy).map((w) => w.value)
    : copy.getArguments().map((a) => a.getValue());
  return args.slice(0, -1).map((p) => posix.normalize(p.startsWith('/') ? p : `/${p}`));
}

function feeds(build: GoBuild, sources: string[]): boolean {
  if (!build.output) return true;
  const out = build.output;
  return sources.some((src) => src === out || src === '/' || out.startsWith(src.replace(/\/$/, '') + '/') || /[*?[]/.test(src));
}

function fixFor(model: DockerfileModel, build: GoBuild): Fix[] {
  if (build.execForm) return [];
  const cmd: Command = build.inv.command;
  const inline = cmd.assigns.find((a) => a.value.startsWith('CGO_ENABLED='));
  const edit = inline
    ? { range: model.lines.range(inline.start, inline.end), newText: 'CGO_ENABLED=0' }
    : { range: model.lines.range(cmd.start, cmd.start), newText: 'CGO_ENABLED=0 ' };
  return [{ title: 'Build with CGO_ENABLED=0 (static binary)', edits: [edit] }];
}

export const dockerfileCgoOnStaticBase: TextRule = {
  id: 'dockerfile-cgo-on-static-base',
  kind: 'text',
  family: 'containers',
  fileKinds: ['dockerfile'],
  defaultSeverity: 'error',
  summary: '`go build` without CGO_ENABLED=0 feeds a scratch or distroless/static image, which has no libc to run it.',
  docs: `# dockerfile-cgo-on-static-base

\`scratch\` and \`gcr.io/distroless/static*\` contain no C library and no dynamic loader. A Go
binary built with cgo enabled — the default when a C compiler is present, as in the Debian
based \`golang\` images — is dynamically linked against glibc (the \`net\` and \`os/user\` packages
use it), so the container fails at start with the baffling

\`\`\`
exec /app: no such file or directory
\`\`\`

"Build static binaries": set \`CGO_ENABLED=0\` for the build, in the command, an \`ENV\`, or an
\`ARG\` default of the build stage.

Wrong:

\`\`\`dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
\`\`\`

Right:

\`\`\`dockerfile
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
\`\`\`

Not reported: \`golang:*-alpine\` builders (no C compiler, so cgo is off — unless the stage
installs \`gcc\`/\`build-base\`), builds linked with \`-extldflags -static\`, and builds whose output
is not what the static stage copies. If your program really needs cgo, use a base with libc
(\`distroless/base\`, \`distroless/cc\`) instead.
`,
  check(ctx) {
    const model = DockerfileModel.of(ctx.file.text);
    const reported = new Set<Command>();
    for (const stage of model.finalStages()) {
      const base = model.baseImage(stage);
      if (!base || !isStaticBase(base)) continue;
      for (const s of model.chain(stage)) {
        for (const copy of s.instructions) {
          const ref = model.copyFrom(copy);
          const source = ref ? model.stageByRef(ref, s.index) : undefined;
          if (!source) continue;
          const sources = copySources(model, copy);
          for (const build of goBuilds(model, source)) {
            if (reported.has(build.inv.command) || !feeds(build, sources) || cgoOff(model, build)) continue;
            reported.add(build.inv.command);
            const argv = build.inv.command.argv;
            ctx.report({
              at: model.lines.range(build.inv.command.start, argv[argv.length - 1].end),
              message: `This binary is built with cgo (CGO_ENABLED is not 0) and copied into a \`${base.name}\` image, which has no libc: it will fail to start with "no such file or directory". Build it with CGO_ENABLED=0.`,
              fixes: fixFor(model, build),
            });
          }
        }
      }
    }
  },
};

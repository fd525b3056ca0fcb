// `go run` as the container's command: compiles on every start and ships the toolchain.
import type { Instruction } from 'dockerfile-ast';
import { effectiveCommand } from '../dockerfile/go-commands';
import { DockerfileModel, isDevImage } from '../dockerfile/model';
import { goInvocation, parseShell, type Command } from '../dockerfile/shell';
import type { TextRule } from '../rule';

/** Commands an instruction runs, looking inside `sh -c "…"` of an exec form. */
function commandsOf(model: DockerfileModel, instr: Instruction): Command[] {
  const commands = model.commands(instr);
  if (!model.isExecForm(instr) || !commands.length) return commands;
  const argv = commands[0].argv;
  const c = argv.findIndex((w) => w.value === '-c');
  if (c > 0 && /(^|\/)(ba|da|a)?sh$/.test(argv[0].value) && argv[c + 1]) {
    const script = argv[c + 1].value;
    return parseShell(script, 0, script.length);
  }
  return commands;
}

function runsGoRun(model: DockerfileModel, instr: Instruction | undefined, prefix: string[] = []): boolean {
  if (!instr) return false;
  return commandsOf(model, instr).some((c) => {
    const argv = [...prefix.map((value) => ({ value, start: 0, end: 0, quoted: false })), ...c.argv];
    return goInvocation({ ...c, argv })?.sub === 'run';
  });
}

export const dockerfileGoRun: TextRule = {
  id: 'dockerfile-go-run',
  kind: 'text',
  family: 'containers',
  fileKinds: ['dockerfile'],
  defaultSeverity: 'warning',
  summary: 'The container starts with `go run`: it compiles at every start and ships the whole Go toolchain.',
  docs: `# dockerfile-go-run

\`go run\` compiles the program and then runs it. As a container's \`CMD\` or \`ENTRYPOINT\` it
compiles **on every start**: each cold start on Cloud Run or Lambda, each new pod on Kubernetes
and each restart after a crash waits for a full build (seconds to minutes, with CPU the service
should be using), needs the module cache or network access to download dependencies, and runs
as a child of the \`go\` command, which is what receives \`SIGTERM\`. The image must also ship the
whole Go toolchain and your source: hundreds of megabytes and a larger attack surface.

"Don't ship your toolchain … use the toolchain to build and copy the final binary into the
production container."

Wrong:

\`\`\`dockerfile
FROM golang:1.27
WORKDIR /src
COPY . .
CMD ["go", "run", "./cmd/api"]
\`\`\`

Right: build once, in a build stage, and start the binary:

\`\`\`dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
USER nonroot:nonroot
ENTRYPOINT ["/api"]
\`\`\`

This rule has no fix of its own; \`dockerfile-ships-toolchain\` offers the multi-stage rewrite
when the Dockerfile already builds a binary with \`go build -o\`. \`go run\` in a \`RUN\` step (code
generators, tools) is not reported, nor are development images: a Dockerfile named
\`Dockerfile.dev\`/\`dev.Dockerfile\` or a last stage \`AS dev\` (live reload with \`go run\` is their job).
`,
  check(ctx) {
    const model = DockerfileModel.of(ctx.file.text);
    const reported = new Set<Instruction>();
    // Only the default target: a `dev` stage running `go run` for live reload is a choice.
    for (const stage of model.stages.slice(-1)) {
      if (isDevImage(ctx.file.path, stage)) continue;
      const { cmd, entrypoint } = effectiveCommand(model, stage);
      let hit: Instruction | undefined;
      if (runsGoRun(model, entrypoint)) hit = entrypoint;
      else if (!entrypoint || model.isExecForm(entrypoint)) {
        // CMD runs alone, or as the arguments of an exec-form ENTRYPOINT (["go"] + ["run", "."]).
        const prefix = entrypoint ? model.commands(entrypoint)[0]?.argv.map((w) => w.value) ?? [] : [];
        if (cmd && (!entrypoint || model.isExecForm(cmd)) && runsGoRun(model, cmd, prefix)) hit = cmd;
      }
      if (!hit || reported.has(hit)) continue;
      reported.add(hit);
      ctx.report({
        at: hit.getRange(),
        message: `The container starts with \`go run\`: it compiles at every start (slow cold starts) and ships the Go toolchain. Build the binary in a build stage and run it.`,
      });
    }
  },
};

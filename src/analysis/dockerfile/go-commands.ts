// The go commands of a Dockerfile: which stage builds what, where the binary lands, and
// whether cgo is off for it.
import type { Instruction } from 'dockerfile-ast';
import * as posix from 'node:path/posix';
import { isGolangImage, type DockerfileModel, type Stage } from './model';
import { goInvocation, type GoInvocation } from './shell';

export interface GoBuild {
  stage: Stage;
  instr: Instruction;
  inv: GoInvocation;
  /** Absolute path of the binary, when `-o` names a file and the WORKDIR is known. */
  output?: string;
  /** True for `RUN ["go", "build", …]`: no shell to put an assignment in front of. */
  execForm: boolean;
}

/** Every `go build` in RUN instructions of the stage's chain (root first). */
export function goBuilds(model: DockerfileModel, stage: Stage, ownOnly = false): GoBuild[] {
  const out: GoBuild[] = [];
  for (const s of ownOnly ? [stage] : model.chain(stage)) {
    for (const instr of s.instructions) {
      if (instr.getKeyword() !== 'RUN') continue;
      for (const command of model.commands(instr)) {
        const inv = goInvocation(command);
        if (!inv || inv.sub !== 'build') continue;
        out.push({ stage: s, instr, inv, output: outputOf(model, s, instr, inv), execForm: model.isExecForm(instr) });
      }
    }
  }
  return out;
}

function outputOf(model: DockerfileModel, stage: Stage, instr: Instruction, inv: GoInvocation): string | undefined {
  const o = inv.flags.get('o');
  if (!o || !o.value || o.word.quoted && o.word.value.includes('$')) return undefined;
  if (o.value.includes('$') || o.value.endsWith('/') || inv.packages.length > 1 || inv.flags.has('C')) return undefined;
  if (o.value.startsWith('/')) return posix.normalize(o.value);
  const dir = model.workdirAt(stage, instr);
  return dir === undefined ? undefined : posix.join(dir, o.value);
}

const GCC_PACKAGES = /\b(apk|apt-get|apt|yum|dnf|microdnf)\b[^\n]*\b(add|install)\b[^\n]*\b(gcc|build-base|build-essential|musl-dev|clang)\b/;

/** Whether cgo is off (or the result is statically linked anyway) for this `go build`. */
export function cgoOff(model: DockerfileModel, build: GoBuild): boolean {
  const { stage, instr, inv } = build;
  const inline = inv.command.assigns.find((a) => a.value.startsWith('CGO_ENABLED='));
  if (inline) return inline.value === 'CGO_ENABLED=0';
  // `export CGO_ENABLED=0` earlier in the same RUN.
  for (const c of model.commands(instr)) {
    if (c === inv.command || c.start >= inv.command.start) break;
    if (c.argv[0]?.value === 'export' && c.argv.some((w) => w.value === 'CGO_ENABLED=0')) return true;
  }
  const env = model.envAt(stage, instr, 'CGO_ENABLED');
  if (env !== undefined) return env === '0';
  // -ldflags '-extldflags "-static"' links cgo statically: it runs on scratch.
  const ldflags = inv.flags.get('ldflags')?.value ?? '';
  if (/-extldflags[= ]+['"]?[^'"]*-static/.test(ldflags)) return true;
  // The alpine golang images carry no C compiler, so cgo is off unless the stage adds one.
  const base = model.baseImage(stage);
  if (base && isGolangImage(base) && /alpine/.test(base.tag ?? '')) {
    const installsCompiler = model
      .chain(stage)
      .flatMap((s) => s.instructions)
      .some((i) => i.getKeyword() === 'RUN' && GCC_PACKAGES.test(i.getArgumentsContent() ?? ''));
    return !installsCompiler;
  }
  return false;
}

/** The CMD and ENTRYPOINT an image built from the stage starts with (nearest in its chain). */
export function effectiveCommand(model: DockerfileModel, stage: Stage): { cmd?: Instruction; entrypoint?: Instruction } {
  let cmd: Instruction | undefined;
  let entrypoint: Instruction | undefined;
  for (const s of model.chain(stage)) {
    for (const i of s.instructions) {
      if (i.getKeyword() === 'CMD') cmd = i;
      // A new ENTRYPOINT resets the CMD inherited from a parent image, as Docker does.
      if (i.getKeyword() === 'ENTRYPOINT') {
        entrypoint = i;
        if (cmd && !s.instructions.includes(cmd)) cmd = undefined;
      }
    }
  }
  return { cmd, entrypoint };
}

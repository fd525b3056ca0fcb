// A Dockerfile read with dockerfile-ast, arranged the way the container rules ask questions:
// stages with their names and parents, global ARGs resolved in FROM, RUN commands with offsets,
// CMD/ENTRYPOINT in exec or shell form, WORKDIR and environment per instruction.
import type { Dockerfile, From, Instruction, JSONInstruction } from 'dockerfile-ast';

// Loaded on first use: the language server starts faster when no Dockerfile is open.
const dockerfileAst = (): typeof import('dockerfile-ast') => require('dockerfile-ast');
import * as posix from 'node:path/posix';
import type { Range } from '../types';
import { execCommand, parseShell, type Command, type Word } from './shell';
import { LineIndex } from './text';

/** The final image the fixes and the generator use: static, no shell, runs as uid 65532. */
export const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12:nonroot';

export interface GlobalArg {
  name: string;
  value?: string;
  /** Offsets of the default value in the document, when there is one. */
  valueStart?: number;
  valueEnd?: number;
}

export interface Stage {
  index: number;
  from: From;
  /** Lower-cased `AS` name (Docker matches stage names case-insensitively). */
  name?: string;
  /** The image as written, and with global ARGs resolved (undefined when a variable has no value). */
  imageRaw: string;
  image?: string;
  /** The earlier stage this one is built `FROM`, if any. */
  parent?: Stage;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

/** A resolved image reference: `golang:1.22-alpine` → name "golang", tag "1.22-alpine". */
export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

const OFFICIAL_PREFIXES = ['', 'library/', 'docker.io/library/', 'index.docker.io/library/', 'registry-1.docker.io/library/', 'mirror.gcr.io/library/', 'public.ecr.aws/docker/library/'];

export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon).toLowerCase(), tag: rest.slice(colon + 1), digest };
  return { name: rest.toLowerCase(), digest };
}

/** The official `golang` image under any of its usual names. */
export function isOfficialImage(ref: ImageRef, name: string): boolean {
  return OFFICIAL_PREFIXES.some((p) => ref.name === p + name);
}

export function isGolangImage(ref: ImageRef): boolean {
  return isOfficialImage(ref, 'golang');
}

/** `scratch` and distroless static images: no libc, so no dynamically linked binary runs there. */
export function isStaticBase(ref: ImageRef): boolean {
  return ref.name === 'scratch' || /(^|\/)distroless\/static(-[\w.]+)?$/.test(ref.name) || ref.name === 'cgr.dev/chainguard/static';
}

let last: DockerfileModel | undefined;

export class DockerfileModel {
  /** The model of a text; the three Dockerfile rules ask for the same one in a row. */
  static of(text: string): DockerfileModel {
    if (last?.text !== text) last = new DockerfileModel(text);
    return last;
  }


  readonly ast: Dockerfile;
  readonly lines: LineIndex;
  readonly escape: string;
  readonly stages: Stage[] = [];
  readonly globalArgs = new Map<string, GlobalArg>();

  constructor(readonly text: string) {
    this.ast = dockerfileAst().DockerfileParser.parse(text);
    this.lines = new LineIndex(text);
    this.escape = this.ast.getEscapeCharacter();
    for (const arg of this.ast.getInitialARGs()) {
      const p = arg.getProperty();
      if (!p) continue;
      const valueRange = p.getValueRange();
      this.globalArgs.set(p.getName(), {
        name: p.getName(),
        value: p.getValue() ?? undefined,
        valueStart: valueRange ? this.lines.offsetAt(valueRange.start) : undefined,
        valueEnd: valueRange ? this.lines.offsetAt(valueRange.end) : undefined,
      });
    }
    let stage: Stage | undefined;
    for (const instr of this.ast.getInstructions()) {
      if (instr.getKeyword() === 'FROM') {
        const from = instr as From;
        const imageRaw = from.getImage() ?? '';
        const image = this.expand(imageRaw);
        stage = { index: this.stages.length, from, name: from.getBuildStage()?.toLowerCase() ?? undefined, imageRaw, image, instructions: [] };
        stage.parent = image ? this.stageByRef(image.toLowerCase(), stage.index) : undefined;
        this.stages.push(stage);
      } else stage?.instructions.push(instr);
    }
  }

  /** Resolves `$NAME`, `${NAME}` and `${NAME:-default}` with the global ARGs. */
  expand(value: string): string | undefined {
    let unresolved = false;
    const out = value.replace(/\$(?:\{(\w+)(?::?-([^}]*))?\}|(\w+))/g, (_m, braced: string, def: string | undefined, bare: string) => {
      const v = this.globalArgs.get(braced ?? bare)?.value ?? def;
      if (v === undefined) unresolved = true;
      return v ?? '';
    });
    return unresolved ? undefined : out;
  }

  /** A stage by `AS` name or index, declared before `before`. */
  stageByRef(ref: string, before = this.stages.length): Stage | undefined {
    const lower = ref.toLowerCase();
    const earlier = this.stages.slice(0, before);
    if (/^\d+$/.test(ref)) return earlier[Number(ref)];
    for (let i = earlier.length - 1; i >= 0; i--) if (earlier[i].name === lower) return earlier[i];
    return undefined;
  }

  /** The stage and its ancestors through `FROM <stage>`, root first. */
  chain(stage: Stage): Stage[] {
    const out: Stage[] = [];
    for (let s: Stage | undefined = stage; s && !out.includes(s); s = s.parent) out.unshift(s);
    return out;
  }

  /** The external image at the root of a stage's chain. */
  baseImage(stage: Stage): ImageRef | undefined {
    const root = this.chain(stage)[0];
    return root.image === undefined ? undefined : parseImage(root.image);
  }

  /** Stages referenced by a later FROM or COPY --from (they are not images anyone ships). */
  referencedStages(): Set<Stage> {
    const used = new Set<Stage>();
    for (const s of this.stages) {
      if (s.parent) used.add(s.parent);
      for (const i of s.instructions) {
        const ref = this.copyFrom(i);
        const src = ref ? this.stageByRef(ref, s.index) : undefined;
        if (src) used.add(src);
      }
    }
    return used;
  }

  /** Stages that end up as images: the last one, and any other no stage builds on. */
  finalStages(): Stage[] {
    if (!this.stages.length) return [];
    const used = this.referencedStages();
    const last = this.stages[this.stages.length - 1];
    return this.stages.filter((s) => s === last || !used.has(s));
  }

  /** The `--from` value of a COPY (or ADD), if any. */
  copyFrom(instr: Instruction): string | undefined {
    if (instr.getKeyword() !== 'COPY') return undefined;
    const flag = (instr as unknown as { getFromFlag(): { getValue(): string | null } | null }).getFromFlag();
    return flag?.getValue() ?? undefined;
  }

  /** Whether an instruction is written in exec (JSON array) form. */
  isExecForm(instr: Instruction): boolean {
    const j = instr as JSONInstruction;
    return typeof j.getOpeningBracket === 'function' && j.getOpeningBracket() !== null && j.getClosingBracket() !== null;
  }

  /** The strings of an exec-form array, decoded from the document text (as Docker reads JSON). */
  jsonWords(instr: Instruction): Word[] {
    return (instr as JSONInstruction).getJSONStrings().map((s) => {
      const r = s.getRange();
      const start = this.lines.offsetAt(r.start);
      const end = this.lines.offsetAt(r.end);
      let value: string;
      try {
        value = JSON.parse(this.text.slice(start, end));
      } catch {
        value = s.getJSONValue();
      }
      return { value, start, end, quoted: true };
    });
  }

  /** Commands of a RUN, CMD or ENTRYPOINT: the JSON array, or the shell text (heredoc bodies included). */
  commands(instr: Instruction): Command[] {
    if (this.isExecForm(instr)) {
      const words = this.jsonWords(instr);
      return words.length ? [execCommand(words)] : [];
    }
    const argsRange = instr.getArgumentsRange();
    if (!argsRange) return [];
    let from = this.lines.offsetAt(argsRange.start);
    const flags = (instr as unknown as { getFlags?(): { getRange(): Range }[] }).getFlags?.() ?? [];
    for (const f of flags) from = Math.max(from, this.lines.offsetAt(f.getRange().end));
    const to = this.lines.offsetAt(instr.getRange().end);
    const heredoc = /<<(-?)\s*(["']?)([A-Za-z_][\w-]*)\2/.exec(this.text.slice(from, this.lineEnd(from)));
    if (!heredoc) return parseShell(this.text, from, to, this.escape);
    // RUN <<EOF (or `sh <<EOF`, `bash -e <<EOF`): the body is the script; otherwise it is
    // some other program's input, and only the first line is shell.
    const first = this.lineEnd(from);
    const head = parseShell(this.text, from, first, this.escape);
    const runner = head[0]?.argv.filter((w) => !w.value.startsWith('<<') && !w.value.startsWith('-')) ?? [];
    const shellBody = runner.length === 0 || (runner.length === 1 && /(^|\/)(ba|da|a)?sh$/.test(runner[0].value));
    if (!shellBody) return head;
    const bodyStart = first + 1;
    const strip = heredoc[1] === '-';
    let bodyEnd = to;
    for (let line = this.lines.positionAt(bodyStart).line; line < this.lines.lineCount; line++) {
      const text = this.lines.lineText(line);
      if ((strip ? text.replace(/^\t+/, '') : text) === heredoc[3]) {
        bodyEnd = this.lines.lineStart(line);
        break;
      }
    }
    return [...head.filter((c) => c.argv.length), ...parseShell(this.text, bodyStart, bodyEnd, '\\')];
  }

  private lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl;
  }

  /**
   * The working directory in effect at an instruction of a stage, through its chain; undefined
   * when it depends on a variable or on a base image whose WORKDIR is not known.
   */
  workdirAt(stage: Stage, instr?: Instruction): string | undefined {
    let dir: string | undefined;
    const root = this.chain(stage)[0];
    const base = root.image === undefined ? undefined : parseImage(root.image);
    if (base && isGolangImage(base)) dir = '/go';
    else if (base && (base.name === 'scratch' || isStaticBase(base))) dir = '/';
    for (const s of this.chain(stage)) {
      for (const i of s.instructions) {
        if (i === instr) return dir;
        if (i.getKeyword() !== 'WORKDIR') continue;
        const arg = i.getArgumentsContent()?.trim() ?? '';
        if (!arg || arg.includes('$')) dir = undefined;
        else if (arg.startsWith('/')) dir = posix.normalize(arg);
        else dir = dir === undefined ? undefined : posix.join(dir, arg);
      }
    }
    return dir;
  }

  /**
   * The value of an environment variable at an instruction: ENV through the chain, ARG defaults
   * of the instruction's own stage (ARG does not cross stages).
   */
  envAt(stage: Stage, instr: Instruction, name: string): string | undefined {
    let value: string | undefined;
    for (const s of this.chain(stage)) {
      for (const i of s.instructions) {
        if (i === instr) return value;
        const kw = i.getKeyword();
        if (kw === 'ENV') {
          for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
            if (p.getName() === name) value = p.getValue() ?? '';
          }
        } else if (kw === 'ARG' && s === stage) {
          const p = (i as unknown as { getProperty(): { getName(): string; getValue(): string | null } | null }).getProperty();
          if (p?.getName() === name && p.getValue() !== null) value = p.getValue() ?? undefined;
        }
      }
    }
    return value;
  }
}

const DEV_WORD = /(^|[._-])(dev|devel|develop|development|test|tests|testing|debug|local|lint|ci)([._-]|$)/i;

/**
 * A Dockerfile or stage that by its name is for development or tests (`Dockerfile.dev`,
 * `test.Dockerfile`, a last stage `AS test`): an image with the toolchain on purpose.
 */
export function isDevImage(filePath: string, stage: Stage | undefined): boolean {
  const base = filePath.split(/[\\/]/).pop() ?? '';
  return DEV_WORD.test(base.replace(/^Dockerfile|Dockerfile$|^Containerfile|Containerfile$/gi, '')) || (!!stage?.name && DEV_WORD.test(stage.name));
}

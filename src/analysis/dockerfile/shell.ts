// Just enough of the POSIX shell to find commands in a RUN line: words with their document
// offsets, separators (; && || | & newlines, parentheses), quotes, comments and Dockerfile
// line continuations. Not an evaluator: `$VAR` stays as written.

export interface Word {
  /** The word with quotes removed. */
  value: string;
  /** Offsets into the document text. */
  start: number;
  end: number;
  /** True when any part was quoted or contained `$`: not a plain literal. */
  quoted: boolean;
}

export interface Command {
  /** Leading NAME=value assignments (including those after `env`). */
  assigns: Word[];
  /** The command and its arguments. */
  argv: Word[];
  /** Offset where the command starts (its first assignment or word). */
  start: number;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'exec']);
const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Splits `text.slice(from, to)` into simple commands. `escape` is the Dockerfile escape
 * character: it followed by a line break continues the line (and comment lines in a
 * continuation are dropped, as Docker does).
 */
export function parseShell(text: string, from: number, to: number, escape = '\\'): Command[] {
  const commands: Command[] = [];
  let words: Word[] = [];
  let cur: Word | undefined;
  const endWord = (at: number) => {
    if (cur) {
      cur.end = at;
      words.push(cur);
      cur = undefined;
    }
  };
  const endCommand = () => {
    if (words.length) commands.push(toCommand(words));
    words = [];
  };
  const add = (ch: string, at: number, quoted = false) => {
    cur ??= { value: '', start: at, end: at, quoted: false };
    cur.value += ch;
    if (quoted) cur.quoted = true;
  };
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === escape && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      // Docker drops comment lines inside a continuation.
      for (;;) {
        const m = /^[ \t]*#[^\n]*\n/.exec(text.slice(i, to));
        if (!m) break;
        i += m[0].length;
      }
      continue;
    }
    if (ch === '\\' && i + 1 < to) {
      add(text[i + 1], i, true);
      i += 2;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= to ? to : close;
      cur ??= { value: '', start: i, end: i, quoted: true };
      cur.value += text.slice(i + 1, stop);
      cur.quoted = true;
      i = stop + 1;
      continue;
    }
    if (ch === '"') {
      cur ??= { value: '', start: i, end: i, quoted: true };
      cur.quoted = true;
      i++;
      while (i < to && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < to && '"\\$`'.includes(text[i + 1])) i++;
        cur.value += text[i];
        i++;
      }
      i++;
      continue;
    }
    if (ch === '#' && !cur) {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord(i);
      i++;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      endWord(i);
      endCommand();
      i++;
      continue;
    }
    add(ch, i, ch === '$' || ch === '`');
    i++;
  }
  endWord(to);
  endCommand();
  return commands;
}

function toCommand(words: Word[]): Command {
  let k = 0;
  while (k < words.length && KEYWORDS.has(words[k].value) && !words[k].quoted) k++;
  const start = words[Math.min(k, words.length - 1)].start;
  const assigns: Word[] = [];
  while (k < words.length && ASSIGN.test(words[k].value)) assigns.push(words[k++]);
  if (words[k]?.value === 'env') {
    k++;
    while (k < words.length && (ASSIGN.test(words[k].value) || words[k].value.startsWith('-'))) {
      if (ASSIGN.test(words[k].value)) assigns.push(words[k]);
      k++;
    }
  }
  return { assigns, argv: words.slice(k), start };
}

/** Commands from an exec-form (JSON array) instruction. */
export function execCommand(words: Word[]): Command {
  return { assigns: [], argv: words, start: words[0]?.start ?? 0 };
}

/** `go`, `/usr/local/go/bin/go`. */
export function isGoBinary(word: Word | undefined): boolean {
  return !!word && (word.value === 'go' || /\/go$/.test(word.value));
}

/** go build flags that take a value (`-o out` as well as `-o=out`). */
const VALUE_FLAGS = new Set([
  'o', 'p', 'C', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod',
  'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'coverpkg', 'covermode', 'exec', 'json',
]);

export interface GoInvocation {
  command: Command;
  /** "build", "run", "install", … */
  sub: string;
  /** Flag name (without dashes) → value ('' for boolean flags). */
  flags: Map<string, { value: string; word: Word }>;
  /** Package arguments (for `go run`, the first one only). */
  packages: Word[];
  /** For `go run`: the program's own arguments. */
  programArgs: Word[];
}

/** Reads `go <sub> [flags] [packages]` from a command, or undefined when it is not one. */
export function goInvocation(command: Command): GoInvocation | undefined {
  const argv = command.argv;
  if (!isGoBinary(argv[0]) || !argv[1]) return undefined;
  const sub = argv[1].value;
  const flags = new Map<string, { value: string; word: Word }>();
  let k = 2;
  while (k < argv.length && argv[k].value.startsWith('-') && argv[k].value !== '-') {
    const w = argv[k];
    if (w.value === '--') {
      k++;
      break;
    }
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(w.value)!;
    const name = m[1];
    if (m[2] !== undefined) flags.set(name, { value: m[2], word: w });
    else if (VALUE_FLAGS.has(name) && k + 1 < argv.length) {
      flags.set(name, { value: argv[k + 1].value, word: argv[k + 1] });
      k++;
    } else flags.set(name, { value: '', word: w });
    k++;
  }
  const rest = argv.slice(k);
  if (sub === 'run') return { command, sub, flags, packages: rest.slice(0, 1), programArgs: rest.slice(1) };
  return { command, sub, flags, packages: rest, programArgs: [] };
}

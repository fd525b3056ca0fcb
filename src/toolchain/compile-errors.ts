// Rewrites go's compile errors ("cmd/api/main.go:4:2: undefined: x") to absolute paths tagged
// with the target, so a problem matcher places them right and a failure on two targets shows
// as two problems. Output arrives in chunks: lines are buffered per target.
import * as path from 'node:path';

const ERROR_LINE = /^(\.{0,2}[^\s:][^:]*\.go):(\d+)(?::(\d+))?: (.*)$/;

export function annotateLine(line: string, target: string, cwd: string): string {
  const m = ERROR_LINE.exec(line);
  if (!m) return line;
  const file = path.isAbsolute(m[1]) ? m[1] : path.join(cwd, m[1]);
  return `${file}:${m[2]}:${m[3] ?? '1'}: ${m[4]} (${target})`;
}

export class CompileErrorAnnotator {
  private pending = new Map<string, string>();

  constructor(
    private readonly cwd: string,
    private readonly emit: (text: string) => void,
  ) {}

  push(target: string, chunk: string): void {
    const text = (this.pending.get(target) ?? '') + chunk;
    const lines = text.split('\n');
    this.pending.set(target, lines.pop() ?? '');
    for (const line of lines) this.emit(annotateLine(line, target, this.cwd) + '\n');
  }

  flush(): void {
    for (const [target, rest] of this.pending) if (rest) this.emit(annotateLine(rest, target, this.cwd) + '\n');
    this.pending.clear();
  }
}

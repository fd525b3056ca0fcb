// What a CLI verb gets: its arguments and the streams, so tests can run verbs in process.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export interface Verb {
  /** One line for `go-for-cloud help`. */
  summary: string;
  usage: string;
  /** Returns the exit status: 0 ok, 1 findings/failure as the verb defines, 2 usage or I/O error. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A usage error: printed as one line with the verb's usage, exit 2. */
export class UsageError extends Error {}

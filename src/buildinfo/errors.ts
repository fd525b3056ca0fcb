// Typed errors of the reader. `message` is Go's text, so the CLI can print it as `go version` does.

export type BuildInfoErrorCode =
  /** Not ELF, Mach-O, PE or XCOFF, or a damaged container header ("unrecognized file format"; XCOFF: "address not mapped"). */
  | 'unrecognized'
  /** A valid container without a (valid) build info blob ("not a Go executable"). */
  | 'not-go'
  /** The modinfo text does not parse ("could not parse Go build info: line N: …"). */
  | 'parse'
  /** The path cannot be opened or read (missing, a directory, permission). */
  | 'io';

export class BuildInfoError extends Error {
  constructor(
    readonly code: BuildInfoErrorCode,
    message: string,
    /** For 'io': the Node error code (ENOENT, EISDIR, EACCES, …). */
    readonly sysCode?: string,
  ) {
    super(message);
    this.name = 'BuildInfoError';
  }
}

export const unrecognized = () => new BuildInfoError('unrecognized', 'unrecognized file format');
export const notGo = () => new BuildInfoError('not-go', 'not a Go executable');

// Shared vocabulary of the analysis core. Positions are LSP-style: 0-based line and
// UTF-16 character offset, so findings pass to the editor and to JSON output unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** What a rule reports. Fixes are computed with the finding; the first is preferred. */
export interface Finding {
  rule: string;
  range: Range;
  message: string;
  fixes: Fix[];
  /** Fixes exist but were not built (the keystroke path); code actions ask the engine for them. */
  fixesLater?: boolean;
}

/** A finding with the severity settings gave it, ready for a client. */
export interface RatedFinding extends Finding {
  severity: Severity;
}

/** Kinds of file the engine analyses. */
export type FileKind = 'go' | 'go.mod' | 'dockerfile' | 'workflow';

export type RuleFamily =
  | 'context'
  | 'lifecycle'
  | 'handlers'
  | 'observability'
  | 'toolchain'
  | 'containers';

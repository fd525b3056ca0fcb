// The shape of a rule. One immutable object per file in rules/, file name = id.
import type { RuleGate } from './gate';
import type { GoFile } from './go-file';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import type { Node, QueryCapture, QueryMatch } from './parser';
import type { FileKind, Fix, Range, RuleFamily, Severity } from './types';

export interface ReportInput {
  /** Where the finding is shown: a node or an explicit range. */
  at: Node | Range;
  message: string;
  fixes?: Fix[];
  /** Instead of `fixes`, when the context says `deferFixes`: a fix exists and is built on demand. */
  fixesLater?: boolean;
}

interface RuleBase {
  /** kebab-case, equal to the file name under rules/. */
  readonly id: string;
  readonly family: RuleFamily;
  /** One line, shown in settings and lists. */
  readonly summary: string;
  /** Markdown: why it matters on Cloud Run, Lambda and Kubernetes, wrong and right examples. */
  readonly docs: string;
  readonly defaultSeverity: Severity;
}

export interface GoRuleContext {
  readonly file: GoFile;
  readonly pkg: GoPackage;
  /** The governing go.mod, when there is one. */
  readonly module?: ModuleInfo;
  /** Matches of the rule's own query over the file (compiled once per process). */
  matches(): QueryMatch[];
  /** Captures of the rule's own query over the file. */
  captures(): QueryCapture[];
  /**
   * True on the keystroke path: a rule whose fixes read other declarations may report
   * `fixesLater` instead of building them; code actions run it again with this false.
   */
  readonly deferFixes: boolean;
  report(input: ReportInput): void;
}

export interface GoRule extends RuleBase {
  readonly kind: 'go';
  /** A tree-sitter query that finds candidates; compiled once, checked by the registry test. */
  readonly query?: string;
  /** Necessary conditions for a finding, checked before the query runs (and before parsing, in the CLI). */
  readonly gate?: RuleGate;
  /**
   * Every finding lies in the top-level declaration its query match is in, and depends only on
   * that declaration and the package context (incremental.ts): open documents then re-analyse
   * only the declarations that changed.
   */
  readonly local?: boolean;
  /** A local rule whose fixes look at other declarations (is an import still used?): they are not cached. */
  readonly fixesReadOtherDeclarations?: boolean;
  check(ctx: GoRuleContext): void;
}

/** A file that is not Go source: go.mod, a Dockerfile, a CI workflow. */
export interface TextFile {
  readonly path: string;
  readonly text: string;
  readonly kind: Exclude<FileKind, 'go'>;
}

export interface TextRuleContext {
  readonly file: TextFile;
  readonly module?: ModuleInfo;
  /** Today's date (injectable so support windows are testable). */
  readonly now: Date;
  /** goForCloud.supportedGoReleases ("1.N"), when the user set it. */
  readonly supportedGoReleases?: readonly string[];
  /** The user's own `go version` ("go1.28.1"), when known: newer than the release table counts. */
  readonly localGoVersion?: string;
  report(input: { at: Range; message: string; fixes?: Fix[] }): void;
}

export interface TextRule extends RuleBase {
  /** The file kinds this rule reads. */
  readonly kind: 'text';
  readonly fileKinds: readonly Exclude<FileKind, 'go'>[];
  check(ctx: TextRuleContext): void;
}

export type Rule = GoRule | TextRule;

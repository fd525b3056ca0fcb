// Rule gates: what a file and its package must contain before a rule can report there. They
// are read from the import list and the raw text, so the engine skips a rule without running
// its queries, and the CLI skips parsing a package that no rule can report in at all.
// A gate must never close where the rule could report: it states a necessary condition only.
import { CONTEXT_PATHS, ECHO_PATHS, FIBER_PATHS, FUNCTIONS_PATH, GIN_PATH, HTTP_PATH, LAMBDA_PATH } from './go/import-paths';

/** Every listed condition must hold (an absent one holds). */
export interface RuleGate {
  /** The rule never reports in `_test.go` files. */
  readonly nonTestFiles?: boolean;
  /** The file imports one of these paths. */
  readonly fileImports?: readonly string[];
  /** The file's text matches every one of these. */
  readonly fileText?: readonly RegExp[];
  /** Some file of the package imports one of `packageImports` or contains one of `packageMentions`. */
  readonly packageImports?: readonly string[];
  readonly packageMentions?: readonly string[];
}

/** What a gate looks at in one file: its path, text and imported paths. */
export interface GateFile {
  readonly path: string;
  readonly text: string;
  readonly importPaths: ReadonlySet<string>;
  /** `re.test(text)` and `text.includes(s)`, answered more cheaply where the file can (GoFile: entry by entry). */
  textMatches?(re: RegExp): boolean;
  mentions?(s: string): boolean;
}

export function gateOpen(gate: RuleGate | undefined, file: GateFile, pkgFiles: readonly GateFile[]): boolean {
  if (!gate) return true;
  if (gate.nonTestFiles && file.path.endsWith('_test.go')) return false;
  if (gate.fileImports && !gate.fileImports.some((p) => file.importPaths.has(p))) return false;
  if (gate.fileText && !gate.fileText.every((re) => textMatches(file, re))) return false;
  if (gate.packageImports || gate.packageMentions) {
    if (!opensPackagePart(gate, file) && !pkgFiles.some((f) => f !== file && opensPackagePart(gate, f))) return false;
  }
  return true;
}

/** A yes/no fact of a file snapshot, computed once per key (package-mates stay the same objects while unchanged). */
function once<K extends object>(memo: WeakMap<GateFile, Map<K, boolean>>, file: GateFile, key: K, compute: () => boolean): boolean {
  let byKey = memo.get(file);
  if (!byKey) memo.set(file, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = compute()));
  return value;
}

/** Several rules share a pattern, and a miss scans the whole text. */
const textMatch = new WeakMap<GateFile, Map<RegExp, boolean>>();

function textMatches(file: GateFile, re: RegExp): boolean {
  return once(textMatch, file, re, () => (file.textMatches ? file.textMatches(re) : re.test(file.text)));
}

const packagePart = new WeakMap<GateFile, Map<RuleGate, boolean>>();

function opensPackagePart(gate: RuleGate, file: GateFile): boolean {
  return once(packagePart, file, gate, () => (gate.packageImports ?? []).some((p) => file.importPaths.has(p)) || (gate.packageMentions ?? []).some((m) => (file.mentions ? file.mentions(m) : file.text.includes(m))));
}

/** A package can start an HTTP server only through one of these (servers.ts). */
export const SERVER_GATE: RuleGate = { nonTestFiles: true, packageImports: [HTTP_PATH, GIN_PATH, ...ECHO_PATHS] };

/** servers.ts SERVER_CALLS_QUERY's method names: a rule reporting at this file's starts needs one. */
export const SERVER_CALL_TEXT = /\.\s*(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS|Run|RunTLS|Start|StartTLS|StartAutoTLS|Shutdown)\b/;

/** Rules that report only at a server start written in the file itself. */
export const SERVER_START_GATE: RuleGate = { ...SERVER_GATE, fileText: [SERVER_CALL_TEXT] };

/**
 * A package has request handlers (handlers.ts) only with a handler parameter type from one of
 * these, a registration through them, or a `HandleFunc`/`HandlerFunc` call on any mux.
 */
export const HANDLER_GATE: RuleGate = {
  nonTestFiles: true,
  packageImports: [HTTP_PATH, GIN_PATH, ...ECHO_PATHS, ...FIBER_PATHS, FUNCTIONS_PATH, LAMBDA_PATH],
  packageMentions: ['HandleFunc', 'HandlerFunc'],
};

/** An incoming context needs a parameter typed with one of these (incoming-context.ts). */
export const INCOMING_CONTEXT_PATHS = [...CONTEXT_PATHS, HTTP_PATH, GIN_PATH, ...ECHO_PATHS];
/** Text an incoming context's parameter type cannot be written without. */
export const MAY_HAVE_INCOMING_CONTEXT = /Context|Request/;

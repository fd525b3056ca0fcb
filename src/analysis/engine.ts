// Runs the rules over one file and turns their reports into rated findings:
// severities from settings, //nolint suppressions, nothing inside syntax errors.
import { compareStrings } from './compare';
import { withAlignedComments } from './align-comments';
import { gateOpen, type GateFile } from './gate';
import type { GoFile } from './go-file';
import type { DeclarationCache } from './incremental';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import { compileQuery, type Node, type Query, type QueryCapture, type QueryMatch } from './parser';
import type { GoRule, ReportInput, Rule, TextFile, TextRule } from './rule';
import { RULES } from './rules';
import type { Finding, Range, RatedFinding, SeveritySetting } from './types';
import { nolintLines, isSuppressed } from './nolint';
import { matchesInFile } from './quiet-declarations';

export interface EngineOptions {
  /** goForCloud.rules.<id> settings; a missing id means the rule's default. */
  severities?: Record<string, SeveritySetting | undefined>;
  /** Run only these rule ids (CLI --rule). */
  only?: readonly string[];
  /** Called once per rule and process when a rule throws; the other rules still report. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  now?: Date;
  /** goForCloud.supportedGoReleases override for unsupported-go-toolchain. */
  supportedGoReleases?: readonly string[];
  /** The user's `go version`, when a trusted caller knows it (refreshes the release table). */
  localGoVersion?: string;
  /** An open document's cache: rules marked `local` re-analyse only changed declarations. */
  declarationCache?: DeclarationCache;
  /** Rules that can leave their fixes to be built on demand do so (`Finding.fixesLater`). */
  deferFixes?: boolean;
}

const reportedErrors = new Set<string>();

function enabledRules<K extends Rule['kind']>(kind: K, opts: EngineOptions): Extract<Rule, { kind: K }>[] {
  return RULES.filter(
    (r): r is Extract<Rule, { kind: K }> =>
      r.kind === kind && (!opts.only || opts.only.includes(r.id)) && severityOf(r, opts) !== 'off',
  );
}

/** False when no enabled Go rule can report in this file: it need not even be parsed. */
export function anyGoRuleMayReport(file: GateFile, pkgFiles: readonly GateFile[], opts: EngineOptions): boolean {
  return enabledRules('go', opts).some((r) => gateOpen(r.gate, file, pkgFiles));
}

export function severityOf(rule: Rule, opts: EngineOptions): SeveritySetting {
  return opts.severities?.[rule.id] ?? rule.defaultSeverity;
}

function isNode(at: Node | Range): at is Node {
  return typeof (at as Node).startPosition === 'object';
}

function ruleFailed(rule: Rule, error: unknown, opts: EngineOptions): void {
  if (reportedErrors.has(rule.id)) return;
  reportedErrors.add(rule.id);
  opts.onRuleError?.(rule, error);
}

export function analyzeGoFile(file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined, opts: EngineOptions = {}): RatedFinding[] {
  const errors = syntaxErrorRanges(file);
  const suppressed = nolintLines(file);
  const out: RatedFinding[] = [];
  let local: ReturnType<DeclarationCache['prepare']> | undefined;
  const rules = enabledRules('go', opts).filter((rule) => gateOpen(rule.gate, file, pkg.gateFiles));
  // Rules share query passes: local rules one over the declarations being re-analysed (with a
  // declaration cache), the others one over the file.
  const cached = (rule: GoRule) => !!opts.declarationCache && !!rule.local;
  const localPass = combinedPass(file, rules.filter(cached), false);
  const filePass = combinedPass(file, rules.filter((r) => !cached(r)), !!opts.declarationCache);
  for (const rule of rules) {
    let findings: Finding[];
    try {
      if (cached(rule)) {
        local ??= opts.declarationCache!.prepare(file, pkg, module);
        findings = opts.declarationCache!.run(rule.id, file, local.context, (within) => runGoRule(rule, file, pkg, module, localPass, opts, within), !rule.fixesReadOtherDeclarations);
      } else findings = runGoRule(rule, file, pkg, module, filePass, opts);
    } catch (error) {
      ruleFailed(rule, error, opts);
      continue;
    }
    const severity = severityOf(rule, opts) as RatedFinding['severity'];
    for (const f of findings) {
      if (errors.some((e) => contains(e, f.range))) continue;
      if (isSuppressed(suppressed, f.range.start.line, rule.id)) continue;
      out.push({ ...f, severity });
    }
  }
  return sortFindings(out);
}

/** Matches of one rule's query, over the file or only inside the given declarations. */
type Pass = (rule: GoRule, within?: Node[]) => QueryMatch[];

/**
 * The queries of several rules as one query: one walk of the tree (or of a few declarations)
 * instead of one per rule; the walk, not the matching, is what costs. Matches go back to their
 * rules by pattern index. Each region is walked once per run, whichever rule asks first. With
 * `skipQuiet` (open documents) the file is walked declaration by declaration, skipping those
 * whose text is known to hold no match (no pattern spans two top-level declarations).
 */
function combinedPass(file: GoFile, rules: GoRule[], skipQuiet: boolean): Pass {
  const withQuery = rules.filter((r) => r.query);
  let combined: ReturnType<typeof combine> | undefined;
  const byRegion = new Map<string, Map<GoRule, QueryMatch[]>>();
  const walk = (key: string, matchesOf: (c: ReturnType<typeof combine>) => QueryMatch[]): Map<GoRule, QueryMatch[]> => {
    let found = byRegion.get(key);
    if (found) return found;
    combined ??= combine(withQuery);
    found = new Map(withQuery.map((r) => [r, []]));
    for (const m of matchesOf(combined)) {
      for (const [owner, own] of combined.split(m)) found.get(owner)!.push(own);
    }
    byRegion.set(key, found);
    return found;
  };
  const wholeFile = (c: ReturnType<typeof combine>): QueryMatch[] => (skipQuiet ? matchesInFile(file, c.source) : file.roots.flatMap((root) => c.query.matches(root)));
  return (rule, within) => {
    if (!rule.query) return [];
    // A few declarations: their own subtrees. Else the file's pass, filtered.
    if (within && within.length <= ONE_PASS_ABOVE) return walk(within.map((n) => n.startIndex).join(','), (c) => within.flatMap((n) => c.query.matches(n))).get(rule)!;
    const all = walk('file', wholeFile).get(rule)!;
    return within ? all.filter((m) => m.captures.length > 0 && isWithin(m.captures[0].node, within)) : all;
  };
}

/**
 * The rules' queries as one (each distinct query once: several rules share one), and a map from
 * its matches to their rules and own pattern index.
 */
function combine(rules: GoRule[]): { query: Query; source: string; split: (m: QueryMatch) => [GoRule, QueryMatch][] } {
  // Each distinct source is a segment of the combined source: a pattern belongs to the rules
  // whose segment holds its start (so the rules' own queries need not be compiled too).
  const sources = [...new Set(rules.map((r) => r.query!))];
  const segmentEnds: number[] = [];
  let source = '';
  for (const q of sources) {
    source += `${q}\n`;
    segmentEnds.push(source.length);
  }
  const query = compileQuery(source);
  const owners: GoRule[][] = [];
  const segmentOf: number[] = [];
  const firstPattern: number[] = [];
  for (let i = 0; i < query.patternCount(); i++) {
    const segment = segmentEnds.findIndex((end) => query.startIndexForPattern(i) < end);
    segmentOf.push(segment);
    owners.push(rules.filter((r) => r.query === sources[segment]));
    firstPattern.push(segmentOf.indexOf(segment));
  }
  return {
    query,
    source,
    split: (m) => {
      const own = { ...m, patternIndex: m.patternIndex - firstPattern[m.patternIndex] };
      return owners[m.patternIndex].map((r) => [r, own]);
    },
  };
}

/** Captures of matches in document order, as Query.captures gives them. */
function capturesOf(matches: QueryMatch[]): QueryCapture[] {
  const out = matches.flatMap((m) => m.captures);
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** Past this many declarations to re-analyse, one query over the file is cheaper than one per declaration. */
const ONE_PASS_ABOVE = 8;

/** True when a node lies inside one of the (ordered, disjoint) top-level nodes. */
function isWithin(node: Node, tops: Node[]): boolean {
  const at = node.startIndex;
  let lo = 0;
  let hi = tops.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid].endIndex <= at) lo = mid + 1;
    else if (tops[mid].startIndex > at) hi = mid - 1;
    else return true;
  }
  return false;
}

/** One rule's raw findings; `within` restricts its query to these declarations. Throws what the rule throws. */
function runGoRule(rule: GoRule, file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined, pass: Pass, opts: EngineOptions, within?: Node[]): Finding[] {
  const findings: Finding[] = [];
  let matched: QueryMatch[] | undefined;
  let captured: QueryCapture[] | undefined;
  const matches = (): QueryMatch[] => (matched ??= pass(rule, within));
  rule.check({
    file,
    pkg,
    module,
    matches,
    captures: (): QueryCapture[] => (captured ??= capturesOf(matches())),
    deferFixes: !!opts.deferFixes,
    report: (input: ReportInput) => {
      const finding: Finding = {
        rule: rule.id,
        range: isNode(input.at) ? file.rangeOf(input.at) : input.at,
        message: input.message,
        fixes: (input.fixes ?? []).map((fix) => withAlignedComments(file, fix)),
      };
      if (input.fixesLater && opts.deferFixes) finding.fixesLater = true;
      findings.push(finding);
    },
  });
  return findings;
}

export function analyzeTextFile(file: TextFile, module: ModuleInfo | undefined, opts: EngineOptions = {}): RatedFinding[] {
  const suppressed = textNolintLines(file.text);
  const out: RatedFinding[] = [];
  for (const rule of enabledRules('text', opts)) {
    if (!(rule as TextRule).fileKinds.includes(file.kind)) continue;
    const findings: Finding[] = [];
    try {
      (rule as TextRule).check({
        file,
        module,
        now: opts.now ?? new Date(),
        supportedGoReleases: opts.supportedGoReleases,
        localGoVersion: opts.localGoVersion,
        report: (input) => findings.push({ rule: rule.id, range: input.at, message: input.message, fixes: input.fixes ?? [] }),
      });
    } catch (error) {
      ruleFailed(rule, error, opts);
      continue;
    }
    const severity = severityOf(rule, opts) as RatedFinding['severity'];
    for (const f of findings) if (!isSuppressed(suppressed, f.range.start.line, rule.id)) out.push({ ...f, severity });
  }
  return sortFindings(out);
}

/** `# nolint:<id>` (Dockerfile, YAML, go.mod `//`) comments in non-Go files. */
function textNolintLines(text: string): Map<number, Set<string> | 'all'> {
  const map = new Map<number, Set<string> | 'all'>();
  text.split('\n').forEach((line, i) => {
    const m = /(?:#|\/\/)\s*nolint(?::([\w,-]+))?/.exec(line);
    if (m) map.set(i, m[1] ? new Set(m[1].split(',')) : 'all');
  });
  return map;
}

/** ERROR nodes, found by descending only into subtrees that contain one (a keystroke's cost). */
function syntaxErrorRanges(file: GoFile): Range[] {
  const out: Range[] = [];
  const visit = (node: Node) => {
    if (node.type === 'ERROR') {
      out.push(file.rangeOf(node));
      return;
    }
    for (const child of node.children) if (child?.hasError) visit(child);
  };
  for (const top of file.entriesWithErrors) visit(top.node);
  return out;
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function sortFindings(findings: RatedFinding[]): RatedFinding[] {
  return findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      compareStrings(a.rule, b.rule),
  );
}

// Runs the rules over one file and turns their reports into rated findings:
// severities from settings, //nolint suppressions, nothing inside syntax errors.
import { gateOpen, type GateFile } from './gate';
import type { GoFile } from './go-file';
import { declarationsAndContext, type DeclarationCache } from './incremental';
import type { ModuleInfo } from './module';
import type { GoPackage } from './package';
import { compileQuery, type Node, type QueryCapture, type QueryMatch } from './parser';
import type { GoRule, ReportInput, Rule, TextFile, TextRule } from './rule';
import { RULES } from './rules';
import type { Finding, Range, RatedFinding, SeveritySetting } from './types';
import { nolintLines, isSuppressed } from './nolint';

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
  let local: ReturnType<typeof declarationsAndContext> | undefined;
  const rules = enabledRules('go', opts).filter((rule) => gateOpen(rule.gate, file, pkg.gateFiles));
  // With a declaration cache, local rules mostly query single declarations: the shared pass
  // over the file then serves the other rules only (a keystroke pays for their walk alone).
  const wholeFile = lazyWholeFileMatches(file, opts.declarationCache ? rules.filter((r) => !r.local) : rules);
  for (const rule of rules) {
    let findings: Finding[];
    try {
      const cache = rule.local ? opts.declarationCache : undefined;
      if (cache) {
        local ??= declarationsAndContext(file, pkg, module);
        findings = cache.run(rule.id, local.declarations, local.context, (within) => runGoRule(rule, file, pkg, module, wholeFile, within), !rule.fixesReadOtherDeclarations);
      } else findings = runGoRule(rule, file, pkg, module, wholeFile);
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

/**
 * The queries of every rule that runs on a file, as one query: one pass over the tree instead
 * of one per rule (the walk, not the matching, is what costs). Matches go back to their rule
 * by pattern index.
 */
function lazyWholeFileMatches(file: GoFile, rules: GoRule[]): () => Map<GoRule, QueryMatch[]> {
  let result: Map<GoRule, QueryMatch[]> | undefined;
  return () => {
    if (result) return result;
    result = new Map();
    const withQuery = rules.filter((r) => r.query);
    // Each rule's source is a segment of the combined source: a pattern belongs to the rule
    // whose segment holds its start (so the rules' own queries need not be compiled too).
    const segmentEnds: number[] = [];
    let source = '';
    for (const r of withQuery) {
      source += `${r.query}\n`;
      segmentEnds.push(source.length);
    }
    const combined = compileQuery(source);
    const owners: GoRule[] = [];
    for (let i = 0; i < combined.patternCount(); i++) {
      const at = combined.startIndexForPattern(i);
      owners.push(withQuery[segmentEnds.findIndex((end) => at < end)]);
    }
    for (const r of withQuery) result.set(r, []);
    const firstPattern = new Map<GoRule, number>();
    owners.forEach((r, i) => firstPattern.has(r) || firstPattern.set(r, i));
    for (const m of combined.matches(file.root)) {
      const owner = owners[m.patternIndex];
      result.get(owner)!.push({ ...m, patternIndex: m.patternIndex - firstPattern.get(owner)! });
    }
    return result;
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
function runGoRule(rule: GoRule, file: GoFile, pkg: GoPackage, module: ModuleInfo | undefined, wholeFile: () => Map<GoRule, QueryMatch[]>, within?: Node[]): Finding[] {
  const findings: Finding[] = [];
  const query = () => compileQuery(rule.query!);
  // A few declarations: their own subtrees. Else the file's shared pass, filtered.
  const fewDeclarations = !!within && within.length <= ONE_PASS_ABOVE;
  let matched: QueryMatch[] | undefined;
  let captured: QueryCapture[] | undefined;
  const matches = (): QueryMatch[] => {
    if (!rule.query) return [];
    if (matched) return matched;
    if (fewDeclarations) return (matched = within!.flatMap((n) => query().matches(n)));
    const all = wholeFile().get(rule) ?? query().matches(file.root);
    return (matched = within ? all.filter((m) => m.captures.length > 0 && isWithin(m.captures[0].node, within)) : all);
  };
  rule.check({
    file,
    pkg,
    module,
    matches,
    captures: (): QueryCapture[] => {
      if (!rule.query) return [];
      captured ??= fewDeclarations ? within!.flatMap((n) => query().captures(n)) : capturesOf(matches());
      return captured;
    },
    report: (input: ReportInput) => {
      findings.push({
        rule: rule.id,
        range: isNode(input.at) ? file.rangeOf(input.at) : input.at,
        message: input.message,
        fixes: input.fixes ?? [],
      });
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
  if (file.root.hasError) for (const top of file.topLevel) if (top.node.hasError) visit(top.node);
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
      a.rule.localeCompare(b.rule),
  );
}

// Findings of one open document, and their shape on the wire: source go-for-cloud, code = rule
// id, and the fixes with the document version in `data`, so code actions need no state.
import * as path from 'node:path';
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Analyzer } from '../analysis/analyzer';
import { analyzeTextFile, type EngineOptions } from '../analysis/engine';
import { parseGoMod } from '../analysis/module';
import type { Fix, RatedFinding, Severity } from '../analysis/types';
import type { OpenDocument } from './documents';
import type { Settings } from './settings';

export const SOURCE = 'go-for-cloud';

export interface DiagnosticData {
  /** The document version the fixes were computed for. */
  version: number;
  fixes: Fix[];
  /** The fixes were left to be built when code actions ask (`Finding.fixesLater`). */
  fixesLater?: boolean;
}

// LSP's DiagnosticSeverity values, written out: a value import of vscode-languageserver costs
// every start a copy of its ~300 exports (esbuild's CommonJS interop), ~0.7 ms.
const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

/**
 * Analyses the document's current text; callers check `enable` and size first. The keystroke
 * path (the default) reuses the declaration cache and may leave fixes for later; `withFixes`
 * analyses afresh and builds every fix (of the `only` rules, when given). A fix can depend on
 * the rule's other findings in the file (one import removal for all), so the whole file is
 * analysed, not the finding's declaration alone.
 */
export function analyzeDocument(
  analyzer: Analyzer,
  doc: OpenDocument,
  settings: Settings,
  onRuleError: EngineOptions['onRuleError'],
  how: { withFixes?: boolean; only?: string[] } = {},
): RatedFinding[] {
  const opts: EngineOptions = {
    severities: settings.severities,
    supportedGoReleases: settings.supportedGoReleases,
    localGoVersion: settings.localGoVersion,
    onRuleError,
    ...(how.withFixes ? { only: how.only } : { declarationCache: doc.declarations, deferFixes: true }),
  };
  if (!doc.kind) return [];
  if (doc.kind === 'go') {
    const file = doc.go();
    return file ? analyzer.analyzeGo(file, opts) : [];
  }
  // go.mod's own rules see its live text; other files see the go.mod on disk.
  const module = doc.kind === 'go.mod' ? parseGoMod(doc.path, doc.text) : analyzer.modules.find(path.dirname(doc.path));
  return analyzeTextFile({ path: doc.path, text: doc.text, kind: doc.kind }, module, opts);
}

export function toDiagnostic(finding: RatedFinding, version: number): Diagnostic {
  const data: DiagnosticData = { version, fixes: finding.fixes };
  if (finding.fixesLater) data.fixesLater = true;
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.rule,
    message: finding.message,
    data,
  };
}

export function isDiagnosticData(data: unknown): data is DiagnosticData {
  const d = data as DiagnosticData | undefined;
  return !!d && typeof d.version === 'number' && Array.isArray(d.fixes);
}

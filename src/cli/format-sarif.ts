// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps): one run, the rules that ran as
// driver metadata, each finding a result with a 1-based region in UTF-16 columns.
import type { Rule } from '../analysis/rule';
import type { Range, Severity, TextEdit } from '../analysis/types';
import type { CliFinding, CliNotice } from './report';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/go-for-cloud/go-for-cloud';

export interface SarifInput {
  version: string;
  /** The rules that ran, in the order they are listed (ruleIndex refers to it). */
  rules: readonly Rule[];
  findings: readonly CliFinding[];
  notices: readonly CliNotice[];
  /** Absolute working directory: relative file paths resolve against it (%SRCROOT%). */
  cwd: string;
}

type Level = 'error' | 'warning' | 'note';

function levelOf(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Relative paths against %SRCROOT%, absolute ones (outside the working directory) as file URIs. */
function artifactLocation(file: string) {
  if (file.startsWith('/') || /^[A-Za-z]:\//.test(file)) {
    return { uri: encodeURI(`file://${file.startsWith('/') ? '' : '/'}${file}`) };
  }
  return { uri: encodeURI(file), uriBaseId: '%SRCROOT%' };
}

function fileUri(dir: string): string {
  const slashed = dir.split('\\').join('/');
  return encodeURI(`file://${slashed.startsWith('/') ? '' : '/'}${slashed}${slashed.endsWith('/') ? '' : '/'}`);
}

function fixOf(file: string, title: string, edits: readonly TextEdit[]) {
  return {
    description: { text: title },
    artifactChanges: [
      {
        artifactLocation: artifactLocation(file),
        replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
      },
    ],
  };
}

export function formatSarif(input: SarifInput): string {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'go-for-cloud',
            version: input.version,
            semanticVersion: input.version,
            informationUri: INFORMATION_URI,
            rules: input.rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.docs, markdown: r.docs },
              help: { text: r.docs, markdown: r.docs },
              defaultConfiguration: { level: levelOf(r.defaultSeverity) },
              properties: { family: r.family },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: !input.notices.some((n) => n.level === 'error'),
            toolExecutionNotifications: input.notices.map((n) => ({
              level: n.level,
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file) } }],
            })),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(input.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: input.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? -1,
          level: levelOf(f.severity),
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(f.range) } }],
          ...(f.fixes.length ? { fixes: f.fixes.map((x) => fixOf(f.file, x.title, x.edits)) } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

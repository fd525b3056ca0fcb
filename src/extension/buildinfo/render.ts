// The text of a `go-buildinfo:` document — a header of findings, then exactly what
// `go version -m` prints — and where each finding's diagnostic goes. No vscode imports.
import { formatModuleLines, type BuildInfo } from '../../buildinfo';
import { formatDiff, diffBuildInfo } from '../../buildinfo/diff';
import { buildInfoFindings, targetLine, type BuildInfoFinding } from '../../buildinfo/findings';

export interface RenderedFinding {
  finding: BuildInfoFinding;
  /** 0-based line of the document the finding is about. */
  line: number;
}

export interface Rendered {
  text: string;
  findings: RenderedFinding[];
}

export function renderBuildInfo(file: string, info: BuildInfo, now = new Date()): Rendered {
  const findings = buildInfoFindings(info, now);
  const header = [`# Go build info of ${file}`];
  if (!findings.length) header.push('# No findings.');
  else {
    header.push(`# Findings (${findings.length}):`);
    const width = Math.max(...findings.map((f) => f.id.length));
    for (const f of findings) header.push(`#   ${f.severity.padEnd(7)}  ${f.id.padEnd(width)}  ${f.message}`);
  }
  header.push('');
  const body = `${file}: ${info.goVersion}\n${formatModuleLines(info)}`;
  return {
    text: `${header.join('\n')}\n${body}`,
    findings: findings.map((finding) => ({ finding, line: header.length + targetLine(info, finding.target) })),
  };
}

export function renderError(file: string, message: string): Rendered {
  return { text: `# Go build info of ${file}\n# ${message}\n`, findings: [] };
}

export function renderDiff(a: string, infoA: BuildInfo, b: string, infoB: BuildInfo): Rendered {
  return { text: `# Go build info compared\n${formatDiff(diffBuildInfo(infoA, infoB), a, b)}`, findings: [] };
}

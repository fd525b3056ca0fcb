// `go-for-cloud check [--format text|json|sarif] [--fix] [--rule ID]… PATH…`
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchOptions, FileOutcome } from '../analysis/pool/batch';
import { createRunner, type BatchRunner } from '../analysis/pool/runner';
import { RULES } from '../analysis/rules';
import { fileKindOf } from '../analysis/file-kind';
import { reasonOf, walkDirs } from '../analysis/walk';
import { parseCheckArgs, type CheckArgs } from './check-args';
import { applyPreferredFixes, writeAtomically } from './fix';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import type { CliIO, Verb } from './io';
import { displayPath, sortCliFindings, type CliFinding, type CliNotice } from './report';
import { toolVersion } from './version';
import { detectLocalGoVersion } from '../toolchain/dockerfile-facts';

const USAGE = 'go-for-cloud check [--format text|json|sarif] [--fix] [--rule ID]... PATH...';

const HELP = `usage: ${USAGE}

Checks Go sources, go.mod files, Dockerfiles and GitHub Actions workflows for what breaks
Go services in production. A PATH is a file or a directory; directories are walked
recursively, skipping testdata, vendor, node_modules and directories whose name starts
with "." or "_" (as the go command does), but including .github/workflows.

Flags:
  --format text|json|sarif  output format (default text):
                            text   path:line:col: message (rule-id), 1-based, byte columns
                            json   [{file, range, rule, severity, message, fixes}] with
                                   LSP-style 0-based ranges (UTF-16 characters)
                            sarif  SARIF 2.1.0 for code scanning
  --fix                     apply each finding's preferred fix (never two overlapping edits)
                            and write the files in place; the output and the exit status
                            describe what remains afterwards
  --rule ID                 run only this rule (repeatable, or comma-separated)

Files larger than 5 MB are skipped with a note on stderr. Unreadable paths and files that
are not valid UTF-8 get one line on stderr and the run goes on.

Exit status:
  0  no finding at warning or error severity
  1  findings at warning or error severity
  2  a usage error, or any path or file that could not be read or written
     (takes precedence over 1)
`;

/** Rounds of analyse-and-fix: a fix can enable another (an import added, a name freed). */
const MAX_FIX_ROUNDS = 4;

interface Collected {
  /** Absolute paths grouped by directory, in walk order. */
  batches: string[][];
  errors: number;
}

function collect(args: CheckArgs, io: CliIO, report: (file: string, message: string, level: CliNotice['level']) => void): Collected {
  const batches: string[][] = [];
  const seen = new Set<string>();
  const explicit = new Map<string, string[]>();
  let errors = 0;
  const error = (file: string, reason: string) => {
    errors++;
    report(file, reason, 'error');
  };
  for (const arg of args.paths) {
    const abs = path.resolve(io.cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      error(abs, reasonOf(e));
      continue;
    }
    if (stat.isDirectory()) {
      for (const batch of walkDirs(abs, error)) {
        const fresh = batch.files.filter((f) => !seen.has(f));
        fresh.forEach((f) => seen.add(f));
        if (fresh.length) batches.push(fresh);
      }
    } else if (!fileKindOf(abs)) {
      error(abs, 'not a Go file, go.mod, Dockerfile or GitHub Actions workflow');
    } else if (!seen.has(abs)) {
      seen.add(abs);
      // Files named one by one are batched per directory, so their package-mates are shared.
      const dir = path.dirname(abs);
      if (!explicit.has(dir)) {
        explicit.set(dir, []);
        batches.push(explicit.get(dir)!);
      }
      explicit.get(dir)!.push(abs);
    }
  }
  return { batches, errors };
}

async function analyzeAll(runner: BatchRunner, batches: string[][], opts: BatchOptions, io: CliIO, outcomes: Map<string, FileOutcome>): Promise<void> {
  // Largest batches first, so a pool of workers finishes together.
  const sized = batches.map((files) => ({ files, bytes: files.reduce((n, f) => n + sizeOf(f), 0) }));
  sized.sort((a, b) => b.bytes - a.bytes);
  await Promise.all(
    sized.map(async ({ files }) => {
      const result = await runner.run(files, opts);
      for (const o of result.outcomes) outcomes.set(o.file, o);
      for (const f of result.ruleFailures) {
        io.stderr(`go-for-cloud: rule ${f.rule} failed on ${displayPath(io.cwd, f.file)}: ${f.message}\n`);
      }
    }),
  );
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Applies fixes, re-analysing the directories of changed files, until nothing changes. */
async function fixAll(runner: BatchRunner, batches: string[][], opts: BatchOptions, io: CliIO, outcomes: Map<string, FileOutcome>): Promise<number> {
  const applied = new Map<string, number>();
  let errors = 0;
  const failed = new Set<string>();
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const changed = new Set<string>();
    for (const o of outcomes.values()) {
      if (o.text === undefined || failed.has(o.file) || !o.findings.some((f) => f.fixes.length)) continue;
      const { text, applied: n } = applyPreferredFixes(o.text, o.findings);
      if (n === 0) continue;
      try {
        writeAtomically(o.file, o.text, text);
      } catch (e) {
        errors++;
        failed.add(o.file);
        io.stderr(`go-for-cloud: ${displayPath(io.cwd, o.file)}: ${reasonOf(e)}\n`);
        continue;
      }
      applied.set(o.file, (applied.get(o.file) ?? 0) + n);
      changed.add(o.file);
    }
    if (changed.size === 0) break;
    // Package-mates see each other: re-analyse each whole batch that holds a changed file.
    const again = batches.filter((b) => b.some((f) => changed.has(f)));
    await analyzeAll(runner, again, opts, io, outcomes);
  }
  for (const [file, n] of [...applied].sort(([a], [b]) => (a < b ? -1 : 1))) {
    io.stderr(`go-for-cloud: ${displayPath(io.cwd, file)}: applied ${n} fix${n === 1 ? '' : 'es'}\n`);
  }
  return errors;
}

/** True when a go.mod, Dockerfile or workflow is checked by the rule that reads toolchain versions. */
function needsLocalGo(batches: string[][], opts: BatchOptions): boolean {
  if (opts.only && !opts.only.includes('unsupported-go-toolchain')) return false;
  return batches.some((b) => b.some((f) => (fileKindOf(f) ?? 'go') !== 'go'));
}

async function check(args: CheckArgs, io: CliIO): Promise<number> {
  const notices: CliNotice[] = [];
  const report = (file: string, message: string, level: CliNotice['level']) => {
    const shown = displayPath(io.cwd, file);
    notices.push({ file: shown, message, level });
    io.stderr(`go-for-cloud: ${shown}: ${message}\n`);
  };
  const { batches, errors: walkErrors } = collect(args, io, report);
  let errors = walkErrors;
  const opts: BatchOptions = { only: args.rules.length ? args.rules : undefined };
  // The user's own `go` extends the release table (a toolchain newer than it is not "unknown").
  // The CLI runs in the user's shell, so running go is theirs to allow; only when a file needs it.
  if (needsLocalGo(batches, opts)) opts.localGoVersion = await detectLocalGoVersion(io.cwd);
  const outcomes = new Map<string, FileOutcome>();
  const total = batches.reduce((n, b) => n + b.length, 0);
  const runner = await createRunner(total);
  try {
    await analyzeAll(runner, batches, opts, io, outcomes);
    if (args.fix) errors += await fixAll(runner, batches, opts, io, outcomes);
  } finally {
    await runner.close();
  }

  const findings: CliFinding[] = [];
  for (const o of [...outcomes.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if (o.error) {
      errors++;
      report(o.file, o.error, 'error');
    } else if (o.skipped) {
      report(o.file, o.skipped, 'warning');
    }
    for (const f of o.findings) findings.push({ ...f, file: displayPath(io.cwd, o.file), text: o.text ?? '' });
  }
  sortCliFindings(findings);

  if (args.format === 'json') io.stdout(formatJson(findings));
  else if (args.format === 'sarif') {
    const rules = RULES.filter((r) => !opts.only || opts.only.includes(r.id));
    io.stdout(formatSarif({ version: toolVersion(), rules, findings, notices, cwd: io.cwd }));
  } else io.stdout(formatText(findings));

  if (process.env.GO_FOR_CLOUD_REPORT_RSS) io.stderr(`go-for-cloud: maxRSS ${process.resourceUsage().maxRSS} KB\n`);
  if (errors > 0) return 2;
  return findings.some((f) => f.severity === 'warning' || f.severity === 'error') ? 1 : 0;
}

export const checkVerb: Verb = {
  summary: 'check Go sources, go.mod, Dockerfiles and workflows for cloud-readiness problems',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCheckArgs(args);
    if (parsed.help) {
      io.stdout(HELP);
      return 0;
    }
    return check(parsed, io);
  },
};

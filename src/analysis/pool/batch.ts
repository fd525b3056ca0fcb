// Analyses a batch of files (normally one directory's) the fast way: every Go file of the
// directory is parsed once and the trees are shared as package-mates, instead of each
// analysed file re-reading its siblings. Plain data in and out, so a worker thread can run it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeGoFile, analyzeTextFile, anyGoRuleMayReport } from '../engine';
import type { GateFile } from '../gate';
import { headerOf } from '../header';
import { fileKindOf } from '../file-kind';
import { GoFile } from '../go-file';
import { ModuleFinder } from '../module';
import { goFilesIn, GoPackage, MAX_SIBLING_BYTES } from '../package';
import { parseGo } from '../parser';
import type { RatedFinding, SeveritySetting } from '../types';
import { reasonOf } from '../walk';

/** Files larger than this are skipped (generated tables, bindata), with a note. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface BatchOptions {
  /** Run only these rule ids. */
  only?: string[];
  severities?: Record<string, SeveritySetting | undefined>;
  /** Passed through to the engine (see EngineOptions). */
  supportedGoReleases?: string[];
  localGoVersion?: string;
  /** Return every file's text; by default only files with findings come with their text. */
  keepText?: boolean;
}

export interface FileOutcome {
  file: string;
  findings: RatedFinding[];
  /** The text the findings refer to (present when there are findings, or keepText). */
  text?: string;
  /** Why the file could not be analysed (an I/O or encoding error). */
  error?: string;
  /** Why the file was deliberately not analysed (too large). */
  skipped?: string;
}

export interface RuleFailure {
  rule: string;
  file: string;
  message: string;
}

export interface BatchResult {
  outcomes: FileOutcome[];
  ruleFailures: RuleFailure[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Source = { text: string; size: number } | { error: string } | { skipped: string };

/** Reads a file as strict UTF-8; never throws. */
export function readSource(file: string, maxBytes = MAX_FILE_BYTES): Source {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return { error: reasonOf(error) };
  }
  if (stat.isDirectory()) return { error: 'is a directory' };
  // A FIFO or device would block the read forever.
  if (!stat.isFile()) return { error: 'not a regular file' };
  if (stat.size > maxBytes) return { skipped: `skipped: larger than ${Math.round(maxBytes / (1024 * 1024))} MB` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { error: reasonOf(error) };
  }
  try {
    return { text: utf8.decode(bytes), size: bytes.length };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
}

/** A Go file read for a batch: parsed only when some rule may report in its package. */
interface GoSource extends GateFile {
  readonly size: number;
  readonly packageName: string;
  /** Set when the header could not be read cheaply and the file was parsed whole. */
  parsed?: GoFile;
}

export class BatchAnalyzer {
  readonly modules = new ModuleFinder();

  analyze(files: readonly string[], opts: BatchOptions = {}): BatchResult {
    const ruleFailures: RuleFailure[] = [];
    let current = '';
    const engineOpts = {
      only: opts.only,
      severities: opts.severities,
      supportedGoReleases: opts.supportedGoReleases,
      localGoVersion: opts.localGoVersion,
      onRuleError: (rule: { id: string }, error: unknown) =>
        ruleFailures.push({ rule: rule.id, file: current, message: error instanceof Error ? error.message : String(error) }),
    };
    const outcomes = new Map<string, FileOutcome>();
    const goByDir = new Map<string, Map<string, GoSource>>();
    const trees: GoFile[] = [];
    try {
      for (const file of files) {
        const src = readSource(file);
        if (!('text' in src)) {
          outcomes.set(file, { file, findings: [], ...src });
          continue;
        }
        const kind = fileKindOf(file);
        if (kind === 'go') {
          const goSource = guard(() => toGoSource(file, src.text, src.size, trees));
          if (typeof goSource === 'string') {
            outcomes.set(file, { file, findings: [], error: goSource });
            continue;
          }
          const dir = path.dirname(file);
          if (!goByDir.has(dir)) goByDir.set(dir, new Map());
          goByDir.get(dir)!.set(file, goSource);
          outcomes.set(file, { file, findings: [], text: src.text });
        } else if (kind) {
          current = file;
          const findings = guard(() => analyzeTextFile({ path: file, text: src.text, kind }, this.modules.find(path.dirname(file)), engineOpts));
          outcomes.set(file, typeof findings === 'string' ? { file, findings: [], error: findings } : { file, findings, text: src.text });
        } else {
          outcomes.set(file, { file, findings: [] });
        }
      }
      for (const [dir, analysed] of goByDir) {
        const mates = packageMates(dir, analysed, trees);
        const module = this.modules.find(dir);
        for (const [name, pkgSources] of groupByPackage(mates)) {
          const mateSources = pkgSources.filter((p) => p.size <= MAX_SIBLING_BYTES);
          // Most packages import nothing any rule looks at: no parse, no findings.
          const wanted = pkgSources.filter((p) => analysed.has(p.path) && anyGoRuleMayReport(p, mateSources, engineOpts));
          if (wanted.length === 0) continue;
          const parsed = new Map<GoSource, GoFile | string>();
          const fileOf = (p: GoSource) => {
            if (!parsed.has(p)) parsed.set(p, p.parsed ?? guard(() => parseSource(p, trees)));
            return parsed.get(p)!;
          };
          const parsedMates = () => mateSources.map(fileOf).filter((f): f is GoFile => typeof f !== 'string');
          // One package object per package, so package-wide facts are computed once; mates are
          // parsed only when a rule asks for package facts.
          const shared = new GoPackage(dir, name, parsedMates, mateSources);
          for (const p of wanted) {
            const file = fileOf(p);
            const outcome = outcomes.get(p.path)!;
            if (typeof file === 'string') {
              outcome.error = file;
              continue;
            }
            // A file too large to be anybody's package-mate still sees its mates.
            const pkg = p.size <= MAX_SIBLING_BYTES ? shared : new GoPackage(dir, name, () => [file, ...shared.files], [p, ...mateSources]);
            current = p.path;
            const findings = guard(() => analyzeGoFile(file, pkg, module, engineOpts));
            if (typeof findings === 'string') outcome.error = findings;
            else outcome.findings = findings;
          }
        }
      }
    } finally {
      for (const f of trees) f.tree.delete();
    }
    // Texts travel back (from a worker) only where findings need them: columns and fixes.
    const result = files.map((f) => outcomes.get(f)!);
    if (!opts.keepText) for (const o of result) if (o.findings.length === 0) delete o.text;
    return { outcomes: result, ruleFailures };
  }
}

/** Reads a Go file's header; a file whose header is not cheap to read is parsed whole. */
function toGoSource(file: string, text: string, size: number, trees: GoFile[]): GoSource {
  const header = headerOf(file, text);
  if (header.parsed) trees.push(header.parsed);
  return { path: file, text, size, ...header };
}

function parseSource(p: GoSource, trees: GoFile[]): GoFile {
  const file = new GoFile(p.path, p.text, parseGo(p.text));
  trees.push(file);
  return file;
}

/** The analysed files plus the directory's other Go files (read here, parsed only if needed). */
function packageMates(dir: string, analysed: Map<string, GoSource>, trees: GoFile[]): GoSource[] {
  const all: GoSource[] = [];
  for (const file of goFilesIn(dir).sort()) {
    const hit = analysed.get(file);
    if (hit) {
      all.push(hit);
      continue;
    }
    const src = readSource(file, MAX_SIBLING_BYTES);
    if (!('text' in src)) continue;
    const goSource = guard(() => toGoSource(file, src.text, src.size, trees));
    if (typeof goSource !== 'string') all.push(goSource);
  }
  // Analysed files the directory listing missed (a race with a delete) still count.
  for (const p of analysed.values()) if (!all.includes(p)) all.push(p);
  return all;
}

function groupByPackage(files: GoSource[]): Map<string, GoSource[]> {
  const groups = new Map<string, GoSource[]>();
  for (const p of files) {
    if (!groups.has(p.packageName)) groups.set(p.packageName, []);
    groups.get(p.packageName)!.push(p);
  }
  return groups;
}

/** One file's internal failure (a parser abort, an engine bug) must not end the whole run. */
function guard<T>(work: () => T): T | string {
  try {
    return work();
  } catch (error) {
    return `internal error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// Analyses a batch of files (normally one directory's) the fast way: every Go file of the
// directory is parsed once and the trees are shared as package-mates, instead of each
// analysed file re-reading its siblings. Plain data in and out, so a worker thread can run it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeGoFile, analyzeTextFile } from '../engine';
import { fileKindOf } from '../file-kind';
import { GoFile } from '../go-file';
import { ModuleFinder } from '../module';
import { GoPackage, MAX_SIBLING_BYTES } from '../package';
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

/** The .go files the package index counts in a directory (as PackageLoader does). */
function goFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.go') && !n.startsWith('.') && !n.startsWith('_'))
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

interface Parsed {
  file: GoFile;
  size: number;
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
    const goByDir = new Map<string, Map<string, Parsed>>();
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
          const goFile = guard(() => new GoFile(file, src.text, parseGo(src.text)));
          if (typeof goFile === 'string') {
            outcomes.set(file, { file, findings: [], error: goFile });
            continue;
          }
          trees.push(goFile);
          const dir = path.dirname(file);
          if (!goByDir.has(dir)) goByDir.set(dir, new Map());
          goByDir.get(dir)!.set(file, { file: goFile, size: src.size });
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
        const mates = this.packageMates(dir, analysed, trees);
        const module = this.modules.find(dir);
        for (const [name, pkgFiles] of groupByPackage(mates)) {
          // One package object per package, so package-wide facts are computed once.
          const shared = new GoPackage(dir, name, pkgFiles.filter((p) => p.size <= MAX_SIBLING_BYTES).map((p) => p.file));
          for (const p of pkgFiles) {
            if (!analysed.has(p.file.path)) continue;
            // A file too large to be anybody's package-mate still sees its mates.
            const pkg = p.size <= MAX_SIBLING_BYTES ? shared : new GoPackage(dir, name, [p.file, ...shared.files]);
            current = p.file.path;
            const findings = guard(() => analyzeGoFile(p.file, pkg, module, engineOpts));
            const outcome = outcomes.get(p.file.path)!;
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

  /** The analysed files plus the directory's other Go files (read and parsed here). */
  private packageMates(dir: string, analysed: Map<string, Parsed>, trees: GoFile[]): Parsed[] {
    const all: Parsed[] = [];
    for (const file of goFilesIn(dir).sort()) {
      const hit = analysed.get(file);
      if (hit) {
        all.push(hit);
        continue;
      }
      const src = readSource(file, MAX_SIBLING_BYTES);
      if (!('text' in src)) continue;
      const goFile = guard(() => new GoFile(file, src.text, parseGo(src.text)));
      if (typeof goFile === 'string') continue;
      trees.push(goFile);
      all.push({ file: goFile, size: src.size });
    }
    // Analysed files the directory listing missed (a race with a delete) still count.
    for (const p of analysed.values()) if (!all.includes(p)) all.push(p);
    return all;
  }
}

function groupByPackage(files: Parsed[]): Map<string, Parsed[]> {
  const groups = new Map<string, Parsed[]>();
  for (const p of files) {
    const name = p.file.packageName;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(p);
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

// `go-for-cloud buildinfo [-m] [-v] [--json] FILE|DIR…`: prints what `go version [-m] [-json]`
// prints (current Go semantics: any file is tried, errors only for files that look like
// binaries, exit 1 for a non-Go file argument with -m) — and `--diff A B` to compare two binaries.
import { promises as fsp, type Stats } from 'node:fs';
import * as path from 'node:path';
import { BuildInfoError, buildInfoJSON, formatModuleLines, readBuildInfo, type BuildInfo } from '../buildinfo';
import { describeErrno } from '../buildinfo/reader';
import { diffBuildInfo, formatDiff, isEmptyDiff } from '../buildinfo/diff';
import { UsageError, type CliIO, type Verb } from './io';

interface Options {
  m: boolean;
  v: boolean;
  json: boolean;
}

/** isGoBinaryCandidate: executable regular file, or a name that looks like a library or .exe. */
function looksLikeBinary(file: string, st: Stats): boolean {
  if (st.isFile() && (st.mode & 0o111) !== 0) return true;
  const name = file.toLowerCase();
  const ext = path.extname(name);
  return ext === '.so' || ext === '.exe' || ext === '.dll' || name.includes('.so.');
}

function resolvePath(io: CliIO, p: string): string {
  return path.resolve(io.cwd, p);
}

/** Prints one file as `go version` does; false when it is not a readable Go binary. */
async function scanFile(io: CliIO, file: string, st: Stats, mustPrint: boolean, o: Options): Promise<boolean> {
  const abs = resolvePath(io, file);
  if (st.isSymbolicLink()) {
    const target = await fsp.stat(abs).catch(() => undefined);
    if (!target?.isFile()) {
      if (mustPrint) io.stderr(`${file}: symlink\n`);
      return false;
    }
    st = target;
  }
  let info: BuildInfo;
  try {
    info = await readBuildInfo(abs);
  } catch (e) {
    if (!(e instanceof BuildInfoError)) throw e;
    if (mustPrint) {
      if (e.code === 'io') io.stderr(`${file}\n`); // Go prints just the name for a PathError
      else if (looksLikeBinary(file, st)) io.stderr(`${file}: could not read Go build info from ${file}: ${e.message}\n`);
    }
    return false;
  }
  if (o.json) {
    io.stdout(buildInfoJSON(info) + '\n');
  } else {
    io.stdout(`${file}: ${info.goVersion}\n`);
    if (o.m) io.stdout(formatModuleLines(info));
  }
  return true;
}

/** filepath.WalkDir order: lexical by name, symlinked directories not followed. */
async function scanDir(io: CliIO, dir: string, o: Options): Promise<void> {
  const walk = async (p: string, st: Stats): Promise<void> => {
    if (st.isDirectory()) {
      const names = (await fsp.readdir(resolvePath(io, p)).catch(() => [] as string[])).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      for (const name of names) {
        const child = path.join(p, name);
        const cst = await fsp.lstat(resolvePath(io, child)).catch((e: NodeJS.ErrnoException) => {
          if (o.v) io.stderr(`${child}: lstat ${child}: ${describeErrno(e)}\n`);
          return undefined;
        });
        if (cst) await walk(child, cst);
      }
    } else if (st.isFile() || st.isSymbolicLink()) {
      await scanFile(io, p, st, o.v, o);
    }
  };
  const root = await fsp.lstat(resolvePath(io, dir)).catch(() => undefined);
  if (root) await walk(dir, root);
}

async function runDiff(files: string[], io: CliIO): Promise<number> {
  if (files.length !== 2) throw new UsageError('--diff needs exactly two files');
  const infos: BuildInfo[] = [];
  for (const f of files) {
    try {
      infos.push(await readBuildInfo(resolvePath(io, f)));
    } catch (e) {
      if (!(e instanceof BuildInfoError)) throw e;
      io.stderr(`${f}: could not read Go build info: ${e.message}\n`);
      return 2;
    }
  }
  const d = diffBuildInfo(infos[0], infos[1]);
  io.stdout(formatDiff(d, files[0], files[1]));
  return isEmptyDiff(d) ? 0 : 1;
}

export const buildinfoVerb: Verb = {
  summary: 'print the Go version and build info embedded in Go binaries (like `go version -m`), or compare two',
  usage: 'go-for-cloud buildinfo [-m] [-v] [--json] FILE|DIR...  |  go-for-cloud buildinfo --diff A B',
  async run(args: string[], io: CliIO): Promise<number> {
    const o: Options = { m: false, v: false, json: false };
    let diff = false;
    const files: string[] = [];
    let flagsDone = false;
    for (const a of args) {
      // As with Go's flag package, flags end at the first file name.
      if (flagsDone || !a.startsWith('-') || a === '-') {
        files.push(a);
        flagsDone = true;
      }
      else if (a === '--') flagsDone = true;
      else if (a === '-m' || a === '--m') o.m = true;
      else if (a === '-v' || a === '--v') o.v = true;
      else if (a === '-json' || a === '--json') o.json = true;
      else if (a === '--diff') diff = true;
      else throw new UsageError(`unknown flag ${a}`);
    }
    if (diff) return runDiff(files, io);
    if (!files.length) throw new UsageError('no files or directories given');
    if (o.json && !o.m) {
      io.stderr("go-for-cloud buildinfo: --json requires -m (as 'go version -json' does)\n");
      return 2;
    }
    let status = 0;
    for (const file of files) {
      let st: Stats;
      try {
        st = await fsp.stat(resolvePath(io, file));
      } catch (e) {
        io.stderr(`stat ${file}: ${describeErrno(e as NodeJS.ErrnoException)}\n`);
        status = 1;
        continue;
      }
      if (st.isDirectory()) await scanDir(io, file, o);
      else if (!(await scanFile(io, file, st, true, o)) && o.m) status = 1;
    }
    return status;
  },
};

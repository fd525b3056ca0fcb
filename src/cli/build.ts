// `go-for-cloud build`: the editor's cross-compile, for CI pipelines: same plan, same summary.
import * as path from 'node:path';
import { ModuleFinder } from '../analysis/module';
import { planBuild, DEFAULT_OUTPUT, type BuildRequest } from '../toolchain/build-plan';
import { findGo, GoNotFoundError } from '../toolchain/find-go';
import { distList, goEnv } from '../toolchain/go-command';
import { gitVersion } from '../toolchain/git-version';
import { binaryName, findMainPackages, type MainPackage } from '../toolchain/main-packages';
import { runBuild } from '../toolchain/run-build';
import { CompileErrorAnnotator } from '../toolchain/compile-errors';
import { describeBinary, formatSummary } from '../toolchain/build-summary';
import { parseTarget, type Target } from '../toolchain/targets';
import { UsageError, type CliIO, type Verb } from './io';

const USAGE = 'go-for-cloud build [--target os/arch[/variant]]… [--no-static] [--no-stamp] [--no-trimpath] [--no-strip] [--out TEMPLATE] [--version V] [--json] [PKG]';

interface Flags {
  targets: Target[];
  static: boolean;
  stamp: boolean;
  trimpath: boolean;
  strip: boolean;
  out: string;
  json: boolean;
  version?: string;
  pkg?: string;
}

function parseFlags(args: string[]): Flags {
  const f: Flags = { targets: [], static: true, stamp: true, trimpath: true, strip: true, out: DEFAULT_OUTPUT, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      return args[++i];
    };
    const flag = a.replace(/=.*$/, '');
    switch (flag) {
      case '--target': {
        for (const t of value().split(',')) {
          const target = parseTarget(t);
          if (!target) throw new UsageError(`bad target "${t}": want os/arch, e.g. linux/arm64`);
          f.targets.push(target);
        }
        break;
      }
      case '--no-static': f.static = false; break;
      case '--no-stamp': f.stamp = false; break;
      case '--no-trimpath': f.trimpath = false; break;
      case '--no-strip': f.strip = false; break;
      case '--out': f.out = value(); break;
      case '--version': f.version = value(); break;
      case '--json': f.json = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown flag ${a}`);
        if (f.pkg) throw new UsageError('one package at a time');
        f.pkg = a;
    }
  }
  return f;
}

function choosePackage(mains: MainPackage[], wanted: string | undefined, cwd: string, moduleRoot: string): MainPackage {
  if (wanted) {
    const dir = path.resolve(cwd, wanted);
    const hit = mains.find((m) => m.dir === dir);
    if (!hit) throw new UsageError(`${wanted} is not a main package of the module at ${moduleRoot}`);
    return hit;
  }
  const here = mains.find((m) => m.dir === cwd);
  if (here) return here;
  if (mains.length === 1) return mains[0];
  if (!mains.length) throw new UsageError(`no main package in the module at ${moduleRoot}`);
  throw new UsageError(`several main packages; name one: ${mains.map((m) => m.pattern).join(' ')}`);
}

async function run(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args);
  let goBin: string;
  try {
    goBin = findGo({ configured: process.env.GO_FOR_CLOUD_GO });
  } catch (e) {
    if (e instanceof GoNotFoundError) {
      io.stderr(`go-for-cloud build: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const mod = new ModuleFinder().find(path.resolve(io.cwd, flags.pkg ?? '.'));
  if (!mod) throw new UsageError('not inside a Go module (no go.mod found)');
  const mains = await findMainPackages(mod.dir);
  const pkg = choosePackage(mains, flags.pkg, io.cwd, mod.dir);
  const [env, dist] = await Promise.all([goEnv(goBin, mod.dir), distList(goBin, mod.dir).catch(() => undefined)]);
  const version = flags.version ?? (flags.stamp ? await gitVersion(mod.dir) : undefined);
  const name = binaryName(pkg, mod.modulePath);
  const req: BuildRequest = {
    pkg: pkg.pattern,
    name,
    targets: flags.targets.length ? flags.targets : [{ goos: env.GOOS, goarch: env.GOARCH }],
    static: flags.static,
    stamp: flags.stamp,
    trimpath: flags.trimpath,
    strip: flags.strip,
    versionVariable: pkg.versionVariable,
    version,
    output: flags.out,
    usesCgo: pkg.usesCgo,
    host: { goos: env.GOOS, goarch: env.GOARCH },
    cc: process.env.CC,
  };
  const plan = planBuild(req, dist);
  for (const w of plan.warnings) io.stderr(`warning: ${w}\n`);
  for (const r of plan.refused) io.stderr(`refused: ${r.target.goos}/${r.target.goarch}: ${r.reason}\n`);
  const annotator = new CompileErrorAnnotator(mod.dir, io.stderr);
  const results = await runBuild(plan, { goBin, cwd: mod.dir, onOutput: (t, chunk) => annotator.push(t, chunk) });
  annotator.flush();
  const facts = await Promise.all(results.map((r) => describeBinary(r)));
  if (flags.json) io.stdout(JSON.stringify({ package: pkg.pattern, version, warnings: plan.warnings, refused: plan.refused, results: facts }, null, 2) + '\n');
  else io.stdout(formatSummary(facts, mod.dir));
  return plan.refused.length || results.some((r) => !r.ok) ? 1 : 0;
}

export const buildVerb: Verb = { summary: 'cross-compile static, stamped binaries for GOOS/GOARCH targets', usage: USAGE, run };

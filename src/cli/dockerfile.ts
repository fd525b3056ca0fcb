// `go-for-cloud dockerfile [--dockerignore] [PKG]`: prints the generated Dockerfile (or
// .dockerignore) for a main package of the module; writes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModuleFinder } from '../analysis/module';
import { detectLocalGoVersion, generateFor } from '../toolchain/dockerfile-facts';
import { findMainPackages } from '../toolchain/main-packages';
import { UsageError, type CliIO, type Verb } from './io';

const USAGE = 'go-for-cloud dockerfile [--dockerignore] [PKG]';

export const dockerfileVerb: Verb = {
  summary: 'print a multi-stage Dockerfile (static binary on distroless, non-root) for a main package',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let pkgArg: string | undefined;
    let ignore = false;
    for (const a of args) {
      if (a === '--dockerignore') ignore = true;
      else if (a.startsWith('-')) throw new UsageError(`unknown flag ${a}`);
      else if (pkgArg) throw new UsageError('one package at a time');
      else pkgArg = a;
    }
    const dir = path.resolve(io.cwd, pkgArg ?? '.');
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${pkgArg ?? '.'}: not a directory`);
    const module = new ModuleFinder().find(dir);
    if (!module) throw new Error(`${pkgArg ?? '.'}: no go.mod here or above`);
    const mains = await findMainPackages(module.dir);
    let pkg = mains.find((m) => path.resolve(m.dir) === dir);
    // The module root itself, when it is not a main package, means "the module's main package".
    if (!pkg && pkgArg && dir !== path.resolve(module.dir)) throw new Error(`${pkgArg}: not a main package of module ${module.modulePath}`);
    if (!pkg && mains.length === 1) pkg = mains[0];
    if (!pkg) {
      if (!mains.length) throw new Error(`module ${module.modulePath} has no main package`);
      throw new UsageError(`choose a main package: ${mains.map((m) => m.pattern).join(', ')}`);
    }
    // A newer local Go than the release table knows counts as the newest release.
    const out = await generateFor(module.dir, pkg, { localGoVersion: await detectLocalGoVersion(module.dir) });
    io.stdout(ignore ? out.dockerignore : out.dockerfile);
    return 0;
  },
};

// The build plan: what `go build` invocations a cross-compile runs. Pure, so it is unit-tested
// without Go; running it is run-build.ts's job.
import { targetEnv, targetName, type DistTarget, type Target } from './targets';

export interface BuildRequest {
  /** Package pattern relative to the module root, e.g. "./cmd/api" or ".". */
  pkg: string;
  /** Binary name; defaults to the package directory's base name (or the module's). */
  name: string;
  targets: Target[];
  /** CGO_ENABLED=0 (default): a static binary that runs on scratch/distroless. */
  static: boolean;
  /** Stamp the version into `versionVariable` with -ldflags -X (when one exists). */
  stamp: boolean;
  /** `-trimpath` (default true): no build paths in the binary. */
  trimpath: boolean;
  /** `-s -w` (default true): no symbol table and DWARF, a smaller binary. */
  strip: boolean;
  /** e.g. "main.version": the package-level string variable to stamp. */
  versionVariable?: string;
  /** The version text to stamp, from `git describe` or the user. */
  version?: string;
  /** Output template: {name} {goos} {goarch} {variant} {ext}. */
  output: string;
  /** True when the package imports "C". */
  usesCgo: boolean;
  /** The host's GOOS/GOARCH, to tell a cross build from a native one. */
  host: { goos: string; goarch: string };
  /** A C cross-compiler the user supplied (CC), needed for cgo cross builds. */
  cc?: string;
  /** Extra environment the user wants for every target. */
  env?: Record<string, string>;
}

export interface BuildStep {
  target: Target;
  /** Arguments after `go`. */
  args: string[];
  /** Environment on top of the inherited one (the target applies to this process only). */
  env: Record<string, string>;
  output: string;
}

export interface BuildPlan {
  steps: BuildStep[];
  warnings: string[];
  /** Targets that cannot be built as asked, with the reason. */
  refused: { target: Target; reason: string }[];
}

export const DEFAULT_OUTPUT = 'dist/{name}_{goos}_{goarch}{ext}';

/** Fills the output template for a target; the `.exe` suffix is for Windows only. */
export function outputPath(template: string, name: string, t: Target): string {
  const ext = t.goos === 'windows' ? '.exe' : '';
  return template
    .replaceAll('{name}', name)
    .replaceAll('{goos}', t.goos)
    .replaceAll('{goarch}', t.goarch + (t.variant && !template.includes('{variant}') ? t.variant : ''))
    .replaceAll('{variant}', t.variant ?? '')
    .replaceAll('{ext}', ext);
}

/** A quoting-free -X value: ldflags are split on spaces by the go command. */
function safeVersion(v: string): string | undefined {
  return /^[\w.+~:-]+$/.test(v) ? v : undefined;
}

export function planBuild(req: BuildRequest, known?: readonly DistTarget[]): BuildPlan {
  const plan: BuildPlan = { steps: [], warnings: [], refused: [] };
  if (!req.targets.length) plan.warnings.push('no target selected');
  if (req.static && req.usesCgo) {
    plan.warnings.push('the package imports "C" but the build is static (CGO_ENABLED=0): cgo files are left out and the build may fail');
  }
  const ldflags: string[] = [];
  if (req.strip) ldflags.push('-s', '-w');
  if (req.stamp && req.versionVariable && req.version) {
    const v = safeVersion(req.version);
    if (v) ldflags.push(`-X ${req.versionVariable}=${v}`);
    else plan.warnings.push(`version "${req.version}" has characters -ldflags cannot carry; not stamped`);
  } else if (req.stamp && !req.versionVariable) {
    plan.warnings.push('no package-level version variable found to stamp (e.g. `var version string`); the commit still lands in the build info');
  }
  const seen = new Set<string>();
  for (const target of req.targets) {
    const name = targetName(target);
    if (seen.has(name)) continue;
    seen.add(name);
    const dist = known?.find((d) => d.GOOS === target.goos && d.GOARCH === target.goarch);
    if (known && !dist) {
      plan.refused.push({ target, reason: `${target.goos}/${target.goarch} is not a port this Go supports (go tool dist list)` });
      continue;
    }
    const cross = target.goos !== req.host.goos || target.goarch !== req.host.goarch;
    if (!req.static) {
      if (dist && !dist.CgoSupported) {
        plan.refused.push({ target, reason: `cgo is not supported on ${target.goos}/${target.goarch}` });
        continue;
      }
      if (cross && !req.cc) {
        plan.refused.push({ target, reason: `cgo for a cross target needs a C cross-compiler: set CC, or build static` });
        continue;
      }
    }
    const env: Record<string, string> = { ...(req.env ?? {}), ...targetEnv(target), CGO_ENABLED: req.static ? '0' : '1' };
    if (!req.static && cross && req.cc) env.CC = req.cc;
    const output = outputPath(req.output, req.name, target);
    const args = ['build'];
    if (req.trimpath) args.push('-trimpath');
    if (ldflags.length) args.push(`-ldflags=${ldflags.join(' ')}`);
    args.push('-o', output, req.pkg);
    plan.steps.push({ target, args, env, output });
  }
  return plan;
}

// GOOS/GOARCH targets: parsing "os/arch[/variant]" and the facts `go tool dist list -json` gives.

export interface Target {
  goos: string;
  goarch: string;
  /** GOARM for arm ("5", "6", "7"), GOAMD64 for amd64 ("v1".."v4"): optional variants. */
  variant?: string;
}

export interface DistTarget {
  GOOS: string;
  GOARCH: string;
  CgoSupported: boolean;
  FirstClass?: boolean;
}

const NAME = /^[a-z0-9]+$/;

/** Parses "linux/arm64", "linux/arm/7", "linux/amd64/v3"; undefined when malformed. */
export function parseTarget(text: string): Target | undefined {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || !NAME.test(parts[0]) || !NAME.test(parts[1])) return undefined;
  const variant = parts[2];
  if (variant !== undefined) {
    if (parts[1] === 'arm' && !/^[5-7]$/.test(variant)) return undefined;
    if (parts[1] === 'amd64' && !/^v[1-4]$/.test(variant)) return undefined;
    if (parts[1] !== 'arm' && parts[1] !== 'amd64') return undefined;
  }
  return { goos: parts[0], goarch: parts[1], variant };
}

export function targetName(t: Target): string {
  return `${t.goos}/${t.goarch}${t.variant ? `/${t.variant}` : ''}`;
}

/** The environment variables that select a target. */
export function targetEnv(t: Target): Record<string, string> {
  const env: Record<string, string> = { GOOS: t.goos, GOARCH: t.goarch };
  if (t.variant && t.goarch === 'arm') env.GOARM = t.variant;
  if (t.variant && t.goarch === 'amd64') env.GOAMD64 = t.variant;
  return env;
}

/** A few well-known ports, for when `go tool dist list` cannot be asked. */
export const COMMON_TARGETS: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'darwin/arm64',
  'darwin/amd64',
  'windows/amd64',
  'windows/arm64',
  'linux/386',
  'linux/arm/7',
  'linux/s390x',
  'linux/ppc64le',
];

// The Go release table and the support window. Pure: no I/O, today's date is a parameter.
// Policy (go.dev/doc/devel/release): a major release is supported until there are two newer
// majors; a major ships every February and August.

export interface GoMajor {
  /** "1.27" */
  major: string;
  /** Date of the first release of the major (YYYY-MM-DD). */
  released: string;
  /** Newest patch release the table knows, without the "go" prefix ("1.27.0"; "1.20.14"). */
  latest: string;
  /** Date of that patch release. */
  latestDate: string;
}

/** Newest first. Facts from go.dev/doc/devel/release as of 2026-08-20. */
export const GO_RELEASES: readonly GoMajor[] = [
  { major: '1.27', released: '2026-08-19', latest: '1.27.0', latestDate: '2026-08-19' },
  { major: '1.26', released: '2026-02-10', latest: '1.26.7', latestDate: '2026-08-19' },
  { major: '1.25', released: '2025-08-12', latest: '1.25.14', latestDate: '2026-08-19' },
  { major: '1.24', released: '2025-02-11', latest: '1.24.13', latestDate: '2026-02-04' },
  { major: '1.23', released: '2024-08-13', latest: '1.23.12', latestDate: '2025-08-06' },
  { major: '1.22', released: '2024-02-06', latest: '1.22.12', latestDate: '2025-02-04' },
  { major: '1.21', released: '2023-08-08', latest: '1.21.13', latestDate: '2024-08-06' },
  { major: '1.20', released: '2023-02-01', latest: '1.20.14', latestDate: '2024-02-06' },
  { major: '1.19', released: '2022-08-02', latest: '1.19.13', latestDate: '2023-09-06' },
  { major: '1.18', released: '2022-03-15', latest: '1.18.10', latestDate: '2023-01-10' },
];

/** "go1.22.5", "1.22", "1.22rc1" → 22 (the minor number of Go 1); undefined for other shapes. */
export function minorOf(version: string): number | undefined {
  const m = /^(?:go)?1\.(\d+)(?![\d])/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/** "go1.22.5" → "1.22". */
export function majorOf(version: string): string | undefined {
  const n = minorOf(version);
  return n === undefined ? undefined : `1.${n}`;
}

/**
 * Majors expected to have shipped by `now`: the table's, plus one for each February and
 * August since its newest entry. A release month counts only once it is over, so a release is
 * never called unsupported before its successor's successor can have shipped.
 */
export function newestExpectedMinor(now: Date): number {
  const shipped = GO_RELEASES.filter((r) => new Date(`${r.released}T00:00:00Z`) <= now);
  if (!shipped.length) return minorOf(GO_RELEASES[GO_RELEASES.length - 1].major)!;
  const newest = shipped[0];
  let minor = minorOf(newest.major)!;
  if (newest !== GO_RELEASES[0]) return minor;
  const from = new Date(`${newest.released}T00:00:00Z`);
  // Walk month by month from the month after the newest known release.
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth() + 1; // 0-based month after the release month
  for (;;) {
    if (m > 11) {
      y++;
      m -= 12;
    }
    const isReleaseMonth = m === 1 || m === 7; // February, August
    const monthOver = new Date(Date.UTC(y, m + 1, 1)) <= now;
    if (!monthOver) break;
    if (isReleaseMonth) minor++;
    m++;
  }
  return minor;
}

export interface SupportOptions {
  /** goForCloud.supportedGoReleases: "1.N" strings; when valid and non-empty it wins. */
  override?: readonly string[];
  /** The user's own `go version` ("go1.28.1" or "1.28.1"); counts when newer than the table. */
  localGoVersion?: string;
}

/** The supported majors, newest first (two of them, unless the override says otherwise). */
export function supportedReleases(now: Date, override?: readonly string[] | SupportOptions): string[] {
  const opts: SupportOptions = Array.isArray(override) ? { override: override as readonly string[] } : ((override as SupportOptions | undefined) ?? {});
  const fromSetting = (opts.override ?? []).map((v) => minorOf(v)).filter((n): n is number => n !== undefined);
  if (fromSetting.length) return [...new Set(fromSetting)].sort((a, b) => b - a).map((n) => `1.${n}`);
  let newest = newestExpectedMinor(now);
  const local = opts.localGoVersion ? minorOf(opts.localGoVersion) : undefined;
  if (local !== undefined && local > newest) newest = local;
  return [`1.${newest}`, `1.${newest - 1}`];
}

/** True when the version's major is at least the oldest supported one. */
export function isSupported(version: string, supported: readonly string[]): boolean {
  const n = minorOf(version);
  const oldest = Math.min(...supported.map((s) => minorOf(s) ?? Infinity));
  return n === undefined || n >= oldest;
}

/** Newest patch of a major ("1.27" → "1.27.0"); ".0" for a major the table does not know yet. */
export function newestPatch(major: string, localGoVersion?: string): string {
  const known = GO_RELEASES.find((r) => r.major === major);
  if (known) return known.latest;
  const local = localGoVersion?.replace(/^go/, '');
  if (local && majorOf(local) === major && /^\d+\.\d+\.\d+$/.test(local)) return local;
  return `${major}.0`;
}

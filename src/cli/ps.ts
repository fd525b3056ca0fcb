// `go-for-cloud ps [--json]`: the Go programs running on this machine with their Go version
// and build-info findings, like gops.
import { buildInfoFindings } from '../buildinfo/findings';
import { listGoProcesses, UnsupportedPlatformError } from '../buildinfo/processes';
import { UsageError, type CliIO, type Verb } from './io';

export const psVerb: Verb = {
  summary: 'list running Go programs with their Go version and build-info findings (Linux, macOS)',
  usage: 'go-for-cloud ps [--json]',
  async run(args: string[], io: CliIO): Promise<number> {
    const json = args.includes('--json') || args.includes('-json');
    const unknown = args.find((a) => a !== '--json' && a !== '-json');
    if (unknown) throw new UsageError(`unexpected argument ${unknown}`);
    let scan;
    try {
      scan = await listGoProcesses();
    } catch (e) {
      if (e instanceof UnsupportedPlatformError) {
        io.stderr(`go-for-cloud ps: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    const now = new Date();
    const rows = scan.processes.map((p) => ({ ...p, findings: buildInfoFindings(p.info, now) }));
    if (json) {
      const doc = rows.map((r) => ({
        pid: r.pid,
        name: r.name,
        exe: r.exe,
        goVersion: r.info.goVersion,
        path: r.info.path,
        findings: r.findings.map((f) => ({ id: f.id, severity: f.severity, message: f.message })),
      }));
      io.stdout(JSON.stringify({ processes: doc, unreadable: scan.unreadable }, null, 2) + '\n');
      return 0;
    }
    const table = [['PID', 'NAME', 'GO', 'FINDINGS', 'PATH'], ...rows.map((r) => [String(r.pid), r.name, r.info.goVersion, r.findings.map((f) => f.id).join(',') || '-', r.exe])];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) io.stdout(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ') + '\n');
    if (scan.unreadable) io.stderr(`${scan.unreadable} process(es) could not be inspected (permission denied: another user's, or another namespace's)\n`);
    return 0;
  },
};

// service-without-metrics: a `main` package serves HTTP and imports no metrics package.
// Without request rates, latencies and runtime figures nobody sees trouble coming.
import { ensureImport } from '../edits';
import type { GoFile } from '../go-file';
import type { GoPackage } from '../package';
import type { GoRule, GoRuleContext } from '../rule';
import type { Fix } from '../types';
import { serveSites } from '../go/default-mux';
import { isTestFile } from '../go/handlers';
import { isMetricsPackage, looksLikeOwnMetricsPackage, METRICS_PACKAGES } from '../go/metrics-packages';
import { SERVER_CALLS_QUERY, serverFacts } from '../go/servers';
import { SERVER_START_GATE } from '../gate';

/** True when some file of the package imports a metrics package (or the module's own wrapper). */
function exportsMetrics(pkg: GoPackage, modulePath: string | undefined): boolean {
  return pkg.files.some((f) =>
    f.imports.specs.some((s) => isMetricsPackage(s.path) || (!!modulePath && s.path.startsWith(modulePath + '/') && looksLikeOwnMetricsPackage(s.path))),
  );
}

/** `import _ "expvar"`: publishes memstats and cmdline at /debug/vars on the default mux. */
function expvarFix(file: GoFile): Fix | undefined {
  const r = ensureImport(file, 'expvar');
  if (!r || r.edits.length === 0) return undefined;
  const edits = r.edits.map((e) => ({ ...e, newText: e.newText.replace(/(^|\t|import )"expvar"/, '$1_ "expvar"') }));
  if (!edits.some((e) => e.newText.includes('_ "expvar"'))) return undefined;
  return { title: 'Import expvar (memstats and cmdline at /debug/vars)', edits };
}

export const serviceWithoutMetrics: GoRule = {
  id: 'service-without-metrics',
  kind: 'go',
  family: 'observability',
  summary: 'A main package serves HTTP but exports no metrics (expvar, Prometheus, OpenTelemetry, …)',
  defaultSeverity: 'hint',
  query: SERVER_CALLS_QUERY.source,
  gate: SERVER_START_GATE,
  docs: `A service you cannot measure is one you learn about from its users. Cloud Run,
Lambda and Kubernetes give you request counts at the edge, but not what happens inside the
process: heap growth before an OOM kill, goroutine leaks, GC pauses, queue depths, the
latency of each dependency. "Report the essential metrics" — at least the runtime ones.

Reported (as a hint) at the server start of a \`main\` package that serves HTTP and imports
no metrics package: \`expvar\`, Prometheus \`client_golang\`, OpenTelemetry metrics and
instrumentation, OpenCensus, Datadog, statsd clients, VictoriaMetrics \`metrics\`,
go-metrics, go-kit, tally, New Relic, Cloud Monitoring… A package of your own module whose
name says metrics or telemetry (\`internal/metrics\`) counts too.

Wrong:

\`\`\`go
package main

func main() {
	http.HandleFunc("/", home)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
\`\`\`

Right (the quick fix, when the default mux is served):

\`\`\`go
import _ "expvar" // memstats and cmdline as JSON at /debug/vars
\`\`\`

or, better, Prometheus (\`promhttp.Handler()\` on \`/metrics\`) or OpenTelemetry with an
exporter to your platform's monitoring. Keep metrics endpoints off the public internet, as
with pprof.`,
  check(ctx: GoRuleContext) {
    const { file, pkg } = ctx;
    if (pkg.name !== 'main' || isTestFile(file) || ctx.captures().length === 0) return;
    // Loopback-only listeners (written literally, or resolved through flags and net.Listen) are
    // local tools and debug ports, not the service.
    const loopback = new Set(serveSites(pkg).filter((s) => s.loopback).map((s) => s.node.id));
    const starts = serverFacts(pkg).starts.filter((s) => !s.loopback && !loopback.has(s.call.id));
    const mine = starts.filter((s) => s.file === file);
    if (mine.length === 0 || exportsMetrics(pkg, ctx.module?.modulePath)) return;
    // One finding per package: in the first file (by path) that starts a server.
    const firstFile = starts.map((s) => s.file.path).sort()[0];
    if (firstFile !== file.path) return;
    const at = mine.reduce((a, b) => (a.call.startIndex < b.call.startIndex ? a : b)).call;
    const fix = serveSites(pkg).some((s) => s.defaultMux) ? expvarFix(file) : undefined;
    ctx.report({
      at,
      message:
        'This service exports no metrics: nothing shows its heap, goroutines, GC pauses or request latencies before it fails. ' +
        (fix
          ? 'Import expvar for runtime metrics at /debug/vars, or instrument it with Prometheus or OpenTelemetry.'
          : `Instrument it with Prometheus (promhttp.Handler()) or OpenTelemetry, or import expvar and serve expvar.Handler(); known metrics packages: ${METRICS_PACKAGES.slice(0, 3).join(', ')}, ….`),
      fixes: fix ? [fix] : [],
    });
  },
};

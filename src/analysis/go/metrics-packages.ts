// The one list of packages that export metrics. A `main` package that imports any of them
// (or a package path starting with one of the prefixes) is taken to report metrics.

/** Import paths or path prefixes (a prefix matches itself and anything below it). */
export const METRICS_PACKAGES: readonly string[] = [
  'expvar',
  'github.com/prometheus/client_golang',
  'go.opentelemetry.io/otel/metric',
  'go.opentelemetry.io/otel/sdk/metric',
  'go.opentelemetry.io/otel/exporters/prometheus',
  'go.opentelemetry.io/otel/exporters/otlp/otlpmetric',
  'go.opentelemetry.io/otel/exporters/stdout/stdoutmetric',
  'go.opentelemetry.io/contrib/instrumentation',
  'go.opencensus.io/stats',
  'go.opencensus.io/plugin',
  'contrib.go.opencensus.io/exporter',
  'github.com/DataDog/datadog-go',
  'gopkg.in/DataDog/dd-trace-go.v1',
  'github.com/DataDog/dd-trace-go',
  'github.com/cactus/go-statsd-client',
  'github.com/smira/go-statsd',
  'github.com/alexcesaro/statsd',
  'gopkg.in/alexcesaro/statsd.v2',
  'github.com/VictoriaMetrics/metrics',
  'github.com/rcrowley/go-metrics',
  'github.com/armon/go-metrics',
  'github.com/hashicorp/go-metrics',
  'github.com/go-kit/kit/metrics',
  'github.com/go-kit/kit/v2/metrics',
  'github.com/uber-go/tally',
  'github.com/newrelic/go-agent',
  'github.com/zsais/go-gin-prometheus',
  'github.com/labstack/echo-contrib/prometheus',
  'github.com/labstack/echo-contrib/echoprometheus',
  'github.com/slok/go-http-metrics',
  'github.com/penglongli/gin-metrics',
  'cloud.google.com/go/monitoring',
  'github.com/GoogleCloudPlatform/opentelemetry-operations-go',
  'github.com/aws/aws-embedded-metrics-golang',
];

/** True when an import path is (or is below) a known metrics package. */
export function isMetricsPackage(importPath: string): boolean {
  return METRICS_PACKAGES.some((p) => importPath === p || importPath.startsWith(p + '/') || importPath.startsWith(p + '.'));
}

/**
 * A package of the user's own module that probably wraps metrics (`internal/metrics`,
 * `pkg/telemetry`): its imports are out of reach of a one-directory index, so trust its name.
 */
export function looksLikeOwnMetricsPackage(importPath: string): boolean {
  const last = importPath.split('/').pop() ?? '';
  return /metric|telemetry|observ|monitor|instrument|otel|prom|stats/i.test(last);
}

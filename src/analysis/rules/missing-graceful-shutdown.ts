// A server that nothing ever shuts down drops its in-flight requests on every SIGTERM.
import type { GoRule } from '../rule';
import { SERVER_CALLS_QUERY, isShutDown, isTestFile, isTestHelperPackage, serverFacts, type ServerStart } from '../go/servers';
import { gracefulShutdownFix } from '../go/shutdown-template';
import { SERVER_START_GATE } from '../gate';

function messageFor(start: ServerStart): string {
  const dropped = 'so every deploy and scale-down (SIGTERM) drops its in-flight requests';
  switch (start.kind) {
    case 'package':
      return `http.${start.method} starts a server that can never be shut down gracefully, ${dropped}: serve from an http.Server and call its Shutdown on SIGTERM`;
    case 'gin':
      return `gin's ${start.method} starts a server that can never be shut down gracefully, ${dropped}: serve the engine from an http.Server (Handler: ${start.receiver?.text ?? 'r'}) and call its Shutdown on SIGTERM`;
    default:
      return `${start.receiver?.text ?? 'this server'} is never shut down (nothing in the package calls its Shutdown), ${dropped}`;
  }
}

export const missingGracefulShutdown: GoRule = {
  id: 'missing-graceful-shutdown',
  kind: 'go',
  family: 'lifecycle',
  summary: 'An HTTP server is started but nothing ever calls Shutdown on it: SIGTERM drops in-flight requests.',
  defaultSeverity: 'warning',
  query: SERVER_CALLS_QUERY.source,
  gate: SERVER_START_GATE,
  docs: `Container platforms stop an instance by sending **SIGTERM**, waiting a grace period, then
sending SIGKILL: **Cloud Run** waits 10 seconds, **Kubernetes** \`terminationGracePeriodSeconds\`
(30 seconds by default); **AWS Lambda**, when an extension is registered (the Lambda Web Adapter,
a telemetry layer), sends SIGTERM and allows 500 ms to 2 s. It happens on every deploy, every scale-down and every node drain. A Go
server that never calls \`http.Server.Shutdown\` dies with its in-flight requests: clients see
connection resets and 502s after each rollout.

This rule reports a server start — \`http.ListenAndServe\`/\`ListenAndServeTLS\`/\`Serve\`/\`ServeTLS\`
(which can never be shut down), \`Serve\`/\`ListenAndServe\`… on an \`http.Server\`, gin's \`Run\`, echo's
\`Start\` — when no file of the package calls \`Shutdown\` on that server. A \`Shutdown\` through a
loop variable or a slice index counts for every server of the package; a server returned to a
caller, passed to a function or stored in an exported field is assumed to be shut down there.
Listeners on a literal loopback address (\`localhost:6060\` for pprof), test files and test-helper
packages (a package name containing \`test\`, like \`httptest\`) are ignored.

Wrong:

\`\`\`go
func main() {
	http.HandleFunc("/", hello)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
\`\`\`

Right (what the quick fix writes):

\`\`\`go
func main() {
	http.HandleFunc("/", hello)
	srv := &http.Server{
		Addr:              ":8080",
		ReadHeaderTimeout: 10 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()

	<-ctx.Done()
	stop() // a second signal ends the process at once

	// Let in-flight requests finish, within the platform's grace period.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Printf("shutdown: %v", err)
	}
}
\`\`\`

The fix is offered when the start is the last statement of \`main\` in one of the common shapes
(\`log.Fatal(…)\`, \`if err := …; err != nil {…}\`, a bare call) and \`main\` does not handle
signals already; elsewhere the message says what to do.`,
  check(ctx) {
    if (isTestFile(ctx.file) || isTestHelperPackage(ctx.pkg) || ctx.captures().length === 0) return;
    const facts = serverFacts(ctx.pkg);
    for (const start of facts.starts) {
      if (start.file !== ctx.file || start.loopback || isShutDown(start, facts)) continue;
      const fix = gracefulShutdownFix(ctx.file, ctx.pkg, start);
      ctx.report({ at: start.call, message: messageFor(start), fixes: fix ? [fix] : [] });
    }
  },
};

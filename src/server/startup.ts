// When each step of a server start happened, in ms since the process started (what
// performance.now() counts), told once with the first diagnostics: how much of a start is
// Node's own, loading the server, the client's handshake and the grammar (the bench reads it).

/** Set by dist/server.js (loader.ts) when Node runs its first line of our code. */
const LOADER_KEY = 'goForCloudLoaderStart';

const marks = new Map<string, number>();

export function markLoaderStart(): void {
  (globalThis as Record<string, unknown>)[LOADER_KEY] = performance.now();
}

const STEPS = ['server loaded', 'initialize', 'grammar ready'] as const;

export function mark(step: (typeof STEPS)[number]): void {
  if (!marks.has(step)) marks.set(step, performance.now());
}

let told = false;

/** The line to log with the first diagnostics, once (undefined after). */
export function startupLine(): string | undefined {
  if (told) return undefined;
  told = true;
  const loader = (globalThis as Record<string, unknown>)[LOADER_KEY];
  const steps = typeof loader === 'number' ? [`Node ran the loader at ${loader.toFixed(0)}`] : [];
  for (const step of STEPS) {
    const at = marks.get(step);
    if (at !== undefined) steps.push(`${step} at ${at.toFixed(0)}`);
  }
  return `started: first diagnostics ${performance.now().toFixed(0)} ms after the process started (${steps.join(', ')} ms)`;
}

// The CLI's verbs; each lives in its own file. Keep sorted by name.
import type { Verb } from './io';

export const VERBS: Record<string, () => Promise<Verb>> = {
  build: () => import('./build.js').then((m) => m.buildVerb),
  buildinfo: () => import('./buildinfo.js').then((m) => m.buildinfoVerb),
  check: () => import('./check.js').then((m) => m.checkVerb),
  dockerfile: () => import('./dockerfile.js').then((m) => m.dockerfileVerb),
  profile: () => import('./profile.js').then((m) => m.profileVerb),
  ps: () => import('./ps.js').then((m) => m.psVerb),
  trace: () => import('./trace.js').then((m) => m.traceVerb),
};

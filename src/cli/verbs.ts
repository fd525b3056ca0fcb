// The CLI's verbs; each lives in its own file. Keep sorted by name.
import type { Verb } from './io';

export const VERBS: Record<string, () => Promise<Verb>> = {
  check: () => import('./check.js').then((m) => m.checkVerb),
};

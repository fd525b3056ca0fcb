// Imported first by server.ts: the wasm runtime and grammar start compiling (off the main
// thread) while the rest of the server bundle is still initialising.
import { loadGo } from '../analysis/parser';

export const grammarReady = loadGo();

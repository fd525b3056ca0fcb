// Imported first by server.ts: the wasm runtime and grammar start compiling (off the main
// thread) while the rest of the server bundle is still initialising.
import { loadGo } from '../analysis/parser';
import { mark } from './startup';

export const grammarReady = loadGo();
grammarReady.then(() => mark('grammar ready'), () => undefined);

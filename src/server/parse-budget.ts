// A keystroke's reparse gets a time budget. Most take a few milliseconds, but one that leaves a
// bracket unbalanced ("foo(" before the ")") can cost tree-sitter's error recovery a few hundred
// on a large file. Past the budget the pull is answered with the last findings moved through
// the edits, and the parse goes on in short slices once typing pauses; then the client is asked
// to pull again. A newer edit makes the stopped parse moot: its pull starts afresh.
import type { OpenDocument } from './documents';

/** The reparse budget of a diagnostics pull, in milliseconds (the environment can set it: tests use 0). */
export const KEYSTROKE_PARSE_BUDGET_MS = budgetFromEnvironment() ?? 12;
/** How long typing must pause before a stopped parse goes on. */
const RESUME_AFTER_MS = 40;
/** One slice of a resumed parse: short, so that a keystroke arriving meanwhile barely waits. */
const SLICE_MS = 8;

const pending = new Map<OpenDocument, ReturnType<typeof setTimeout>>();

/** Finishes the document's stopped parse in slices; `done` runs when the tree is complete. */
export function finishParseLater(doc: OpenDocument, isOpen: () => boolean, done: () => void): void {
  clearTimeout(pending.get(doc));
  const version = doc.version;
  const slice = (): void => {
    pending.delete(doc);
    if (!isOpen() || doc.version !== version) return;
    if (doc.parseWithin(SLICE_MS)) done();
    else pending.set(doc, setTimeout(slice, 0));
  };
  pending.set(doc, setTimeout(slice, RESUME_AFTER_MS));
}

function budgetFromEnvironment(): number | undefined {
  const value = Number(process.env.GO_FOR_CLOUD_PARSE_BUDGET_MS);
  return process.env.GO_FOR_CLOUD_PARSE_BUDGET_MS && Number.isFinite(value) && value >= 0 ? value : undefined;
}

// A fresh server runs its keystroke path in V8's interpreter and tree-sitter's baseline wasm
// code: in a large file the first two dozen keystrokes took two to three times as long as the
// ones after them. So once, after the first Go document has its diagnostics and the user
// pauses, the server types into a scratch copy of that document: its own document store and a
// path no directory holds, so no cache, package or diagnostic of a real document is touched.
// Before that, it compiles the queries that analysis code declares (a compile takes 2-20 ms).
// One step per timer turn, and none while a real message came in a moment ago.
import type { Analyzer } from '../analysis/analyzer';
import { compileQuery, ResumableParser } from '../analysis/parser';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { analyzeDocument } from './diagnostics';
import { DocumentStore, type OpenDocument } from './documents';
import type { Settings } from './settings';

/** Keystrokes rehearsed: past the number after which a fresh server's keystrokes stop slowing down. */
const KEYSTROKES = 80;
/** Only this much of the document is copied (cut where a top-level declaration starts): warm code, not a second parse of a huge file. */
const MAX_LINES = 1500;
/** A real message this recent (ms) postpones the next keystroke. */
const QUIET_MS = 40;
const WORD = 'x := context.Background()';

export interface Rehearsal {
  text: string;
  analyzer: Analyzer;
  settings: Settings;
  /** Called once with how many keystrokes ran. */
  done?: (keystrokes: number, ms: number) => void;
}

/**
 * Runs warm-up steps in the background, one per timer turn and none while a real message came
 * in less than QUIET_MS ago (`lastActivity`: when the server last received one, Date.now()).
 * A step that throws ends the steps and is told to `failed`.
 */
export function warmUp(steps: Iterator<void>, lastActivity: () => number, failed?: (error: unknown) => void): void {
  const step = (): void => {
    if (Date.now() - lastActivity() < QUIET_MS) return void setTimeout(step, QUIET_MS).unref();
    try {
      if (!steps.next().done) setTimeout(step, 0).unref();
    } catch (error) {
      failed?.(error);
    }
  };
  setTimeout(step, QUIET_MS).unref();
}

/** Compiles each query, one per step: the first keystroke that needs one must not wait for it. */
export function* compilingQueries(sources: readonly string[]): Generator<void> {
  for (const source of sources) {
    try {
      compileQuery(source);
    } catch {
      // reported where the query runs
    }
    yield;
  }
}

/** Types into a scratch copy of the document, one keystroke per step. */
export function* rehearsingTyping(r: Rehearsal): Generator<void> {
  const text = scratchText(r.text);
  const changes = keystrokes(text, KEYSTROKES);
  if (changes.length === 0) return r.done?.(0, 0);
  // Its own parser: the shared one would drop a real document's parse stopped by its budget.
  const store = new DocumentStore(new ResumableParser());
  const doc = store.open('untitled:go-for-cloud-rehearsal.go', 'go', 1, text);
  let busyMs = 0;
  let typed = 0;
  try {
    for (let next = -1; next < changes.length; next++) {
      // next = -1: the first analysis of the copy
      const t0 = performance.now();
      try {
        if (next >= 0) doc.applyChanges([changes[next]], next + 2);
        analyzeDocument(r.analyzer, doc, r.settings, () => undefined);
      } catch {
        break; // a rehearsal never reports: it stops
      }
      // A large copy is split into parts at once (documents.ts), so the parts' path is warmed too.
      if (next === -1) while (doc.splitStep());
      busyMs += performance.now() - t0;
      typed = next + 1;
      yield;
    }
  } finally {
    store.close(doc.uri);
  }
  r.done?.(typed, busyMs);
}

/** Re-reads of the real document after the rehearsal (one per step). */
const REREADS = 30;

/**
 * The keystroke path once more, on the real document and its own size, with an edit that
 * changes nothing: the rehearsal's copy is at most MAX_LINES long, and V8 optimises the loops
 * over a file's top-level entries for the sizes it has seen. In-process (scratch harness), 30
 * re-reads of a 10,000-line file made its first 27 real keystrokes take 0.6-0.8 of the time.
 * It stops as soon as `unchanged` says the document moved on (a version, a setting, a parse
 * under way): the real keystrokes then warm the code themselves.
 */
export function* rereading(doc: OpenDocument, analyze: () => void, unchanged: () => boolean): Generator<void> {
  const nothing = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' };
  for (let k = 0; k < REREADS && unchanged(); k++) {
    doc.applyChanges([nothing], doc.version);
    analyze();
    yield;
  }
}

/** The document up to MAX_LINES lines, cut before a top-level declaration. */
export function scratchText(text: string): string {
  const lines = text.split('\n');
  if (lines.length <= MAX_LINES) return text;
  let end = MAX_LINES;
  while (end > 0 && !/^(func|type|var|const) /.test(lines[end])) end--;
  return `${lines.slice(0, end || MAX_LINES).join('\n')}\n`;
}

/**
 * Typing a statement at the start of a few function-body lines, one character per change, and
 * deleting it again: what a user does, so the code that runs is the code a keystroke runs.
 */
export function keystrokes(text: string, count: number): TextDocumentContentChangeEvent[] {
  const lines = text.split('\n');
  let inFunction = false;
  const spots: number[] = [];
  lines.forEach((l, i) => {
    if (/^\S/.test(l) && !l.startsWith('}')) inFunction = l.startsWith('func ');
    if (inFunction && /^\t[a-z]/.test(l)) spots.push(i);
  });
  if (spots.length === 0) return [];
  const picks = [0.2, 0.5, 0.8].map((f) => spots[Math.floor(f * spots.length)]);
  const out: TextDocumentContentChangeEvent[] = [];
  const at = (line: number, character: number) => ({ line, character });
  for (let k = 0; out.length < count; k++) {
    const line = picks[k % picks.length];
    out.push({ range: { start: at(line, 0), end: at(line, 0) }, text: '\t\n' });
    for (let c = 0; c < WORD.length; c++) out.push({ range: { start: at(line, 1 + c), end: at(line, 1 + c) }, text: WORD[c] });
    for (let c = WORD.length; c > 0; c--) out.push({ range: { start: at(line, c), end: at(line, c + 1) }, text: '' });
    out.push({ range: { start: at(line, 0), end: at(line + 1, 0) }, text: '' });
  }
  return out.slice(0, count);
}

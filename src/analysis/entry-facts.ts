// Facts about single top-level entries, kept in arrays aligned with a version's entries and
// carried over to the next version with the entries themselves (GoFile.perEntry): a keystroke
// computes the facts of the entries it changed, and every fold over the file (is there a
// syntax error, does a gate pattern match, which names are declared) reads arrays.

/** A version's per-entry facts, aligned with its entries, and how it got those it inherited. */
export interface FactSource {
  facts: ReadonlyMap<string, readonly unknown[]>;
  /** Whether its tree held a syntax error (then its has-error facts say where). */
  errors: boolean;
  carried?: Carried;
}

/** Which entries of the version before were carried over: those before `before` and from `after` on. */
export interface Carried {
  source: FactSource;
  before: number;
  after: number;
  oldLength: number;
  /** The texts of the entries of the version before that were not carried over. */
  replaced: string[];
}

/** Where a fact must be computed. */
export const MISSING: unique symbol = Symbol('missing');

/** How many versions back a fact not computed in the version before is looked for. */
export const FACT_DEPTH = 3;

/**
 * A version's facts for `key`: computed there, or carried into it from the versions before
 * (MISSING where not known); `complete` when no entry is MISSING.
 */
function sourceFacts(s: FactSource, key: string, length: number, depth: number): { facts: readonly unknown[]; complete: boolean } | undefined {
  const own = s.facts.get(key);
  if (own && !s.errors) return { facts: own, complete: true };
  if (!own && key === HAS_ERROR && !s.errors) return { facts: Array.from({ length }, () => false), complete: true };
  const facts = own ?? (s.carried && depth < FACT_DEPTH ? carriedFacts(s.carried, key, length, depth + 1).values : undefined);
  if (!facts || !s.errors) return facts && { facts, complete: false };
  // Only entries known to have parsed without a syntax error: tree-sitter's error recovery
  // can resolve the inside of an erroneous entry differently without reporting a change.
  const errs = s.facts.get(HAS_ERROR);
  return errs && { facts: facts.map((v, i) => (errs[i] ? MISSING : v)), complete: false };
}

/**
 * The facts for `key` of a version of `length` entries carried over by `c`: MISSING for its
 * new entries, which are [from, to) unless `scan` (then MISSING may be anywhere).
 */
export function carriedFacts(c: Carried | undefined, key: string, length: number, depth: number): { values: unknown[]; from: number; to: number; scan: boolean } {
  const old = c && sourceFacts(c.source, key, c.oldLength, depth);
  if (!c || !old) return { values: Array.from({ length }, () => MISSING), from: 0, to: length, scan: false };
  const shift = length - c.oldLength;
  const to = c.after + shift;
  const middle = Array.from({ length: to - c.before }, () => MISSING);
  // Packed arrays throughout: slice and concat copy them as memory (holes would take V8's slow path).
  const values = shift === 0 ? old.facts.slice() : old.facts.slice(0, c.before).concat(middle, old.facts.slice(c.after));
  if (shift === 0) for (let i = c.before; i < to; i++) values[i] = MISSING;
  return { values, from: c.before, to, scan: !old.complete };
}

/** The chain of versions, cut at FACT_DEPTH so old versions' facts are freed. */
export function trimmed(c: Carried | undefined, depth = FACT_DEPTH): Carried | undefined {
  if (!c || depth === 0) return undefined;
  return { ...c, source: { ...c.source, carried: trimmed(c.source.carried, depth - 1) } };
}

/** The per-entry fact of syntax errors (GoFile.entriesWithErrors), which the carrying over of the others reads. */
export const HAS_ERROR = 'has-error';

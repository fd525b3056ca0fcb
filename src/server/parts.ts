// An open Go document's syntax trees. tree-sitter's reparse after a keystroke costs time in
// proportion to the number of siblings in the list that holds the edit: on a 10,000-line file
// with 2,000 top-level declarations, ~3 ms of the keystroke. So once a large document has
// been parsed whole and the user pauses, its top level is split into parts of about
// PART_ENTRIES declarations, each its own tree over its own range of the text (tree-sitter's
// included ranges keep positions absolute). A keystroke then reparses one part; the trees
// after it only shift. Without a syntax error, a part parses exactly as the same declarations
// do in the whole file: a part starts where a top-level declaration starts, in the parser's
// initial state (tests compare them with a whole parse after every edit).
import type { Edit, Point, Range, Tree } from 'web-tree-sitter';
import { ResumableParser, TextInput, type TextSource } from '../analysis/parser';

/** Top-level nodes per part, after a split. */
export const PART_ENTRIES = 64;
/** A part is split once it holds more than this many times PART_ENTRIES top-level nodes. */
const SPLIT_ABOVE = 3;

interface Part {
  tree: Tree;
  /** Its tree's top-level node count, when last parsed (asked after every pull: no wasm call then). */
  entries: number;
  /** What the tree reads node text through: pointed at each new version of the text. */
  input: TextInput;
  /** Its range of the text: parts are contiguous, from 0 to the text's end. */
  start: number;
  end: number;
  /** Edited since its last parse. */
  dirty: boolean;
  /** A new object whenever its tree is edited: the owner of a parse stopped midway. */
  owner: object;
  /** Its split failed (a sub-part did not parse cleanly): not tried again. */
  unsplittable?: boolean;
}

/** A split under way: one sub-part parsed per step, applied when all are. */
interface Split {
  part: Part;
  bounds: number[];
  trees: Tree[];
  input: TextInput;
}

/** Parses the sub-parts of a split: never the document parser, whose stopped parse it would drop. */
const splitParser = new ResumableParser();

export class PartedTree {
  private parts: Part[] = [];
  private split?: Split;

  constructor(private readonly parser: ResumableParser) {}

  /** Parsed at least once (edits can then be replayed into the trees). */
  get parsed(): boolean {
    return this.parts.length > 0;
  }

  /** Whether a parse is due. */
  get dirty(): boolean {
    return this.parts.length === 0 || this.parts.some((p) => p.dirty);
  }

  get count(): number {
    return this.parts.length;
  }

  /** The trees, in text order (after a parse). */
  get trees(): Tree[] {
    return this.parts.map((p) => p.tree);
  }

  /** Drops every tree: the next parse reads the whole text as one. */
  reset(): void {
    this.cancelSplit();
    for (const p of this.parts) p.tree.delete();
    this.parts = [];
  }

  /**
   * Replays an edit (offsets in the text before it) into the trees. An edit across a boundary
   * merges the parts it touches; then their range of the new text is returned, all of which
   * the next parse reads anew.
   */
  edit(edit: Edit): { start: number; end: number } | undefined {
    const parts = this.parts;
    if (parts.length === 0) return undefined;
    this.cancelSplit();
    // The part the edit starts in (at a boundary: the part after it), and the one it ends in.
    let i = parts.length - 1;
    while (i > 0 && parts[i].start > edit.startIndex) i--;
    let j = i;
    while (j + 1 < parts.length && parts[j].end < edit.oldEndIndex) j++;
    const end = parts[j].end;
    for (const p of parts.splice(i + 1, j - i)) p.tree.delete();
    const delta = edit.newEndIndex - edit.oldEndIndex;
    parts[i].end = end;
    // Its tree and the trees after it (their positions shift); a tree edited mid-parse cannot resume.
    for (let k = i; k < parts.length; k++) {
      const p = parts[k];
      p.tree.edit(edit);
      if (k > i) p.start += delta;
      p.end += delta;
      p.owner = {};
    }
    parts[i].dirty = true;
    const touched = { start: parts[i].start, end: parts[i].end };
    // A part emptied by the edit goes (its neighbours' ranges already meet).
    if (parts.length > 1 && parts[i].start === parts[i].end) parts.splice(i, 1)[0].tree.delete();
    return j > i ? touched : undefined;
  }

  /**
   * Brings every edited part up to date unless the budget runs out first (then false: the next
   * call goes on). The first parse reads the whole text as one tree, with no budget. Where a
   * reparse changed more than the edits (a syntax error either side), `changed` is told.
   */
  parse(text: TextSource, pointAt: (offset: number) => Point, budgetMs: number, changed: (start: number, end: number) => void): boolean {
    if (this.parts.length === 0) {
      const owner = {};
      const input = new TextInput(text);
      const tree = this.parser.parse(owner, input, undefined, Infinity)!;
      this.parts = [{ tree, entries: tree.rootNode.childCount, input, start: 0, end: text.length, dirty: false, owner }];
      return true;
    }
    const deadline = performance.now() + budgetMs;
    for (const p of this.parts) {
      // A part the edits did not reach, or only shifted, reads the same node text at its new
      // positions in the new version.
      if (!p.dirty) {
        p.input.source = text;
        continue;
      }
      const ranges = this.parts.length > 1 ? [rangeOf(p, pointAt)] : undefined;
      const input = new TextInput(text);
      const tree = this.parser.parse(p.owner, input, p.tree, Math.max(0, deadline - performance.now()), ranges);
      if (!tree) return false;
      const old = p.tree;
      // Asking tree-sitter walks the part's top level: only when error recovery may have reached
      // beyond the edits (documents.ts).
      if (old.rootNode.hasError || tree.rootNode.hasError) for (const r of tree.getChangedRanges(old)) changed(r.startIndex, r.endIndex);
      old.delete();
      p.tree = tree;
      p.entries = tree.rootNode.childCount;
      p.input = input;
      p.dirty = false;
    }
    return true;
  }

  /** Whether a part is large enough to split (splitStep has work). */
  get splittable(): boolean {
    return this.parts.some((p) => !p.unsplittable && p.entries > SPLIT_ABOVE * PART_ENTRIES);
  }

  /**
   * One step of splitting a large part (parses one sub-part); true while there is more to do.
   * Only on clean trees: the caller runs it when the document is parsed and idle.
   */
  splitStep(text: TextSource, pointAt: (offset: number) => Point, entries = PART_ENTRIES): boolean {
    if (this.dirty) return false;
    if (!this.split) {
      const part = this.parts.find((p) => !p.unsplittable && p.entries > SPLIT_ABOVE * entries && !p.tree.rootNode.hasError);
      if (!part) return false;
      const bounds = splitBounds(part, text, entries);
      if (bounds.length < 3) {
        part.unsplittable = true;
        return true;
      }
      this.split = { part, bounds, trees: [], input: new TextInput(text) };
      return true;
    }
    const s = this.split;
    const k = s.trees.length;
    const range = rangeOf({ start: s.bounds[k], end: s.bounds[k + 1] }, pointAt);
    s.trees.push(splitParser.parse({}, s.input, undefined, Infinity, [range])!);
    if (s.trees.length < s.bounds.length - 1) return true;
    this.split = undefined;
    const counts = s.trees.map((t) => t.rootNode.childCount);
    if (s.trees.some((t) => t.rootNode.hasError) || counts.reduce((a, b) => a + b, 0) !== s.part.entries) {
      for (const t of s.trees) t.delete();
      s.part.unsplittable = true;
      return true;
    }
    const at = this.parts.indexOf(s.part);
    // The sub-parts share the input they were parsed through: every clean part reads the latest text.
    const subParts = s.trees.map((tree, n) => ({ tree, entries: counts[n], input: s.input, start: s.bounds[n], end: s.bounds[n + 1], dirty: false, owner: {} }));
    this.parts.splice(at, 1, ...subParts);
    s.part.tree.delete();
    return true;
  }

  private cancelSplit(): void {
    for (const t of this.split?.trees ?? []) t.delete();
    this.split = undefined;
  }
}

/**
 * Where to cut a part: about every `entries` top-level nodes, before a node that starts a line
 * and does not follow a comment (a doc comment stays with its declaration, a `nolint` line
 * with the line below).
 */
function splitBounds(part: Part, text: TextSource, entries: number): number[] {
  const children = part.tree.rootNode.children;
  const bounds = [part.start];
  let last = 0;
  for (let i = entries; i < children.length - entries / 2; i++) {
    if (i - last < entries) continue;
    const node = children[i]!;
    const before = children[i - 1]!;
    const at = node.startIndex;
    if (before.type === 'comment' || !node.isNamed || text.slice(at - 1, at) !== '\n') continue;
    bounds.push(at);
    last = i;
  }
  bounds.push(part.end);
  return bounds;
}

function rangeOf(p: { start: number; end: number }, pointAt: (offset: number) => Point): Range {
  return { startIndex: p.start, endIndex: p.end, startPosition: pointAt(p.start), endPosition: pointAt(p.end) };
}


// What one keystroke's incremental reparse costs in tree-sitter, by the shape of the file (a
// script, not a test). The cost grows with the number of siblings in the list that holds the
// edit: top-level declarations and comments of a file, statements of a block. This is why a
// keystroke in a 10,000-line file with thousands of top-level nodes costs milliseconds while one
// in a file of a few large functions costs a fraction of one.
// It also compares handing tree-sitter the whole string with handing it 256-character pieces
// (what open documents do: src/analysis/parser.ts), alternately on the same file, and one tree
// with the same text split into trees of 64 top-level nodes over their own ranges (what large
// open documents do: src/server/parts.ts), where a keystroke reparses one part and only edits
// the trees after it.
// Usage: node scripts/bench-reparse.mjs
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { Edit, Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
const SHAPES = {
  '5,000 small functions': `package p\n\n${Array.from({ length: 5000 }, (_, i) => `func f${i}() {\n\tx := ${i}\n\t_ = x\n}\n`).join('\n')}`,
  '50 functions of 400 statements': `package p\n\n${Array.from({ length: 50 }, (_, i) => `func f${i}() {\n${Array.from({ length: 100 }, (_, j) => `\tx${j} := ${i}\n\t_ = x${j}\n\t{\n\t}\n`).join('')}}\n`).join('\n')}`,
  'one function of 20,000 statements': `package p\n\nfunc f() {\n${Array.from({ length: 5000 }, (_, j) => `\tx${j} := ${j}\n\t_ = x${j}\n\t{\n\t}\n`).join('')}}\n`,
};

await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(fs.readFileSync(require.resolve('tree-sitter-go/tree-sitter-go.wasm'))));

const whole = (text) => text;
const pieces = (text) => (index) => text.slice(index, index + 256);

/** tree-sitter's point of an offset (rows split at \n). */
function pointAt(text, offset) {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') - 1 };
}

/**
 * Median cost of one keystroke (typed, then deleted) mid-file: one tree reparsed, against parts
 * of 64 top-level nodes, each a tree over its own range (the part holding the edit reparsed, the
 * trees after it edited).
 */
function reparseInParts(source) {
  let text = source;
  const at = text.indexOf('\n\t', Math.floor(text.length / 2)) + 1;
  const row = text.slice(0, at).split('\n').length - 1;
  let whole = parser.parse(pieces(text));
  const kids = whole.rootNode.children;
  const bounds = [0];
  for (let k = 64; k < kids.length - 32; k += 64) bounds.push(kids[k].startIndex);
  bounds.push(text.length);
  const range = (start, end) => ({ startIndex: start, endIndex: end, startPosition: pointAt(text, start), endPosition: pointAt(text, end) });
  const parts = bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1] }));
  for (const p of parts) p.tree = parser.parse(pieces(text), null, { includedRanges: [range(p.start, p.end)] });
  const edited = parts.findIndex((p) => p.start <= at && at < p.end);
  const samples = [[], []];
  for (let k = 0; k < 400; k++) {
    const inParts = Math.floor(k / 2) % 2;
    const insert = k % 2 === 0;
    const next = insert ? `${text.slice(0, at)}x${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
    const edit = new Edit({ startIndex: at, oldEndIndex: insert ? at : at + 1, newEndIndex: insert ? at + 1 : at, startPosition: { row, column: 0 }, oldEndPosition: { row, column: insert ? 0 : 1 }, newEndPosition: { row, column: insert ? 1 : 0 } });
    const delta = insert ? 1 : -1;
    // The range's end point is worked out before timing: the product keeps line starts per version.
    const end = { ...parts[edited], end: parts[edited].end + delta };
    const endRange = { startIndex: end.start, endIndex: end.end, startPosition: pointAt(next, end.start), endPosition: pointAt(next, end.end) };
    const t0 = performance.now();
    if (inParts) {
      for (let i = edited; i < parts.length; i++) parts[i].tree.edit(edit);
      const reparsed = parser.parse(pieces(next), parts[edited].tree, { includedRanges: [endRange] });
      parts[edited].tree.delete();
      parts[edited].tree = reparsed;
    } else {
      whole.edit(edit);
      const reparsed = parser.parse(pieces(next), whole);
      whole.delete();
      whole = reparsed;
    }
    samples[inParts].push(performance.now() - t0);
    if (inParts) {
      // Keep the whole tree in step, untimed.
      whole.edit(edit);
      const reparsed = parser.parse(pieces(next), whole);
      whole.delete();
      whole = reparsed;
    } else for (let i = edited; i < parts.length; i++) parts[i].tree.edit(edit);
    if (!inParts) {
      const reparsed = parser.parse(pieces(next), parts[edited].tree, { includedRanges: [endRange] });
      parts[edited].tree.delete();
      parts[edited].tree = reparsed;
    }
    parts[edited].end += delta;
    for (let i = edited + 1; i < parts.length; i++) {
      parts[i].start += delta;
      parts[i].end += delta;
    }
    text = next;
  }
  const result = { top: whole.rootNode.childCount, parts: parts.length, medians: samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]) };
  whole.delete();
  for (const p of parts) p.tree.delete();
  return result;
}

/** Median reparse after typing and deleting one character mid-file, per input mode (taken in turns). */
function reparse(source, modes) {
  let text = source;
  let tree = parser.parse(text);
  const at = text.indexOf('\n\t', Math.floor(text.length / 2)) + 1;
  const row = text.slice(0, at).split('\n').length - 1;
  const samples = modes.map(() => []);
  for (let k = 0; k < 200 * modes.length; k++) {
    // Each mode in turn types a character and deletes it again.
    const mode = Math.floor(k / 2) % modes.length;
    const insert = k % 2 === 0;
    const next = insert ? `${text.slice(0, at)}x${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
    tree.edit(new Edit({ startIndex: at, oldEndIndex: insert ? at : at + 1, newEndIndex: insert ? at + 1 : at, startPosition: { row, column: 0 }, oldEndPosition: { row, column: insert ? 0 : 1 }, newEndPosition: { row, column: insert ? 1 : 0 } }));
    const t0 = performance.now();
    const reparsed = parser.parse(modes[mode](next), tree);
    samples[mode].push(performance.now() - t0);
    tree.delete();
    tree = reparsed;
    text = next;
  }
  const result = { lines: text.split('\n').length.toLocaleString('en-US'), top: tree.rootNode.childCount, medians: samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]) };
  tree.delete();
  return result;
}

for (const [name, source] of Object.entries(SHAPES)) {
  const r = reparse(source, [pieces]);
  console.log(`${name}: ${r.lines} lines, ${r.top} top-level nodes; reparse after one keystroke, median ${r.medians[0].toFixed(2)} ms`);
}
// Real code: net/http's server.go three times over (~10,900 lines), as bench-lsp.mjs types in.
const REAL = '/usr/lib/go-1.19/src/net/http/server.go';
if (fs.existsSync(REAL)) {
  const [head, ...rest] = fs.readFileSync(REAL, 'utf8').split(/\n(?=func |type |var |const )/);
  const real = `${head}\n${rest.join('\n')}`.concat(`\n${rest.join('\n')}`.repeat(2));
  for (const [name, source] of [['5,000 small functions', SHAPES['5,000 small functions']], ['server.go three times over', real]]) {
    const r = reparse(source, [whole, pieces]);
    console.log(`${name}, read as one string: median ${r.medians[0].toFixed(2)} ms; in 256-character pieces: ${r.medians[1].toFixed(2)} ms (ratio ${(r.medians[1] / r.medians[0]).toFixed(2)})`);
  }
  for (const [name, source] of [['5,000 small functions', SHAPES['5,000 small functions']], ['server.go three times over', real]]) {
    const r = reparseInParts(source);
    console.log(`${name}, ${r.top} top-level nodes: one tree, median ${r.medians[0].toFixed(2)} ms; ${r.parts} parts of 64, the edited part reparsed and the trees after it edited: ${r.medians[1].toFixed(2)} ms (ratio ${(r.medians[1] / r.medians[0]).toFixed(2)})`);
  }
} else console.log(`${REAL} is missing (apt-get install golang-1.19-src): the comparisons on real code are not run`);

// What one keystroke's incremental reparse costs in tree-sitter, by the shape of the file (a
// script, not a test). The cost grows with the number of siblings in the list that holds the
// edit: top-level declarations and comments of a file, statements of a block. This is why a
// keystroke in a 10,000-line file with thousands of top-level nodes costs milliseconds while one
// in a file of a few large functions costs a fraction of one.
// It also compares handing tree-sitter the whole string with handing it 256-character pieces
// (what open documents do: src/analysis/parser.ts), alternately on the same file.
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
} else console.log(`${REAL} is missing (apt-get install golang-1.19-src): the string / pieces comparison on real code is not run`);

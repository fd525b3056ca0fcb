// What one keystroke's incremental reparse costs in tree-sitter, by the shape of the file (a
// script, not a test). The cost grows with the number of siblings in the list that holds the
// edit: top-level declarations and comments of a file, statements of a block. This is why a
// keystroke in a 10,000-line file with thousands of top-level nodes costs milliseconds while one
// in a file of a few large functions costs a fraction of one.
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

for (const [name, source] of Object.entries(SHAPES)) {
  let text = source;
  let tree = parser.parse(text);
  // Type and delete one character at the start of a statement in the middle of the file.
  const at = text.indexOf('\n\t_ = x', Math.floor(text.length / 2)) + 1;
  const row = text.slice(0, at).split('\n').length - 1;
  const samples = [];
  for (let k = 0; k < 200; k++) {
    const insert = k % 2 === 0;
    const next = insert ? `${text.slice(0, at)}x${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
    tree.edit(new Edit({ startIndex: at, oldEndIndex: insert ? at : at + 1, newEndIndex: insert ? at + 1 : at, startPosition: { row, column: 0 }, oldEndPosition: { row, column: insert ? 0 : 1 }, newEndPosition: { row, column: insert ? 1 : 0 } }));
    const t0 = performance.now();
    const reparsed = parser.parse(next, tree);
    samples.push(performance.now() - t0);
    tree.delete();
    tree = reparsed;
    text = next;
  }
  samples.sort((a, b) => a - b);
  const lines = text.split('\n').length.toLocaleString('en-US');
  console.log(`${name}: ${lines} lines, ${tree.rootNode.childCount} top-level nodes; reparse after one keystroke, median ${samples[100].toFixed(2)} ms`);
  tree.delete();
}

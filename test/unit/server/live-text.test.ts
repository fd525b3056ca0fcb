// An open document's text in pieces (src/server/live-text.ts) must behave exactly as
// vscode-languageserver-textdocument, which the server used before and which VS Code's own
// text model agrees with: the same text, line count, offsets and positions after every edit,
// with \n, \r\n and lone \r line breaks, and versions that later edits leave alone.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LiveText, type PieceText } from '../../../src/server/live-text';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'bc', '\n', '\r\n', '\r', 'func f() {\n\tx := 1\n}\n', '😀', '', 'x'.repeat(5000), 'line\r\nline\r\n'];

describe('LiveText: a document text in pieces', () => {
  it('matches vscode-languageserver-textdocument after each of thousands of random edits', () => {
    let checks = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = prng(seed);
      const start = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? `\tx${i} := ${i}\r\n` : `\ty${i}()\n`)).join('');
      let reference = TextDocument.create('file:///x.go', 'go', 1, start);
      const live = new LiveText(start);
      const versions: { snapshot: PieceText; text: string; lineStarts: number[] }[] = [];
      const lineStartsOf = (doc: TextDocument) => Array.from({ length: doc.lineCount }, (_, line) => doc.offsetAt({ line, character: 0 }));
      for (let v = 2; v < 250; v++) {
        const text = reference.getText();
        const pos = () => reference.positionAt(Math.floor(rnd() * (text.length + 1)));
        const a = pos();
        const b = rnd() < 0.5 ? a : pos();
        const [from, to] = reference.offsetAt(a) <= reference.offsetAt(b) ? [a, b] : [b, a];
        // Positions past a line's end too: both sides must clamp them alike.
        const range = rnd() < 0.1 ? { start: from, end: { line: to.line, character: to.character + 3 } } : { start: from, end: to };
        const change = rnd() < 0.02 ? { text: PIECES[Math.floor(rnd() * PIECES.length)] } : { range, text: PIECES[Math.floor(rnd() * PIECES.length)] };
        reference = TextDocument.update(reference, [change], v);
        live.apply(change);
        const expected = reference.getText();
        assert.equal(live.length, expected.length, `seed ${seed} v${v}: length`);
        assert.equal(live.lineCount, reference.lineCount, `seed ${seed} v${v}: line count`);
        for (let k = 0; k < 8; k++) {
          const offset = Math.floor(rnd() * (expected.length + 2));
          assert.deepEqual(live.positionAt(offset), reference.positionAt(offset), `seed ${seed} v${v}: positionAt(${offset})`);
          const p = { line: Math.floor(rnd() * (reference.lineCount + 1)), character: Math.floor(rnd() * 12) };
          assert.equal(live.offsetAt(p), reference.offsetAt(p), `seed ${seed} v${v}: offsetAt(${JSON.stringify(p)})`);
          const s = Math.floor(rnd() * expected.length);
          const e = s + Math.floor(rnd() * 9000);
          assert.equal(live.slice(s, e), expected.slice(s, e), `seed ${seed} v${v}: slice`);
          assert.equal(live.snapshot.charCodeAt(s), expected.charCodeAt(s));
          checks++;
        }
        if (rnd() < 0.1) versions.push({ snapshot: live.snapshot, text: expected, lineStarts: lineStartsOf(reference) });
        if (rnd() < 0.05) assert.equal(live.text, expected, `seed ${seed} v${v}: whole text`);
      }
      // Older versions read what they were: later edits made new versions beside them.
      for (const { snapshot, text, lineStarts } of versions) {
        assert.equal(snapshot.text, text);
        // Each version keeps its own line starts (GoFile reads them instead of joining the text).
        assert.deepEqual(snapshot.lineStarts, lineStarts);
        assert.equal(snapshot.slice(100, 7000), text.slice(100, 7000));
        let read = '';
        for (let at = 0; at < text.length; at += snapshot.readFrom(at).length || 1) read += snapshot.readFrom(at);
        assert.equal(read, text, 'read piece by piece');
      }
    }
    assert.ok(checks > 20_000, `${checks} checks`);
  });
});

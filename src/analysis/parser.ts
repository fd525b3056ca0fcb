// Loads the tree-sitter runtime and the Go grammar (both wasm) once per process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Query, type Range, type Tree } from 'web-tree-sitter';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GO_WASM = 'tree-sitter-go.wasm';

let loading: Promise<Language> | undefined;
let goLanguage: Language | undefined;
const queryCache = new Map<string, Query>();

/** Directories searched for the wasm files: next to the bundle first, then node_modules. */
function wasmCandidates(file: string): string[] {
  const dirs = [__dirname, path.join(__dirname, '..'), path.join(__dirname, '..', '..', 'dist')];
  return dirs.map((d) => path.join(d, file));
}

/** The package's own copy (resolving a package walks node_modules: ~7 ms, so only when needed). */
function packageCopy(file: string): string | undefined {
  try {
    if (file === RUNTIME_WASM) return require.resolve('web-tree-sitter/web-tree-sitter.wasm');
    if (file === GO_WASM) return path.join(path.dirname(require.resolve('tree-sitter-go/package.json')), GO_WASM);
  } catch {
    // not resolvable from a bundle: the copies next to it are the ones to use
  }
  return undefined;
}

function locate(file: string, wasmDir?: string): string {
  const candidates = wasmDir ? [path.join(wasmDir, file), ...wasmCandidates(file)] : wasmCandidates(file);
  const hit = candidates.find((p) => fs.existsSync(p)) ?? packageCopy(file);
  if (!hit || !fs.existsSync(hit)) throw new Error(`cannot find ${file} (looked in ${[...candidates, hit ?? 'node_modules'].join(', ')})`);
  return hit;
}

/** Initialise tree-sitter and load the Go grammar; safe to call many times. */
export function loadGo(wasmDir?: string): Promise<Language> {
  loading ??= (async () => {
    const runtime = locate(RUNTIME_WASM, wasmDir);
    await Parser.init({ locateFile: () => runtime });
    goLanguage = await Language.load(fs.readFileSync(locate(GO_WASM, wasmDir)));
    return goLanguage;
  })();
  return loading;
}

/** The loaded Go language; loadGo() must have resolved before. */
export function go(): Language {
  if (!goLanguage) throw new Error('tree-sitter Go grammar not loaded: await loadGo() first');
  return goLanguage;
}

/** The sources of every query declared by analysis code (declareQuery), in declaration order. */
const declaredSources: string[] = [];

/**
 * A query that analysis code runs, compiled on first use. Declared at module load, so a server
 * can compile all of them ahead in idle time (a compile takes milliseconds: never mid-keystroke).
 */
export function declareQuery(source: string): DeclaredQuery {
  declaredSources.push(source);
  return Object.assign(() => compileQuery(source), { source });
}

/** A declared query: call it for the compiled query. */
export type DeclaredQuery = (() => Query) & { readonly source: string };

export function declaredQuerySources(): readonly string[] {
  return declaredSources;
}

/** Compiles each query source once per process. */
export function compileQuery(source: string): Query {
  let q = queryCache.get(source);
  if (!q) {
    q = new Query(go(), source);
    queryCache.set(source, q);
  }
  return q;
}

let sharedParser: Parser | undefined;

function newGoParser(): Parser {
  const parser = new Parser();
  parser.setLanguage(go());
  return parser;
}

/** Parses Go source; pass the edited old tree for an incremental reparse. */
export function parseGo(text: string, oldTree?: Tree | null): Tree {
  sharedParser ??= newGoParser();
  const tree = sharedParser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * A parser that may stop a parse when its time budget runs out and resume it on the next call
 * for the same owner (the same document text). Open documents use their own: a keystroke that
 * unbalances a bracket can cost tree-sitter's error recovery hundreds of milliseconds.
 */
export class ResumableParser {
  private parser?: Parser;
  /** Whose parse stopped midway; any other owner starts afresh. */
  private stoppedFor?: object;

  /**
   * The tree, or undefined when the budget ran out first (call again to go on). With
   * `includedRanges`, only those ranges of the text are parsed (positions stay absolute).
   */
  parse(owner: object, input: TextInput, oldTree: Tree | undefined, budgetMs = Infinity, includedRanges?: Range[]): Tree | undefined {
    this.parser ??= newGoParser();
    if (this.stoppedFor !== owner) this.parser.reset();
    const deadline = performance.now() + budgetMs;
    const progressCallback = Number.isFinite(budgetMs) ? () => performance.now() > deadline : undefined;
    input.parsing = true;
    const tree = this.parser.parse(input.read, oldTree ?? null, { progressCallback, includedRanges });
    input.parsing = false;
    this.stoppedFor = tree ? undefined : owner;
    return tree ?? undefined;
  }
}

/**
 * What a tree reads its text through: handed to tree-sitter in short pieces while it parses.
 * Each piece is copied into wasm memory, and given the whole string, web-tree-sitter copies
 * 5,000 characters a time although a reparse reads only around the edit: short pieces make a
 * keystroke's reparse of real code 15–25 % cheaper (scripts/bench-reparse.mjs; no gain on tiny
 * synthetic functions, where the lexer reads in few places). After the parse the tree reads
 * node text through the same function, which then hands out whole pieces.
 */
export class TextInput {
  parsing = false;

  /**
   * `source` may be pointed at a later version of the text, when the tree was edited for the
   * changes since and no node of it lies in changed text (a part of a document that an edit
   * before it only shifted: server/parts.ts).
   */
  constructor(public source: TextSource) {}

  readonly read = (index: number): string => {
    // A piece may end inside a surrogate pair: tree-sitter's lexer reads on (documents.test.ts).
    if (this.parsing) return this.source.slice(index, index + INPUT_CHUNK);
    // Node text: the rest of the text, or of the piece that holds `index` (web-tree-sitter asks
    // again while it needs more); both without copying characters.
    return this.source.readFrom ? this.source.readFrom(index) : this.source.slice(index);
  };
}

/** What a parse reads: a string, or an open document's text in pieces (live-text.ts). */
export interface TextSource {
  readonly length: number;
  slice(start: number, end?: number): string;
  /** The text from `index` to the end of whatever piece holds it. */
  readFrom?(index: number): string;
}

const INPUT_CHUNK = 256;

export type { Tree, Node, Query, QueryCapture, QueryMatch, Point, Edit } from 'web-tree-sitter';

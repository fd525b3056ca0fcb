// The entry point shared by the language server and the CLI: text in, rated findings out.
import * as path from 'node:path';
import { analyzeGoFile, analyzeTextFile, type EngineOptions } from './engine';
import { fileKindOf } from './file-kind';
import { GoFile } from './go-file';
import { ModuleFinder } from './module';
import { PackageLoader, type Overlay } from './package';
import { parseGo, type Tree } from './parser';
import type { RatedFinding } from './types';

export class Analyzer {
  readonly modules = new ModuleFinder();
  readonly packages: PackageLoader;

  constructor(overlay?: Overlay) {
    this.packages = new PackageLoader(overlay);
  }

  /** Analyses a file of any supported kind; unknown kinds give no findings. */
  analyze(filePath: string, text: string, opts: EngineOptions = {}, tree?: Tree): RatedFinding[] {
    const kind = fileKindOf(filePath);
    if (!kind) return [];
    const module = this.modules.find(path.dirname(filePath));
    if (kind !== 'go') return analyzeTextFile({ path: filePath, text, kind }, module, opts);
    const ownTree = !tree;
    const file = new GoFile(filePath, text, tree ?? parseGo(text));
    try {
      return analyzeGoFile(file, this.packages.packageOf(file), module, opts);
    } finally {
      if (ownTree) file.tree.delete();
    }
  }

  /** Analyses an already parsed Go file (the server keeps trees of open documents). */
  analyzeGo(file: GoFile, opts: EngineOptions = {}): RatedFinding[] {
    const module = this.modules.find(path.dirname(file.path));
    return analyzeGoFile(file, this.packages.packageOf(file), module, opts);
  }
}

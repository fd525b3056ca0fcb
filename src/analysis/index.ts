// Public surface of the analysis core (no vscode imports here or below).
export * from './types';
export { Analyzer } from './analyzer';
export { loadGo, parseGo, compileQuery } from './parser';
export { GoFile } from './go-file';
export { fileKindOf } from './file-kind';
export { RULES, ruleById } from './rules';
export { applyEdits, nonOverlapping, ensureImport } from './edits';
export { analyzeGoFile, analyzeTextFile, severityOf, type EngineOptions } from './engine';

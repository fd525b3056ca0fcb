// Which analysis a file gets, decided from its path alone.
import * as path from 'node:path';
import type { FileKind } from './types';

export function fileKindOf(filePath: string): FileKind | undefined {
  const base = path.basename(filePath);
  // Test goldens (`Dockerfile.golden`, `main.go.golden`) are expected output, not input.
  if (base.endsWith('.golden')) return undefined;
  if (base.endsWith('.go')) return 'go';
  if (base === 'go.mod') return 'go.mod';
  if (base === 'Dockerfile' || base === 'Containerfile' || /\.(Dockerfile|dockerfile)$/.test(base) || /^Dockerfile\./.test(base)) {
    return 'dockerfile';
  }
  const norm = filePath.split(path.sep).join('/');
  if (/\/\.github\/workflows\/[^/]+\.ya?ml$/.test(norm)) return 'workflow';
  return undefined;
}

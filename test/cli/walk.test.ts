// The directory walk shared by the CLI and workspace analysis.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { walkAnalyzable, walkDirs } from '../../src/analysis/walk';
import { FIXTURES } from './helpers';

describe('cli: walkAnalyzable', () => {
  const root = path.join(FIXTURES, 'module');
  const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('finds Go files, go.mod, Dockerfiles and workflows; skips what the go command skips', () => {
    assert.deepEqual(rel(walkAnalyzable(root)), ['Dockerfile', 'go.mod', 'api/handler.go', 'api/lookup.go', 'store/store.go', '.github/workflows/ci.yml']);
  });

  it('groups files by directory', () => {
    const dirs = [...walkDirs(root)].map((b) => path.relative(root, b.dir) || '.');
    assert.deepEqual(dirs, ['.', 'api', 'store', '.github/workflows']);
  });

  it('enters a skipped directory when it is the root itself', () => {
    assert.deepEqual(rel(walkAnalyzable(path.join(root, 'testdata'))), ['testdata/bad.go']);
  });

  it('reports an unreadable root through the error callback', () => {
    const errors: string[] = [];
    assert.deepEqual(walkAnalyzable(path.join(root, 'nope'), (p, reason) => errors.push(`${path.basename(p)}: ${reason}`)), []);
    assert.deepEqual(errors, ['nope: no such file or directory']);
  });
});

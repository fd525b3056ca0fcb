import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findGo, GoNotFoundError } from '../../../src/toolchain/find-go';

describe('finding go', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-findgo-'));
    fs.mkdirSync(path.join(dir, 'root', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'root', 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'path'));
    fs.writeFileSync(path.join(dir, 'path', 'go'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'noexec'), '', { mode: 0o644 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prefers the configured path, then GOROOT/bin, then PATH', () => {
    const env = { GOROOT: path.join(dir, 'root'), PATH: path.join(dir, 'path') };
    assert.equal(findGo({ configured: path.join(dir, 'path', 'go'), env }), path.join(dir, 'path', 'go'));
    assert.equal(findGo({ configured: path.join(dir, 'root'), env }), path.join(dir, 'root', 'bin', 'go'));
    assert.equal(findGo({ env }), path.join(dir, 'root', 'bin', 'go'));
    assert.equal(findGo({ env: { PATH: path.join(dir, 'path') } }), path.join(dir, 'path', 'go'));
  });

  it('says plainly when go is missing or the setting is wrong', () => {
    assert.throws(() => findGo({ env: { PATH: path.join(dir, 'nothing') } }), GoNotFoundError);
    assert.throws(() => findGo({ configured: path.join(dir, 'noexec'), env: {} }), /goForCloud.goPath is set to/);
  });
});

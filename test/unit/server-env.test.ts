// The extension starts the language server with SERVER_ENV laid over its own environment (as
// vscode-languageclient merges them): Node must then not read NODE_EXTRA_CA_CERTS at start.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_ENV } from '../../src/extension/server-env';

describe('language server environment', () => {
  const stderrOf = (env: NodeJS.ProcessEnv): string => spawnSync(process.execPath, ['-e', '0'], { env, encoding: 'utf8' }).stderr;
  const host = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(os.tmpdir(), 'gfc-no-such-ca-bundle.pem') };

  it('keeps Node from reading an extra CA bundle when the server starts', () => {
    // Node reads the file before any script runs, and says so when it is missing.
    assert.match(stderrOf(host), /Ignoring extra certs/);
    assert.equal(stderrOf({ ...host, ...SERVER_ENV }), '');
  });
});

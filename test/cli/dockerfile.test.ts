// `go-for-cloud dockerfile` as a process, and `check` over a tree with go.mod, Dockerfiles
// and workflows (the container and toolchain rules run from the walk too).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertNoStack, cli, ROOT } from './helpers';

const MODULE = path.join(ROOT, 'test', 'fixtures', 'dockerfile-gen', 'service');

describe('CLI: dockerfile', function () {
  this.timeout(60_000);

  it('prints a Dockerfile for a main package, exit 0, nothing written', () => {
    const before = fs.readdirSync(MODULE).sort();
    const r = cli(['dockerfile', './cmd/api'], { cwd: MODULE });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^FROM golang:1\.\d+ AS build$/m);
    assert.match(r.stdout, /^RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main\.version=\$\{VERSION\}" -o \/out\/api \.\/cmd\/api$/m);
    assert.match(r.stdout, /^ENTRYPOINT \["\/api"\]$/m);
    assert.deepEqual(fs.readdirSync(MODULE).sort(), before);
  });

  it('a generated Dockerfile checks clean with `check`', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-cli-docker-'));
    try {
      const r = cli(['dockerfile', 'cmd/worker'], { cwd: MODULE });
      fs.writeFileSync(path.join(dir, 'Dockerfile'), r.stdout);
      const check = cli(['check', '--format', 'json', dir]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.deepEqual(JSON.parse(check.stdout), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad paths and packages: one line on stderr, exit 2, no stack', () => {
    for (const args of [['dockerfile', 'no/such/dir'], ['dockerfile', 'cmd'], ['dockerfile', '--frobnicate'], ['dockerfile', os.tmpdir()]]) {
      const r = cli(args, { cwd: MODULE });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^go-for-cloud dockerfile: /);
      assertNoStack(r.stderr);
    }
  });

  it('check walks into go.mod, Dockerfiles and .github/workflows', () => {
    const r = cli(['check', '--format', 'json', '--rule', 'unsupported-go-toolchain', path.join(ROOT, 'test', 'fixtures', 'unsupported-go-toolchain')]);
    assert.equal(r.code, 1, r.stderr);
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => path.basename(f.file)));
    // Every fixture whose `want` comments expect the rule, found through the walk: go.mod,
    // Dockerfiles and workflows alike.
    assert.deepEqual([...files].sort(), ['ci.yml', 'default.Dockerfile', 'env.yml', 'go.mod', 'quoted.Dockerfile', 'stages.Dockerfile', 'variants.Dockerfile']);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../../src/analysis/analyzer';
import { DockerfileModel } from '../../src/analysis/dockerfile/model';
import { goInvocation } from '../../src/analysis/dockerfile/shell';
import { GoFile } from '../../src/analysis/go-file';
import { loadGo, parseGo } from '../../src/analysis/parser';
import { dockerfileVerb } from '../../src/cli/dockerfile';
import { UsageError } from '../../src/cli/io';
import { detectLocalGoVersion, findPort, generateFor } from '../../src/toolchain/dockerfile-facts';
import { generateDockerfile } from '../../src/toolchain/dockerfile-gen';
import { findMainPackages } from '../../src/toolchain/main-packages';
import { FIXTURES, hasGo } from './fixture-harness';

const MODULE = path.join(FIXTURES, 'dockerfile-gen', 'service');
const NOW = new Date('2026-11-26T12:00:00Z');

async function generated(pattern: string) {
  const pkg = (await findMainPackages(MODULE)).find((p) => p.pattern === pattern);
  assert.ok(pkg, `main package ${pattern}`);
  return generateFor(MODULE, pkg, { now: NOW });
}

function portIn(src: string): number | undefined {
  const tree = parseGo(src);
  try {
    return findPort(new GoFile('/x/main.go', src, tree));
  } finally {
    tree.delete();
  }
}

describe('Generate Dockerfile', function () {
  this.timeout(120_000);
  before(() => loadGo());

  it('builds on the newest supported golang image and stamps main.version', async () => {
    const { spec, dockerfile } = await generated('./cmd/api');
    assert.deepEqual(spec, { pkg: './cmd/api', name: 'api', goRelease: '1.27', versionVariable: 'main.version', port: 8080, hasGoSum: false });
    const lines = dockerfile.split('\n');
    assert.ok(lines.includes('FROM golang:1.27 AS build'));
    // go.mod alone before the download, sources after: the download layer stays cached.
    assert.ok(lines.indexOf('COPY go.mod ./') < lines.indexOf('RUN go mod download'));
    assert.ok(lines.indexOf('RUN go mod download') < lines.indexOf('COPY . .'));
    assert.ok(lines.includes('ARG VERSION=dev'));
    assert.ok(lines.includes('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/api ./cmd/api'));
    assert.ok(lines.includes('FROM gcr.io/distroless/static-debian12:nonroot'));
    assert.ok(lines.includes('COPY --from=build /out/api /api'));
    assert.ok(lines.includes('EXPOSE 8080'));
    assert.ok(lines.includes('USER nonroot:nonroot'));
    assert.equal(lines.at(-2), 'ENTRYPOINT ["/api"]');
  });

  it('leaves out what the package does not have: version variable, port, go.sum', () => {
    const text = generateDockerfile({ pkg: '.', name: 'svc', goRelease: '1.26', hasGoSum: true });
    assert.ok(text.includes('COPY go.mod go.sum ./'));
    assert.ok(!text.includes('ARG VERSION'));
    assert.ok(!text.includes('EXPOSE'));
    assert.ok(text.includes('go build -trimpath -ldflags="-s -w" -o /out/svc .\n'));
  });

  it('passes every rule of this project (no findings at all)', async () => {
    for (const pattern of ['./cmd/api', './cmd/worker']) {
      const { dockerfile } = await generated(pattern);
      const findings = new Analyzer().analyze(path.join(os.tmpdir(), 'gen', 'Dockerfile'), dockerfile, { now: NOW });
      assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), [], pattern);
    }
  });

  it('finds the port in the code', () => {
    assert.equal(portIn('package main\nfunc main() { http.ListenAndServe(":8081", nil) }'), 8081);
    assert.equal(portIn('package main\nfunc main() { r := gin.Default(); r.Run(":3000") }'), 3000);
    assert.equal(portIn('package main\nfunc main() { s := http.Server{Addr: "0.0.0.0:7000"}; s.ListenAndServe() }'), 7000);
    assert.equal(portIn('package main\nfunc main() { p := os.Getenv("PORT"); if p == "" { p = "5000" }; serve(p) }'), 5000);
    // Not an address: no port rather than a wrong one.
    assert.equal(portIn('package main\nfunc main() { http.ListenAndServe(addr, nil); fmt.Println(":9999") }'), undefined);
    assert.equal(portIn('package main\nfunc main() { http.ListenAndServe("localhost", nil) }'), undefined);
  });

  it('runs the exact go build command line of the generated Dockerfile (not docker build) and stamps the version', async function () {
    if (!hasGo()) this.skip();
    const { dockerfile } = await generated('./cmd/api');
    const model = new DockerfileModel(dockerfile);
    const build = model.stages[0].instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((i) => model.commands(i)).map(goInvocation).find((g) => g?.sub === 'build');
    assert.ok(build, 'a RUN with go build');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-dockerfile-'));
    try {
      fs.cpSync(MODULE, path.join(tmp, 'src'), { recursive: true });
      // What Docker does: ARG values become environment variables of the RUN's shell.
      const buildArgs: Record<string, string> = { VERSION: 'v1.2.3-test' };
      const out = path.join(tmp, 'out');
      const argv = build.command.argv.map((w) => w.value.replace(/\$\{(\w+)\}/g, (_m, n: string) => buildArgs[n] ?? ''));
      const o = argv.indexOf('-o');
      argv[o + 1] = path.join(out, path.basename(argv[o + 1]));
      const env: Record<string, string> = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' } as Record<string, string>;
      for (const a of build.command.assigns) env[a.value.split('=')[0]] = a.value.slice(a.value.indexOf('=') + 1);
      assert.equal(env.CGO_ENABLED, '0');
      execFileSync('go', argv.slice(1), { cwd: path.join(tmp, 'src'), env, stdio: 'pipe' });
      const bin = path.join(out, 'api');
      assert.equal(execFileSync(bin, ['-version'], { encoding: 'utf8' }).trim(), 'v1.2.3-test');
      const info = execFileSync('go', ['version', '-m', bin], { encoding: 'utf8' });
      assert.match(info, /build\s+-trimpath=true/);
      assert.match(info, /build\s+CGO_ENABLED=0/);
      // -s -w: no symbol table, so `go tool nm` has nothing to list.
      const nm = (() => {
        try {
          return execFileSync('go', ['tool', 'nm', bin], { encoding: 'utf8', stdio: 'pipe' });
        } catch (e) {
          return String((e as { stderr?: string }).stderr ?? e);
        }
      })();
      assert.match(nm, /no symbols/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a local Go newer than the release table picks the builder image', async function () {
    if (process.platform === 'win32') this.skip();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gfc-fakego-'));
    try {
      const fakeGo = path.join(tmp, 'go');
      fs.writeFileSync(fakeGo, '#!/bin/sh\n[ "$1 $2" = "env GOVERSION" ] && echo go1.28.1\n', { mode: 0o755 });
      const local = await detectLocalGoVersion(MODULE, fakeGo);
      assert.equal(local, 'go1.28.1');
      const pkg = (await findMainPackages(MODULE)).find((p) => p.pattern === './cmd/api')!;
      assert.equal((await generateFor(MODULE, pkg, { now: NOW, localGoVersion: local })).spec.goRelease, '1.28');
      // No Go at all: no version, no error.
      assert.equal(await detectLocalGoVersion(MODULE, path.join(tmp, 'missing')), undefined);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  describe('CLI: go-for-cloud dockerfile', () => {
    async function run(args: string[], cwd = MODULE) {
      let stdout = '';
      const code = await dockerfileVerb.run(args, { stdout: (t) => (stdout += t), stderr: () => undefined, cwd });
      return { code, stdout };
    }

    it('prints the Dockerfile of the named package', async () => {
      const { code, stdout } = await run(['./cmd/worker']);
      assert.equal(code, 0);
      assert.ok(stdout.includes('-o /out/worker ./cmd/worker\n'));
      assert.ok(stdout.includes('EXPOSE 9090\n'));
      assert.ok(!stdout.includes('ARG VERSION'));
    });

    it('prints the .dockerignore with --dockerignore', async () => {
      const { stdout } = await run(['--dockerignore', 'cmd/api']);
      assert.match(stdout, /^\.git$/m);
    });

    it('asks which package when the module has several', async () => {
      await assert.rejects(run([]), (e: unknown) => e instanceof UsageError && /\.\/cmd\/api, \.\/cmd\/worker/.test(e.message));
      await assert.rejects(run(['.']), UsageError);
    });

    it('says clearly when the path is not a main package or not a directory', async () => {
      await assert.rejects(run(['cmd']), /not a main package/);
      await assert.rejects(run(['nope']), /not a directory/);
      await assert.rejects(run(['--bogus']), UsageError);
    });
  });
});

import * as assert from 'node:assert/strict';
import { cgoOff, goBuilds } from '../../src/analysis/dockerfile/go-commands';
import { DockerfileModel, isDevImage, isStaticBase, parseImage } from '../../src/analysis/dockerfile/model';
import { goInvocation, parseShell } from '../../src/analysis/dockerfile/shell';
import { setupGoVersions } from '../../src/analysis/workflow/setup-go';

const first = (text: string) => parseShell(text, 0, text.length)[0];
const words = (text: string) => parseShell(text, 0, text.length).map((c) => [...c.assigns, ...c.argv].map((w) => w.value));

describe('Dockerfile parsing helpers', () => {
  it('splits shell commands with quotes, separators, continuations and comment lines', () => {
    assert.deepEqual(words(`A=1 go build -ldflags="-s -w" -o 'my app' . && echo "a;b" ; ls|wc`), [
      ['A=1', 'go', 'build', '-ldflags=-s -w', '-o', 'my app', '.'],
      ['echo', 'a;b'],
      ['ls'],
      ['wc'],
    ]);
    assert.deepEqual(words('go mod download && \\\n    # a comment Docker drops\n    go build \\\n  -o /x .'), [['go', 'mod', 'download'], ['go', 'build', '-o', '/x', '.']]);
    assert.deepEqual(words('if true; then env -i CGO_ENABLED=0 go build .; fi'), [['true'], ['CGO_ENABLED=0', 'go', 'build', '.'], ['fi']]);
  });

  it('keeps document offsets of words', () => {
    const text = 'RUN  go build -o /out/app .';
    const [cmd] = parseShell(text, 5, text.length);
    assert.equal(text.slice(cmd.start, cmd.argv[0].end), 'go');
    assert.equal(text.slice(cmd.argv[3].start, cmd.argv[3].end), '/out/app');
  });

  it('reads go invocations: flags with and without =, packages, go run program arguments', () => {
    const build = goInvocation(first('go build -trimpath -o=bin/app -tags netgo ./cmd/app'))!;
    assert.equal(build.sub, 'build');
    assert.equal(build.flags.get('o')?.value, 'bin/app');
    assert.equal(build.flags.get('tags')?.value, 'netgo');
    assert.ok(build.flags.has('trimpath'));
    assert.deepEqual(build.packages.map((w) => w.value), ['./cmd/app']);
    const run = goInvocation(first('/usr/local/go/bin/go run -race . --port 80'))!;
    assert.equal(run.sub, 'run');
    assert.deepEqual(run.packages.map((w) => w.value), ['.']);
    assert.deepEqual(run.programArgs.map((w) => w.value), ['--port', '80']);
    assert.equal(goInvocation(first('gofmt -l .')), undefined);
  });

  it('models stages: names, parents, global ARGs, WORKDIR, outputs and cgo', () => {
    const m = new DockerfileModel(
      [
        'ARG GO=1.27',
        'FROM golang:${GO}-alpine AS Base',
        'WORKDIR /src',
        'WORKDIR app',
        'RUN go build -o bin/server ./cmd/server',
        'FROM base AS test',
        'ENV CGO_ENABLED=0',
        'RUN go build -o /t .',
        '',
      ].join('\n'),
    );
    assert.equal(m.stages[0].image, 'golang:1.27-alpine');
    assert.equal(m.stages[0].name, 'base');
    assert.equal(m.stages[1].parent, m.stages[0]);
    assert.deepEqual(m.baseImage(m.stages[1]), { name: 'golang', tag: '1.27-alpine', digest: undefined });
    assert.equal(m.workdirAt(m.stages[1]), '/src/app');
    const builds = goBuilds(m, m.stages[1]);
    assert.deepEqual(builds.map((b) => b.output), ['/src/app/bin/server', '/t']);
    assert.ok(builds.every((b) => cgoOff(m, b)), 'alpine builder, and ENV in the second');
  });

  it('reads heredoc RUN bodies as shell, and other programs\' heredocs not', () => {
    const m = new DockerfileModel('FROM golang:1.27\nRUN <<EOT\ngo build -o /a .\nEOT\nRUN python3 <<EOT\ngo build -o /b .\nEOT\n');
    assert.deepEqual(goBuilds(m, m.stages[0]).map((b) => b.output), ['/a']);
  });

  it('knows image names', () => {
    assert.ok(isStaticBase(parseImage('gcr.io/distroless/static-debian12:nonroot')));
    assert.ok(isStaticBase(parseImage('scratch')));
    assert.ok(!isStaticBase(parseImage('gcr.io/distroless/base-debian12')));
    assert.deepEqual(parseImage('localhost:5000/golang:1.22@sha256:ab'), { name: 'localhost:5000/golang', tag: '1.22', digest: 'sha256:ab' });
    assert.ok(isDevImage('/x/Dockerfile.dev', undefined));
    assert.ok(isDevImage('/x/test.Dockerfile', undefined));
    assert.ok(!isDevImage('/x/latest.Dockerfile', undefined));
    assert.ok(!isDevImage('/x/Dockerfile', undefined));
  });

  it('finds setup-go versions, not in other actions, and skips broken YAML', () => {
    const yml = "jobs:\n  a:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n      - uses: other/setup-go@v1\n        with:\n          go-version: '1.19'\n";
    const found = setupGoVersions(yml);
    assert.deepEqual(found.map((f) => [f.value, f.style, yml.slice(f.start, f.end)]), [['1.22', 'single', '1.22']]);
    assert.deepEqual(setupGoVersions('jobs: [\n'), []);
  });
});

import * as assert from 'node:assert/strict';
import { outputPath, planBuild, DEFAULT_OUTPUT, type BuildRequest } from '../../../src/toolchain/build-plan';
import { parseTarget, targetEnv, type DistTarget } from '../../../src/toolchain/targets';

const DIST: DistTarget[] = [
  { GOOS: 'linux', GOARCH: 'amd64', CgoSupported: true, FirstClass: true },
  { GOOS: 'linux', GOARCH: 'arm64', CgoSupported: true, FirstClass: true },
  { GOOS: 'windows', GOARCH: 'amd64', CgoSupported: true, FirstClass: true },
  { GOOS: 'linux', GOARCH: 'arm', CgoSupported: true, FirstClass: true },
  { GOOS: 'js', GOARCH: 'wasm', CgoSupported: false },
];

function request(over: Partial<BuildRequest> = {}): BuildRequest {
  return {
    pkg: './cmd/api',
    name: 'api',
    targets: [parseTarget('linux/arm64')!],
    static: true,
    stamp: true,
    trimpath: true,
    strip: true,
    versionVariable: 'main.version',
    version: 'v1.2.3-4-gabcdef0-dirty',
    output: DEFAULT_OUTPUT,
    usesCgo: false,
    host: { goos: 'linux', goarch: 'amd64' },
    ...over,
  };
}

describe('build plan', () => {
  it('parses targets with variants and refuses malformed ones', () => {
    assert.deepEqual(parseTarget('linux/arm/7'), { goos: 'linux', goarch: 'arm', variant: '7' });
    assert.deepEqual(parseTarget('linux/amd64/v3'), { goos: 'linux', goarch: 'amd64', variant: 'v3' });
    assert.equal(parseTarget('linux'), undefined);
    assert.equal(parseTarget('linux/arm/9'), undefined);
    assert.equal(parseTarget('linux/arm64/v2'), undefined);
    assert.equal(parseTarget('Linux/AMD64'), undefined);
    assert.equal(parseTarget('linux/amd64; rm -rf /'), undefined);
    assert.deepEqual(targetEnv(parseTarget('linux/arm/6')!), { GOOS: 'linux', GOARCH: 'arm', GOARM: '6' });
    assert.deepEqual(targetEnv(parseTarget('linux/amd64/v3')!), { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v3' });
  });

  it('builds static, trimmed, stripped and stamped by default, with the target in the env only', () => {
    const plan = planBuild(request(), DIST);
    assert.deepEqual(plan.refused, []);
    assert.equal(plan.steps.length, 1);
    const step = plan.steps[0];
    assert.deepEqual(step.args, ['build', '-trimpath', '-ldflags=-s -w -X main.version=v1.2.3-4-gabcdef0-dirty', '-o', 'dist/api_linux_arm64', './cmd/api']);
    assert.deepEqual(step.env, { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' });
  });

  it('names Windows binaries .exe and follows the output template', () => {
    const t = parseTarget('windows/amd64')!;
    assert.equal(outputPath(DEFAULT_OUTPUT, 'api', t), 'dist/api_windows_amd64.exe');
    assert.equal(outputPath('bin/{goos}-{goarch}{variant}/{name}{ext}', 'api', parseTarget('linux/arm/7')!), 'bin/linux-arm7/api');
    assert.equal(outputPath(DEFAULT_OUTPUT, 'api', parseTarget('linux/arm/7')!), 'dist/api_linux_arm7');
  });

  it('leaves out options that are switched off', () => {
    const plan = planBuild(request({ trimpath: false, strip: false, stamp: false }), DIST);
    assert.deepEqual(plan.steps[0].args, ['build', '-o', 'dist/api_linux_arm64', './cmd/api']);
  });

  it('warns when there is no version variable, and does not stamp unsafe text', () => {
    const none = planBuild(request({ versionVariable: undefined }), DIST);
    assert.match(none.warnings.join('\n'), /no package-level version variable/);
    assert.ok(!none.steps[0].args.some((a) => a.includes('-X')));
    const unsafe = planBuild(request({ version: 'v1 $(touch x)' }), DIST);
    assert.match(unsafe.warnings.join('\n'), /not stamped/);
    assert.ok(!unsafe.steps[0].args.some((a) => a.includes('-X')));
  });

  it('refuses cgo for a cross target unless CC is given, and where cgo is unsupported', () => {
    const cross = planBuild(request({ static: false }), DIST);
    assert.equal(cross.steps.length, 0);
    assert.match(cross.refused[0].reason, /C cross-compiler/);
    const withCC = planBuild(request({ static: false, cc: 'aarch64-linux-gnu-gcc' }), DIST);
    assert.equal(withCC.steps[0].env.CC, 'aarch64-linux-gnu-gcc');
    assert.equal(withCC.steps[0].env.CGO_ENABLED, '1');
    const native = planBuild(request({ static: false, targets: [parseTarget('linux/amd64')!] }), DIST);
    assert.equal(native.steps.length, 1);
    const wasm = planBuild(request({ static: false, targets: [parseTarget('js/wasm')!] }), DIST);
    assert.match(wasm.refused[0].reason, /not supported/);
  });

  it('warns when a static build meets import "C"', () => {
    assert.match(planBuild(request({ usesCgo: true }), DIST).warnings.join('\n'), /imports "C"/);
  });

  it('refuses ports the toolchain does not know and drops duplicate targets', () => {
    const plan = planBuild(request({ targets: [parseTarget('plan10/amd64')!, parseTarget('linux/arm64')!, parseTarget('linux/arm64')!] }), DIST);
    assert.equal(plan.steps.length, 1);
    assert.match(plan.refused[0].reason, /not a port/);
  });

  it('says when no target is selected', () => {
    assert.match(planBuild(request({ targets: [] }), DIST).warnings.join('\n'), /no target/);
  });
});

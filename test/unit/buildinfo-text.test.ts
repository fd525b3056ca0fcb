// The build info text against golden vectors generated with Go 1.19.8's runtime/debug
// (../shared/reference/go119-debug-vectors.json, copied to test/fixtures/buildinfo/).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildInfoError, formatBuildInfo, parseBuildInfo, type BuildInfo, type Module } from '../../src/buildinfo';
import { buildInfoJSON, goJSONString } from '../../src/buildinfo/json';
import { decodeBytes, encodeString, goQuote } from '../../src/buildinfo/gostring';

interface GoModule {
  Path: string;
  Version: string;
  Sum: string;
  Replace: GoModule | null;
}
interface GoInfo {
  GoVersion: string;
  Path: string;
  Main: GoModule;
  Deps: GoModule[] | null;
  Settings: { Key: string; Value: string }[] | null;
}

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/buildinfo/go119-debug-vectors.json'), 'utf8')) as {
  Quote: { Key: string; Value: string; Line: string }[];
  String: { Info: GoInfo; Text: string }[];
  Parse: { Input: string; Info?: GoInfo; Error?: string }[];
};

const fromGoModule = (m: GoModule): Module => ({ path: m.Path, version: m.Version, sum: m.Sum, ...(m.Replace ? { replace: fromGoModule(m.Replace) } : {}) });
const fromGo = (g: GoInfo): BuildInfo => ({
  goVersion: g.GoVersion,
  path: g.Path,
  main: fromGoModule(g.Main),
  deps: (g.Deps ?? []).map(fromGoModule),
  settings: (g.Settings ?? []).map((s) => ({ key: s.Key, value: s.Value })),
});

// JSON cannot carry the invalid UTF-8 byte of this vector; its Line shows it was \xff.
const fixValue = (v: { Value: string; Line: string }) => (v.Line.includes('\\xff') ? v.Value.replace('\ufffd', String.fromCharCode(0xdcff)) : v.Value);

describe('buildinfo text (Go 1.19 vectors)', () => {
  it('has the vectors', () => {
    assert.ok(vectors.Quote.length >= 16 && vectors.String.length >= 3 && vectors.Parse.length >= 30);
  });

  for (const v of vectors.Quote) {
    it(`quotes build setting ${JSON.stringify(v.Key)}=${JSON.stringify(v.Value)}`, () => {
      const text = formatBuildInfo({ goVersion: '', path: '', main: { path: '', version: '', sum: '' }, deps: [], settings: [{ key: v.Key, value: fixValue(v) }] });
      assert.equal(encodeString(text).toString('latin1'), Buffer.from(v.Line).toString('latin1'));
      // and it parses back to the same setting
      const back = parseBuildInfo(encodeString(text));
      assert.deepEqual(back.settings, [{ key: v.Key, value: fixValue(v) }]);
    });
  }

  for (const v of vectors.String) {
    it(`String() of ${JSON.stringify(v.Text).slice(0, 40)}`, () => {
      assert.equal(formatBuildInfo(fromGo(v.Info)), v.Text);
    });
  }

  for (const v of vectors.Parse) {
    it(`parses ${JSON.stringify(v.Input)}`, () => {
      const input = Buffer.from(v.Input);
      if (v.Error) {
        assert.throws(() => parseBuildInfo(input), (e: unknown) => e instanceof BuildInfoError && e.code === 'parse' && e.message === v.Error);
      } else {
        assert.deepEqual(parseBuildInfo(input), fromGo(v.Info!));
      }
    });
  }

  it('keeps invalid UTF-8 bytes through decode, quote and encode', () => {
    const raw = Buffer.from([0x61, 0xff, 0x20, 0xc3, 0xa9, 0xed, 0xa0, 0x80]);
    const s = decodeBytes(raw);
    assert.deepEqual(encodeString(s), raw);
    assert.equal(goQuote(s), '"a\\xff é\\xed\\xa0\\x80"');
  });

  it('unquotes \\x escapes to raw bytes, which may form UTF-8', () => {
    const bi = parseBuildInfo(Buffer.from('build\tk="\\xc3\\xa9\\xff x"\n'));
    assert.equal(bi.settings[0].value, 'é\udcff x');
  });

  it('reports the offending line number after ignored lines', () => {
    assert.throws(() => parseBuildInfo(Buffer.from('path\tp\nweird\n\nbuild\tk k=v\n')), /line 4: unquoted key "k k" must be quoted/);
  });

  it('encodes -json like Go (HTML-safe escapes, empty values omitted, Main always present)', () => {
    const bi: BuildInfo = {
      goVersion: 'go1.19.8',
      path: 'p',
      main: { path: '', version: '', sum: '' },
      deps: [{ path: 'a', version: 'v1.0.0', sum: '', replace: { path: '../a', version: '(devel)', sum: '' } }],
      settings: [
        { key: 'CGO_CPPFLAGS', value: '' },
        { key: '-tags', value: '<a>&b' },
      ],
    };
    const want = [
      '{',
      '\t"GoVersion": "go1.19.8",',
      '\t"Path": "p",',
      '\t"Main": {},',
      '\t"Deps": [',
      '\t\t{',
      '\t\t\t"Path": "a",',
      '\t\t\t"Version": "v1.0.0",',
      '\t\t\t"Replace": {',
      '\t\t\t\t"Path": "../a",',
      '\t\t\t\t"Version": "(devel)"',
      '\t\t\t}',
      '\t\t}',
      '\t],',
      '\t"Settings": [',
      '\t\t{',
      '\t\t\t"Key": "CGO_CPPFLAGS"',
      '\t\t},',
      '\t\t{',
      '\t\t\t"Key": "-tags",',
      '\t\t\t"Value": "\\u003ca\\u003e\\u0026b"',
      '\t\t}',
      '\t]',
      '}',
    ].join('\n');
    assert.equal(buildInfoJSON(bi), want);
    assert.equal(goJSONString('a\u2028\x01\udcff'), '"a\\u2028\\u0001\ufffd"');
  });
});

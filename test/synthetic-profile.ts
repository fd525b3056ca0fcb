// A large synthetic CPU profile (many samples over deep, varied stacks), encoded with
// pprof-format: for measuring how the flame graph copes with size.
import * as zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export function syntheticProfile(samples: number, functions = 600, maxDepth = 40, seed = 1): Buffer {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const st = new StringTable();
  const fns = Array.from({ length: functions }, (_, i) => new PFunction({ id: i + 1, name: st.dedup(`pkg${i % 23}.fn${i}`), filename: st.dedup(`/src/pkg${i % 23}/file${i % 7}.go`), startLine: 10 + i }));
  const locs = fns.map((f, i) => new Location({ id: i + 1, line: [new Line({ functionId: f.id, line: 10 + i })] }));
  const sample: Sample[] = [];
  for (let s = 0; s < samples; s++) {
    const depth = 1 + rand(maxDepth);
    // Stacks share prefixes (a call tree), like real programs: the root frames are few.
    const ids = Array.from({ length: depth }, (_, d) => locs[(d * 37 + rand(Math.min(functions, 4 + d * 15))) % functions].id);
    sample.push(new Sample({ locationId: ids.reverse(), value: [1, 10_000_000] }));
  }
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup('samples'), unit: st.dedup('count') }), new ValueType({ type: st.dedup('cpu'), unit: st.dedup('nanoseconds') })],
    sample,
    location: locs,
    function: fns,
    stringTable: st,
    period: 10_000_000,
  });
  return zlib.gzipSync(profile.encode());
}

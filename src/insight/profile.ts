// pprof profiles (.pb.gz) decoded with pprof-format: no Go toolchain needed. Builds the
// per-function flat/cumulative table `go tool pprof -top` prints, in the same order.
import * as zlib from 'node:zlib';
import { Profile } from 'pprof-format';

/** Decompressed profiles larger than this are refused (a bomb, not a profile). */
export const MAX_PROFILE_BYTES = 512 * 1024 * 1024;

export class ProfileError extends Error {}

export interface Frame {
  name: string;
  file: string;
  line: number;
}

export interface DecodedProfile {
  sampleTypes: { type: string; unit: string }[];
  defaultIndex: number;
  /** Stacks leaf first (inlined frames expanded), with one value per sample type. */
  samples: { stack: Frame[]; values: number[] }[];
  durationNanos: number;
  period: number;
  periodType?: { type: string; unit: string };
}

export function decodeProfile(bytes: Uint8Array): DecodedProfile {
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(bytes, { maxOutputLength: MAX_PROFILE_BYTES });
    } catch (e) {
      throw new ProfileError(`not a valid gzip stream: ${(e as Error).message}`);
    }
  }
  let p: Profile;
  try {
    p = Profile.decode(raw);
  } catch (e) {
    throw new ProfileError(`not a pprof profile: ${(e as Error).message}`);
  }
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)] ?? '';
  if (!p.sampleType.length) throw new ProfileError('not a pprof profile: no sample types');
  const functions = new Map(p.function.map((f) => [Number(f.id), f]));
  // Location ids are small integers in Go's profiles: an array indexed by id is the fast path.
  const locations: Frame[][] = [];
  for (const loc of p.location) {
    const frames = loc.line.map((l) => {
      const fn = functions.get(Number(l.functionId));
      return { name: fn ? str(fn.name) : `0x${loc.address.toString(16)}`, file: fn ? str(fn.filename) : '', line: Number(l.line) };
    });
    locations[Number(loc.id)] = frames.length ? frames : [{ name: `0x${loc.address.toString(16)}`, file: '', line: 0 }];
  }
  const sampleTypes = p.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  const defaultName = Number(p.defaultSampleType) ? str(p.defaultSampleType) : '';
  const byName = sampleTypes.findIndex((t) => t.type === defaultName);
  return {
    sampleTypes,
    // pprof's default: the profile's default_sample_type, else the last sample type.
    defaultIndex: byName >= 0 ? byName : sampleTypes.length - 1,
    samples: p.sample.map((s) => {
      const stack: Frame[] = [];
      for (const id of s.locationId) {
        const frames = locations[typeof id === 'number' ? id : Number(id)];
        if (!frames) continue;
        for (let i = 0; i < frames.length; i++) stack.push(frames[i]);
      }
      const values = s.value.length && typeof s.value[0] === 'number' ? (s.value as number[]) : s.value.map(Number);
      return { stack, values };
    }),
    durationNanos: Number(p.durationNanos),
    period: Number(p.period),
    periodType: p.periodType ? { type: str(p.periodType.type), unit: str(p.periodType.unit) } : undefined,
  };
}

export interface TopRow {
  name: string;
  file: string;
  flat: number;
  cum: number;
}

/** Sample type index by name ("cpu", "inuse_space", …) or the default. */
export function sampleIndex(p: DecodedProfile, name?: string): number {
  if (!name) return p.defaultIndex;
  const i = p.sampleTypes.findIndex((t) => t.type === name);
  if (i < 0) throw new ProfileError(`no sample type "${name}" (have ${p.sampleTypes.map((t) => t.type).join(', ')})`);
  return i;
}

/** Per-function flat and cumulative values, ordered as pprof orders -top: flat, name, cum. */
export function topFunctions(p: DecodedProfile, index = p.defaultIndex): TopRow[] {
  const rows = new Map<string, TopRow>();
  const row = (f: Frame) => {
    const key = `${f.name}\0${f.file}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { name: f.name, file: f.file, flat: 0, cum: 0 }));
    return r;
  };
  for (const s of p.samples) {
    const v = s.values[index] ?? 0;
    if (!v || !s.stack.length) continue;
    row(s.stack[0]).flat += v;
    const seen = new Set<TopRow>();
    for (const f of s.stack) {
      const r = row(f);
      if (!seen.has(r)) {
        seen.add(r);
        r.cum += v;
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) => Math.abs(b.flat) - Math.abs(a.flat) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || Math.abs(b.cum) - Math.abs(a.cum),
  );
}

export function total(p: DecodedProfile, index = p.defaultIndex): number {
  return p.samples.reduce((n, s) => n + (s.values[index] ?? 0), 0);
}

// Value labels as pprof prints them: scaled to the largest unit the value reaches, two
// decimals, a trailing ".00" dropped ("1.50s", "10ms", "512.02kB", "3").

const TIME: [string, number][] = [['ns', 1], ['us', 1e3], ['ms', 1e6], ['s', 1e9], ['hrs', 3600e9]];
const BYTES: [string, number][] = [['B', 1], ['kB', 1024], ['MB', 1024 ** 2], ['GB', 1024 ** 3], ['TB', 1024 ** 4], ['PB', 1024 ** 5]];

function scale(value: number, unit: string): [number, string] {
  const table = unit === 'nanoseconds' ? TIME : unit === 'bytes' ? BYTES : undefined;
  if (!table) return [value, unit === 'count' || !unit ? '' : unit];
  let chosen = table[0];
  for (const u of table) if (Math.abs(value) >= u[1]) chosen = u;
  return [value / chosen[1], chosen[0]];
}

export function scaledLabel(value: number, unit: string): string {
  const [v, u] = scale(value, unit);
  const s = v.toFixed(2).replace(/\.00$/, '');
  if (s === '0' || s === '-0') return '0';
  return s + u;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(2)}%`;
}

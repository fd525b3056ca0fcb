// The tool's version, from the package.json next to the bundle (dist/..) or the sources.
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'go-for-cloud' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here: keep looking upwards
    }
    if (path.dirname(dir) === dir) return (cached = '0.0.0');
  }
}

// The version to stamp: `git describe --tags --always --dirty`, else the short commit.
export async function gitVersion(cwd: string, gitBin = 'git'): Promise<string | undefined> {
  const { execa } = await import('execa');
  const run = async (args: string[]) => {
    const r = await execa(gitBin, args, { cwd, reject: false, timeout: 10_000, stdin: 'ignore', shell: false });
    return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
  };
  try {
    return (await run(['describe', '--tags', '--always', '--dirty'])) || (await run(['rev-parse', '--short', 'HEAD'])) || undefined;
  } catch {
    return undefined; // no git on PATH
  }
}

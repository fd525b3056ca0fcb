// `go-for-cloud VERB ...`: dispatches to the verbs in verbs.ts.
import { loadGo, parseGo } from '../analysis/parser';
import { UsageError, type CliIO } from './io';
import { VERBS } from './verbs';

const io: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

function help(): string {
  return ['usage: go-for-cloud <command> [arguments]', '', 'commands:', ...Object.keys(VERBS).sort().map((v) => `  ${v}`), ''].join('\n');
}

async function selfTest(): Promise<number> {
  await loadGo();
  const tree = parseGo('package main\n\nfunc main() {}\n');
  io.stdout(`parsed Go: ${tree.rootNode.type} with ${tree.rootNode.descendantCount} nodes, ${tree.rootNode.hasError ? 'errors' : 'no errors'}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [verbName, ...args] = argv;
  if (verbName === '--self-test') return selfTest();
  if (!verbName || verbName === 'help' || verbName === '--help' || verbName === '-h') {
    io.stdout(help());
    return verbName ? 0 : 2;
  }
  const load = VERBS[verbName];
  if (!load) {
    io.stderr(`go-for-cloud: unknown command "${verbName}"; run 'go-for-cloud help'\n`);
    return 2;
  }
  const verb = await load();
  try {
    return await verb.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`go-for-cloud ${verbName}: ${error.message}\nusage: ${verb.usage}\n`);
      return 2;
    }
    io.stderr(`go-for-cloud ${verbName}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `go-for-cloud … | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

// Argument parsing for `go-for-cloud check`.
import { RULES, ruleById } from '../analysis/rules';
import { UsageError } from './io';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckArgs {
  format: Format;
  fix: boolean;
  /** Rule ids from --rule, empty for all rules. */
  rules: string[];
  paths: string[];
  help: boolean;
}

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

export function parseCheckArgs(args: readonly string[]): CheckArgs {
  const out: CheckArgs = { format: 'text', fix: false, rules: [], paths: [], help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      if (i + 1 >= args.length) throw new UsageError(`flag ${name} needs a value`);
      return args[++i];
    };
    switch (name) {
      case '-h':
      case '--help':
        out.help = true;
        break;
      case '--fix':
        if (eq >= 0) throw new UsageError('flag --fix takes no value');
        out.fix = true;
        break;
      case '--format':
      case '-f': {
        const f = value();
        if (!FORMATS.includes(f as Format)) throw new UsageError(`unknown format "${f}" (want text, json or sarif)`);
        out.format = f as Format;
        break;
      }
      case '--rule':
      case '-r': {
        for (const id of value().split(',').map((s) => s.trim()).filter(Boolean)) {
          if (!ruleById(id)) {
            const known = RULES.map((r) => r.id).join(', ') || 'none registered';
            throw new UsageError(`unknown rule "${id}" (known: ${known})`);
          }
          if (!out.rules.includes(id)) out.rules.push(id);
        }
        break;
      }
      default:
        throw new UsageError(`unknown flag ${name}`);
    }
  }
  if (!out.help && out.paths.length === 0) throw new UsageError('no paths given (use . for the current directory)');
  return out;
}

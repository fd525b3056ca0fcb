// The registry: every rule, sorted by id. A unit test checks ids, file names, docs and queries.
import type { Rule } from '../rule';

const ALL: Rule[] = [
];

export const RULES: readonly Rule[] = [...ALL].sort((a, b) => a.id.localeCompare(b.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

// CLI entry (placeholder until the CLI lands).
import { loadGo, parseGo } from '../analysis/parser';

async function main(): Promise<void> {
  if (process.argv[2] === '--self-test') {
    await loadGo();
    const tree = parseGo('package main\n\nfunc main() {}\n');
    process.stdout.write(`parsed Go: ${tree.rootNode.type} with ${tree.rootNode.descendantCount} nodes, ${tree.rootNode.hasError ? 'errors' : 'no errors'}\n`);
  }
}
void main();

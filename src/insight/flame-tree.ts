// The call tree a flame graph draws: root → leaf, children merged by function and ordered by
// name (as pprof's flame graph), values summed. Compact arrays keep the webview message small.
import type { DecodedProfile } from './profile';

export interface FlameNode {
  /** Function name. */
  n: string;
  /** Source file and first line seen, for "go to source". */
  f: string;
  l: number;
  /** Total (cumulative) value of this node. */
  v: number;
  c: FlameNode[];
}

export function buildFlameTree(p: DecodedProfile, index = p.defaultIndex): FlameNode {
  const root: FlameNode = { n: 'root', f: '', l: 0, v: 0, c: [] };
  const childIndex = new Map<FlameNode, Map<string, FlameNode>>();
  for (const s of p.samples) {
    const v = s.values[index] ?? 0;
    if (!v) continue;
    root.v += v;
    let node = root;
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const fr = s.stack[i];
      let kids = childIndex.get(node);
      if (!kids) childIndex.set(node, (kids = new Map()));
      let child = kids.get(fr.name);
      if (!child) {
        child = { n: fr.name, f: fr.file, l: fr.line, v: 0, c: [] };
        kids.set(fr.name, child);
        node.c.push(child);
      }
      child.v += v;
      node = child;
    }
  }
  const sort = (n: FlameNode) => {
    n.c.sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
    n.c.forEach(sort);
  };
  sort(root);
  return root;
}

/**
 * Cycles of a directed graph, one per back edge of a depth-first search, each rotated to start at its
 * smallest node and listed once: ["a", "b", "a"]. Iterative, so a 10,000-long chain does not overflow the stack.
 */
export function findCycles(nodes: Iterable<string>, next: (n: string) => readonly string[]): string[][] {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const seen = new Set<string>();
  const cycles: string[][] = [];
  for (const start of nodes) {
    if (state.has(start)) continue;
    const stack: { node: string; edges: readonly string[]; i: number }[] = [{ node: start, edges: next(start), i: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.edges.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const to = top.edges[top.i++];
      const s = state.get(to);
      if (s === 1) {
        const from = stack.findIndex((f) => f.node === to);
        const ring = stack.slice(from).map((f) => f.node);
        const min = ring.reduce((m, n, i) => (n < ring[m] ? i : m), 0);
        const rotated = [...ring.slice(min), ...ring.slice(0, min)];
        const key = rotated.join("\u0000");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...rotated, rotated[0]]);
        }
      } else if (s === undefined) {
        state.set(to, 1);
        stack.push({ node: to, edges: next(to), i: 0 });
      }
    }
  }
  return cycles;
}

/** "a → b → a"; a long cycle shows its ends and how many flags it passes through. */
export function showCycle(cycle: readonly string[]): string {
  if (cycle.length <= 12) return cycle.join(" → ");
  return `${cycle.slice(0, 5).join(" → ")} → … (${cycle.length - 10} more) → ${cycle.slice(-5).join(" → ")}`;
}

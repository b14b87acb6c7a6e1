import type { NodeView } from '@/lib/api/views';

/** What a glance at a cell reads: a change of it is flashed. */
export function cellSignature(n: Pick<NodeView, 'verdict' | 'topFinding' | 'stuckPods'>): string {
  return `${n.verdict}|${n.topFinding?.ruleId ?? ''}|${n.stuckPods}`;
}

/** How long a changed cell stays marked (the CSS flash lasts as long). */
export const FLASH_MS = 2_500;

/**
 * When each node's cell last changed, carried from one grid answer to the
 * next: nodes whose signature differs from the previous answer's get `at`;
 * new nodes are not "changed", and marks older than FLASH_MS are dropped.
 * Pure; O(nodes).
 */
export function cellChanges(prev: readonly NodeView[], next: readonly NodeView[], marks: ReadonlyMap<string, number>, at: number): Map<string, number> {
  const before = new Map(prev.map((n) => [n.name, cellSignature(n)]));
  const out = new Map<string, number>();
  for (const n of next) {
    const was = before.get(n.name);
    if (was !== undefined && was !== cellSignature(n)) out.set(n.name, at);
    else {
      const t = marks.get(n.name);
      if (t !== undefined && at - t < FLASH_MS) out.set(n.name, t);
    }
  }
  return out;
}

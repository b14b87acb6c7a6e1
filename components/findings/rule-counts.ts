import type { NodeView } from '@/lib/api/views';

/** Each rule that fired on some node, with how many nodes: the worst rules first. */
export function ruleCounts(nodes: readonly Pick<NodeView, 'ruleIds' | 'topFinding'>[]): Array<{ ruleId: string; title?: string; count: number }> {
  const counts = new Map<string, { count: number; title?: string }>();
  for (const n of nodes) {
    for (const r of n.ruleIds) {
      const c = counts.get(r) ?? { count: 0 };
      c.count++;
      if (!c.title && n.topFinding?.ruleId === r) c.title = n.topFinding.title;
      counts.set(r, c);
    }
  }
  return [...counts].map(([ruleId, c]) => ({ ruleId, ...c })).sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
}

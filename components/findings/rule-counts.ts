import type { NodeView } from '@/lib/api/views';
import { ruleName } from '@/lib/health/rule-names';

/**
 * Each rule that fired on some node, with how many nodes: the worst rules
 * first. Named by the rule's own name; a node's finding title (which speaks
 * for that node only) is the fallback for an id without one.
 */
export function ruleCounts(nodes: readonly Pick<NodeView, 'ruleIds' | 'topFinding'>[]): Array<{ ruleId: string; title?: string; count: number }> {
  const counts = new Map<string, { count: number; title?: string }>();
  for (const n of nodes) {
    for (const r of n.ruleIds) {
      const c = counts.get(r) ?? { count: 0 };
      c.count++;
      c.title ??= ruleName(r) ?? (n.topFinding?.ruleId === r ? n.topFinding.title : undefined);
      counts.set(r, c);
    }
  }
  return [...counts].map(([ruleId, c]) => ({ ruleId, ...c })).sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
}

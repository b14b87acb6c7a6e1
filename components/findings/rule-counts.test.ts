import { describe, expect, it } from 'vitest';
import { ruleCounts } from './rule-counts';

describe('ruleCounts', () => {
  it('counts the nodes of each rule, most first, titled by a node whose top finding it is', () => {
    const top = (ruleId: string) => ({ ruleId, severity: 'error' as const, title: `title of ${ruleId}` });
    expect(ruleCounts([
      { ruleIds: ['b', 'a'], topFinding: top('b') },
      { ruleIds: ['a'], topFinding: top('a') },
      { ruleIds: ['a', 'c'] },
      { ruleIds: [] },
    ])).toEqual([
      { ruleId: 'a', count: 3, title: 'title of a' },
      { ruleId: 'b', count: 1, title: 'title of b' },
      { ruleId: 'c', count: 1 },
    ]);
  });

  it('names a known rule by its own name, never by one node\'s title', () => {
    const top = { ruleId: 'data-plane-unreachable', severity: 'error' as const, title: 'Pods on this node cannot be reached (4 peers fail)' };
    expect(ruleCounts([{ ruleIds: ['data-plane-unreachable'], topFinding: top }])).toEqual([
      { ruleId: 'data-plane-unreachable', count: 1, title: 'Pod network unreachable' },
    ]);
  });
});

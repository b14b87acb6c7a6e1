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
});

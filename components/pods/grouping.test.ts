import { describe, expect, it } from 'vitest';
import type { StuckPodView } from '@/lib/api/pods';
import { groupPods } from './grouping';

const pod = (name: string, node: string, signature: string, since: string, failures = 1): StuckPodView => ({
  namespace: 'shop', name, node, createdAt: since, since, failures, signature: { id: signature },
  timeline: { start: 0, end: 1, endKind: 'now', episodes: [], totalFailures: failures, configChanges: [], points: [] },
});

describe('groupPods', () => {
  const pods = [
    pod('a', 'node-1', 'multus-ifname-exists', '2026-11-26T12:00:00Z', 5),
    pod('b', 'node-2', 'multus-ifname-exists', '2026-11-26T11:00:00Z', 2),
    pod('c', 'node-2', 'cni-plugin-not-found', '2026-11-26T11:30:00Z', 3),
  ];

  it('groups by node, most pods first, with the oldest since and the failures summed', () => {
    expect(groupPods(pods, 'node').map((g) => [g.key, g.pods.length, g.since, g.failures])).toEqual([
      ['node-2', 2, '2026-11-26T11:00:00Z', 5],
      ['node-1', 1, '2026-11-26T12:00:00Z', 5],
    ]);
  });

  it('groups by signature', () => {
    expect(groupPods(pods, 'signature').map((g) => [g.key, g.pods.map((p) => p.name)])).toEqual([
      ['multus-ifname-exists', ['a', 'b']],
      ['cni-plugin-not-found', ['c']],
    ]);
  });
});

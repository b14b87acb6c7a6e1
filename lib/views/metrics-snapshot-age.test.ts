import { describe, expect, it } from 'vitest';
import type { GridView } from '@/lib/api/views';
import { renderMetrics } from './metrics';

const view: GridView = {
  cluster: { name: 'c', server: 'https://x', demo: false },
  generatedAt: '2026-11-26T12:00:00.000Z',
  stale: false,
  sync: [],
  errors: [],
  counts: { broken: 0, degraded: 0, unknown: 1, healthy: 1 },
  cnis: [],
  clusterFindings: [],
  nodes: [
    { name: 'fresh', verdict: 'healthy', ready: true, ruleIds: [], findingCount: 0, cnis: [], stuckPods: 0, snapshotAt: '2026-11-26T11:58:00.000Z' },
    { name: 'silent', verdict: 'unknown', ready: true, ruleIds: [], findingCount: 0, cnis: [], stuckPods: 0 },
  ],
};

describe('snapshot age metric (what the stale-snapshot alert reads)', () => {
  it('gives each node with a snapshot its age in seconds, and a node without one no series', async () => {
    const { body } = await renderMetrics(view, Date.parse('2026-11-26T12:00:00Z'));
    const lines = body.split('\n');
    expect(lines).toContain('cni_health_node_snapshot_age_seconds{node="fresh"} 120');
    expect(lines.filter((l) => l.startsWith('cni_health_node_snapshot_age_seconds{node="silent"'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { GridView } from '@/lib/api/views';
import { renderMetrics } from './metrics';

const view: GridView = {
  cluster: { name: 'c', server: 'https://x', demo: false },
  generatedAt: '2026-11-26T12:00:00.000Z',
  stale: false,
  sync: [{ kind: 'nodes', synced: true, lastSyncedAt: '2026-11-26T11:59:50.000Z', count: 2 }, { kind: 'pods', synced: false, error: 'down', count: 0 }],
  errors: [],
  counts: { broken: 1, degraded: 0, unknown: 0, healthy: 1 },
  cnis: [],
  clusterFindings: [{ ruleId: 'multus-ds-not-guaranteed', severity: 'warning', title: '', explanation: '', evidence: [], remediations: [] }],
  nodes: [
    { name: 'n1', verdict: 'broken', ready: true, ruleIds: ['multus-nested-delegates', 'pod-sandbox-failing'], findingCount: 2, cnis: [], stuckPods: 3 },
    { name: 'n2', verdict: 'healthy', ready: true, ruleIds: [], findingCount: 0, cnis: [], stuckPods: 0 },
  ],
};

describe('renderMetrics', () => {
  it('exposes verdicts, stuck pods, findings by rule and cache health', async () => {
    const { body, contentType } = await renderMetrics(view, Date.parse('2026-11-26T12:00:00Z'));
    expect(contentType).toContain('text/plain');
    const lines = body.split('\n');
    expect(lines).toContain('cni_health_node_verdict{node="n1",verdict="broken",zone="",pool=""} 1');
    expect(lines).toContain('cni_health_node_verdict{node="n1",verdict="healthy",zone="",pool=""} 0');
    expect(lines).toContain('cni_health_nodes{verdict="broken"} 1');
    expect(lines).toContain('cni_health_node_stuck_pods{node="n1"} 3');
    expect(lines).toContain('cni_health_findings{rule="multus-nested-delegates"} 1');
    expect(lines).toContain('cni_health_cluster_findings{rule="multus-ds-not-guaranteed",severity="warning"} 1');
    expect(lines).toContain('cni_health_cache_synced{kind="pods"} 0');
    expect(lines).toContain('cni_health_cache_last_sync_age_seconds{kind="nodes"} 10');
    expect(body).toContain('# TYPE cni_health_process_resident_memory_bytes gauge');
  });

  it('exposes the data-plane state per node and probe counts per zone pair, never per node pair', async () => {
    const probed: GridView = {
      ...view,
      zones: [{ from: 'a', to: 'b', ok: 0, failed: 6 }, { from: 'a', to: 'a', ok: 9, failed: 0 }],
      nodes: [{ ...view.nodes[0]!, dataPlane: 'partial' }, { ...view.nodes[1]!, dataPlane: 'ok' }],
    };
    const lines = (await renderMetrics(probed, Date.parse('2026-11-26T12:00:00Z'))).body.split('\n');
    expect(lines).toContain('cni_health_node_data_plane{node="n1",state="partial"} 1');
    expect(lines).toContain('cni_health_node_data_plane{node="n1",state="ok"} 0');
    expect(lines).toContain('cni_health_probe_zone_pair_probes{from="a",to="b",result="failed"} 6');
    expect(lines.filter((l) => l.startsWith('cni_health_probe_zone_pair_probes{'))).toHaveLength(4);
    // Without probers installed, no data-plane series at all.
    expect((await renderMetrics(view, Date.parse('2026-11-26T12:00:00Z'))).body).not.toContain('cni_health_node_data_plane');
  });
});

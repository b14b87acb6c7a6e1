/**
 * The corpus through the cluster path: the demo's `corpus` scenario
 * publishes each case as a node with its snapshot ConfigMap (and the Ready
 * condition and stuck pods its messages imply), the dashboard's informers
 * read them over HTTPS through client-node, and the fleet is diagnosed as the
 * grid does (lib/views/fleet-reader.ts). Each case must reach the verdict and
 * rules its manifest expects of this path (docs/diagnosis.md, corpus/README.md).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '@/corpus';
import { diagnoseCluster, type NodeDiagnosis } from '@/lib/health/diagnose';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { FleetView } from '@/lib/views/fleet-view';
import { clusterView } from './scenarios/corpus';

const cases = loadCorpus();
let dc: DemoCache;
let byNode: Map<string, NodeDiagnosis>;

beforeAll(async () => {
  dc = await startDemoCache({ scenario: 'corpus', tickMs: 3_600_000 });
  await vi.waitFor(() => {
    const s = dc.cache.state();
    expect(s.snapshots.length).toBe(cases.length);
    expect(s.nodes.length).toBe(cases.length);
  }, { timeout: 20_000, interval: 50 });
  byNode = new Map(diagnoseCluster({ ...dc.cache.state(), now: Date.now() }).nodes.map((d) => [d.node.name, d]));
}, 60_000);

afterAll(async () => {
  await dc?.stop();
});

describe('corpus through the cluster path', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const want = c.cluster ?? c.expect;
    const d = byNode.get(c.id)!;
    const raised = [...new Set(d.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId))];
    if (want.verdict === 'healthy') expect(raised).toEqual([]);
    for (const id of want.rules) expect(raised).toContain(id);
    expect(d.verdict).toBe(want.verdict);
  });

  it('reaches the same findings through the grid\'s incremental path (FleetView)', () => {
    const fleet = new FleetView(dc.cache);
    const now = Date.now();
    fleet.refresh(now);
    const ids = (fs: NodeDiagnosis['findings']): string[] => fs.map((f) => `${f.severity}:${f.ruleId}`);
    for (const c of cases) {
      const d = fleet.diagnoseNow(c.id, now)!;
      expect({ id: c.id, verdict: d.verdict, findings: ids(d.findings) }).toEqual({ id: c.id, verdict: byNode.get(c.id)!.verdict, findings: ids(byNode.get(c.id)!.findings) });
    }
  });

  it('names the Multus self-nesting first on the incident\'s nodes', () => {
    for (const c of cases.filter((x) => x.class === 'multus-incident')) expect(byNode.get(c.id)!.findings[0]?.ruleId).toBe('multus-nested-delegates');
  });
});

describe('what the cluster shows of a case\'s lines', () => {
  it('turns "not initialized" into NotReady, sandbox failures into pods, and drops boot noise and runtime-only lines', () => {
    expect(clusterView([
      'level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"',
      'level=error msg="failed to reload cni configuration after receiving fs change event(\\"/etc/cni/net.d/10-calico.conflist\\": WRITE)" error="cni config load failed: failed to load CNI config list file /etc/cni/net.d/10-calico.conflist: error parsing configuration list: unexpected end of JSON input"',
    ])).toEqual({ notReady: false, sandboxFailures: [] });
    expect(clusterView(['Warning  FailedCreatePodSandBox  2s (x2 over 14s)  kubelet  (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = x: plugin type="linkerd-cni" name="linkerd-cni" failed (add): cannot convert: no valid IP addresses']))
      .toEqual({ notReady: false, sandboxFailures: ['Failed to create pod sandbox: rpc error: code = Unknown desc = x: plugin type="linkerd-cni" name="linkerd-cni" failed (add): cannot convert: no valid IP addresses'] });
    expect(clusterView(['"lastCNILoadStatus": "cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config",']).notReady).toBe(true);
  });
});

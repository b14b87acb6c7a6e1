/**
 * The simulated probers write as real probers do: through the demo's write
 * path, as the prober's service account with its pod-bound node name, so
 * the shipped RBAC and admission policy judge every write
 * (demo/prober-admission.test.ts has the same over HTTP).
 */
import { describe, expect, it } from 'vitest';
import { PROBE_DATA_KEY } from '@/lib/probes/names';
import { nextReport } from '@/lib/probes/round';
import { buildNamespace } from '../builders/workload';
import { ObjectStore } from '../store';
import type { NodeObject } from '../types';
import { DataPlaneFaults, PROBE_NAMESPACE, Probers } from './probers';

const NOW = Date.parse('2026-12-06T10:00:00Z');

function cluster(): { store: ObjectStore; probers: Probers; nodes: { name: string; uid: string }[] } {
  const store = new ObjectStore({ initialRv: 1, historyLimit: 100 });
  store.create('namespaces', buildNamespace(PROBE_NAMESPACE, NOW));
  const nodes = ['node-a', 'node-b'].map((name) => ({ name, uid: `uid-${name}` }));
  for (const n of nodes) {
    store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, uid: n.uid, resourceVersion: '', creationTimestamp: new Date(NOW).toISOString() }, spec: {}, status: {} } as unknown as NodeObject);
  }
  return { store, probers: new Probers(store, new DataPlaneFaults(), { intervalSeconds: 30 }), nodes };
}

const reportOf = (node: string) => nextReport(undefined, {
  node, intervalSeconds: 30, heartbeatSeconds: 600, dns: { ok: true, loss: 0 }, kubernetesService: { ok: true, loss: 0 }, peers: [],
}, NOW);

describe('simulated probers', () => {
  it("publish their own node's report as the prober's identity", () => {
    const { store, probers, nodes } = cluster();
    expect(probers.publishAs(nodes[0]!, reportOf('node-a'), NOW)).toEqual({ ok: true });
    const cm = store.get('configmaps', `${PROBE_NAMESPACE}/cni-probe-node-a`);
    expect(JSON.parse(cm?.data?.[PROBE_DATA_KEY] ?? '{}')).toMatchObject({ node: 'node-a' });
    expect(cm?.metadata.managedFields?.[0]?.manager).toBe('cni-health-prober');
    // An update goes through the same path.
    expect(probers.publishAs(nodes[0]!, reportOf('node-a'), NOW + 30_000)).toEqual({ ok: true });
  });

  it("are refused another node's report, as the API server refuses it (422), and nothing is written", () => {
    const { store, probers, nodes } = cluster();
    const rv = store.resourceVersion();
    const out = probers.publishAs(nodes[0]!, reportOf('node-b'), NOW);
    expect(out).toMatchObject({ ok: false, code: 422, message: expect.stringContaining("ValidatingAdmissionPolicy 'cni-health-prober-own-node'") });
    expect(store.get('configmaps', `${PROBE_NAMESPACE}/cni-probe-node-b`)).toBeUndefined();
    expect(store.resourceVersion()).toBe(rv);
    expect(probers.refusals).toBe(1);
  });
});

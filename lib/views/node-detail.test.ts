import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { aMultusPod, aNode, aSandboxFailure, aStuckPod, at, healthySnapshot, nestedSnapshot, T0 } from '@/lib/testing/models';
import { imageVersion, toNodeDetailView } from './node-detail';

const synced = [{ kind: 'nodes' as const, synced: true, count: 2 }];

describe('toNodeDetailView', () => {
  it('shows the node\'s own CNIHealthy condition as fine when True, and beside the verdict it disagrees with', () => {
    const node = aNode('bad', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'CNIHealthy', status: 'True', reason: 'CNIConfigHealthy' }] });
    const d = diagnoseCluster({ nodes: [node], pods: [], events: [], snapshots: [nestedSnapshot('bad')], now: T0 }).nodes[0]!;
    const view = toNodeDetailView(d, T0, synced);
    expect(view.node.conditions.find((c) => c.type === 'CNIHealthy')).toMatchObject({ status: 'True', ok: true });
    expect(view.cniCondition).toMatchObject({ status: 'True', expected: 'False', agrees: false });
  });

  it('gathers the incident on one node: nested delegate highlighted, OOMKilled Multus, stuck pods with their signature', () => {
    const stuck = aStuckPod('web-1', 'bad', -30);
    const multus = aMultusPod('bad', {
      args: ['/thin_entrypoint', '--multus-conf-file=auto'],
      containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', ready: true, restartCount: 1, state: 'running', lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: at(-40) } }],
    });
    const d = diagnoseCluster({
      nodes: [aNode('bad'), aNode('good')],
      pods: [stuck, multus],
      events: [aSandboxFailure(stuck)],
      snapshots: [nestedSnapshot('bad'), healthySnapshot('good')],
      now: T0,
    }).nodes.find((n) => n.node.name === 'bad')!;
    const view = toNodeDetailView(d, T0, synced);

    expect(view.verdict).toBe('broken');
    expect(view.stale).toBe(false);
    expect(view.findings[0]!.ruleId).toBe('multus-nested-delegates');
    if (view.snapshot.state !== 'ok') throw new Error('expected a snapshot');
    const conf = view.snapshot.files.find((f) => f.name === '00-multus.conf')!;
    expect(conf.role).toBe('effective');
    expect(conf.highlights.map((h) => h.path)).toContain('$.delegates[0]');
    expect(view.multus).toMatchObject({ lastTerminationReason: 'OOMKilled', restarts: 1, qosClass: 'BestEffort', imageVersion: 'v4.0.2', args: ['/thin_entrypoint', '--multus-conf-file=auto'] });
    expect(view.stuckPods).toHaveLength(1);
    expect(view.stuckPods[0]).toMatchObject({ namespace: 'shop', name: 'web-1', failures: 12, signature: { id: 'multus-ifname-exists' } });
    expect(view.remediations['repair-node-cni-config']).toEqual({ title: 'Repair the node\'s CNI config', kind: 'action', scope: 'node' });
    // A restarted Multus wraps the same self-nested file again: not offered as its fix.
    expect(view.remediations['restart-multus-pod']).toBeUndefined();
    expect(view.node.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', ok: true });
  });

  it('says when a node has no snapshot, and when the cache is behind', () => {
    const d = diagnoseCluster({ nodes: [aNode('lonely')], pods: [], events: [], snapshots: [], now: T0 }).nodes[0]!;
    const view = toNodeDetailView(d, T0, [{ kind: 'pods', synced: false, count: 0 }]);
    expect(view.verdict).toBe('unknown');
    expect(view.snapshot).toEqual({ state: 'missing' });
    expect(view.stale).toBe(true);
    expect(view.errors).toEqual(['pods: not synced yet']);
  });
});

describe('imageVersion', () => {
  it('reads the tag or the digest', () => {
    expect(imageVersion('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2')).toBe('v4.0.2');
    expect(imageVersion('localhost:5000/multus')).toBe('latest');
    expect(imageVersion(`multus@sha256:${'ab'.repeat(32)}`)).toBe(`sha256:${'ab'.repeat(6)}`);
    expect(imageVersion(undefined)).toBeUndefined();
  });
});

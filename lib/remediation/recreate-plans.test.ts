import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { NETWORKS_ANNOTATION, readPodNetworks } from '@/lib/model/pod-networks';
import { T0, aFile, aMultusPod, aNode, aPod, aSnapshot, at, AWS_CONFLIST, healthySnapshot } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { accessChecks } from './plan';
import { nodeActionIds } from './planner';
import { planRecreatePartialPods } from './recreate-plans';

const partialPod = (name: string, over: Partial<PodModel> = {}): PodModel =>
  aPod(name, 'n1', { createdAt: at(-30), networks: readPodNetworks({ [NETWORKS_ANNOTATION]: 'macvlan-conf' }, 'shop', false, at(-30)), ...over });

const diagnose = (pods: PodModel[], snapshot: SnapshotModel = healthySnapshot('n1'), multus = aMultusPod('n1')) =>
  diagnoseCluster({ nodes: [aNode('n1')], pods: [multus, ...pods], events: [], snapshots: [snapshot], now: T0 }).nodes[0]!;

describe('planRecreatePartialPods', () => {
  it('evicts the owned pods (uid precondition), lists bare ones as manual, and verifies the replacements', () => {
    const owned = partialPod('web-1');
    const bare = partialPod('debug', { owner: undefined });
    const d = diagnose([owned, bare]);
    expect(nodeActionIds(d).map((a) => a.id)).toContain('recreate-partially-attached-pods');
    const plan = planRecreatePartialPods(d);
    expect(plan.blocked).toBeUndefined();
    expect(plan.calls).toHaveLength(1);
    expect(plan.calls[0]).toMatchObject({ verb: 'create', target: { resource: 'pods', subresource: 'eviction', namespace: 'shop', name: 'web-1' }, body: { deleteOptions: { preconditions: { uid: owned.uid } } } });
    expect(plan.skipped).toEqual([{ what: 'shop/debug', why: expect.stringMatching(/by hand/) }]);
    expect(plan.skipped[0]!.choosable).toBeUndefined();
    expect(plan.verify).toEqual({ kind: 'pods-reattached', node: 'n1', uids: [owned.uid] });
    expect(plan.confirmText).toBe('n1');
    expect(accessChecks(plan)).toEqual([{ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'shop', name: 'web-1' }]);
  });

  it('is blocked while Multus\'s config is not in effect: the new pods would miss their networks again', () => {
    const primaryOnly = aSnapshot('n1', [aFile('10-aws.conflist', AWS_CONFLIST)]);
    expect(planRecreatePartialPods(diagnose([partialPod('web-1')], primaryOnly)).blocked).toMatch(/uses 10-aws.conflist/);
  });

  it('warns when the Multus pod is not ready, and is blocked with only bare pods or none', () => {
    const d = diagnose([partialPod('web-1')], healthySnapshot('n1'), aMultusPod('n1', { ready: false }));
    expect(planRecreatePartialPods(d).warnings.join(' ')).toMatch(/not ready/);
    expect(planRecreatePartialPods(diagnose([partialPod('debug', { owner: undefined })])).blocked).toMatch(/bare pod/);
    expect(planRecreatePartialPods(diagnose([])).blocked).toMatch(/No pod/);
  });
});

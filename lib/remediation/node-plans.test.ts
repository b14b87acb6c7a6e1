import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { T0, aFile, aMultusPod, aNode, aPod, aSandboxFailure, aSnapshot, aStuckPod, AWS_CONFLIST, healthySnapshot, multusConf, nestedSnapshot } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { accessChecks, planDigest } from './plan';
import { unnestMultusConfig } from '@/lib/cni/unnest';
import { parseRepairRequest, REPAIR_REQUEST_KEY } from './protocol';
import { planCordon, planDeleteStuckPods, planRepairNodeCniConfig, planRestartMultusPod, type RequestContext } from './node-plans';

const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const req: RequestContext = { id: 'abc123', at: new Date(T0).toISOString(), by: 'alice', namespace: 'cni-health', sha256Hex };

function diagnosis(snapshot: SnapshotModel | undefined, pods: PodModel[] = [aMultusPod('n1')], unschedulable = false) {
  const stuck = pods.filter((p) => p.phase === 'Pending');
  return diagnoseCluster({
    nodes: [aNode('n1', { unschedulable })], pods, events: stuck.map((p) => aSandboxFailure(p)), snapshots: snapshot ? [snapshot] : [], now: T0,
  }).nodes[0]!;
}

describe('planRepairNodeCniConfig', () => {
  it('asks the agent to un-nest exactly the previewed file into exactly the previewed content, and restarts nothing', () => {
    const d = diagnosis(nestedSnapshot('n1'));
    const plan = planRepairNodeCniConfig(d, req);
    expect(plan.blocked).toBeUndefined();
    expect(plan.confirmText).toBe('n1');
    expect(plan.calls.map((c) => c.id)).toEqual(['create-repair-request']);
    const cm = plan.calls[0]!.body as { metadata: { name: string }; data: Record<string, string> };
    expect(cm.metadata.name).toBe('cni-repair-n1-abc123');
    const unnested = unnestMultusConfig(JSON.stringify(multusConf(multusConf(AWS_CONFLIST)), null, 2));
    if (!unnested.ok) throw new Error(unnested.reason);
    const parsed = parseRepairRequest(cm.data[REPAIR_REQUEST_KEY]);
    expect(parsed.ok && parsed.value).toMatchObject({
      apiVersion: 'cni-health.io/v1alpha2', action: 'unnest-generated-config', node: 'n1', file: '00-multus.conf',
      expectedSha256: d.snapshot!.snapshot!.files[0]!.sha256, expectedResultSha256: sha256Hex(unnested.content), requestedBy: 'alice',
    });
    // The request carries hashes only; the preview shows the content the agent will derive and write.
    expect(cm.data[REPAIR_REQUEST_KEY]).not.toContain('"delegates"');
    expect(plan.calls[0]!.fileChange).toEqual({ node: 'n1', path: '/etc/cni/net.d/00-multus.conf', sha256: d.snapshot!.snapshot!.files[0]!.sha256, after: { content: unnested.content, sha256: sha256Hex(unnested.content) }, depth: 2 });
    expect(JSON.parse(unnested.content)).toEqual(multusConf(AWS_CONFLIST));
    expect(plan.calls[0]!.awaitRepairStatus).toBe(true);
    expect(accessChecks(plan).map((c) => `${c.verb} ${c.resource} ${c.namespace}`)).toEqual(['create configmaps cni-health']);
  });

  it('is blocked, with the window as the reason, when the file is not self-nested or cannot be previewed whole', () => {
    const notNested = planRepairNodeCniConfig(diagnosis(healthySnapshot('n1')), req);
    expect(notNested.blocked).toMatch(/cannot be repaired in place: the file is not self-nested.*Moving it aside instead would leave the node on 10-aws\.conflist alone/);
    const nested = nestedSnapshot('n1');
    // The agent publishes credentials replaced (docs/snapshot-format.md): such content is not the file's.
    const cut = { ...nested, snapshot: { ...nested.snapshot!, files: nested.snapshot!.files.map((f) => (f.name === '00-multus.conf' ? { ...f, redacted: true } : f)) } };
    expect(planRepairNodeCniConfig(diagnosis(cut), req).blocked).toMatch(/does not hold 00-multus\.conf whole/);
    const forged = { ...nested, snapshot: { ...nested.snapshot!, files: nested.snapshot!.files.map((f) => (f.name === '00-multus.conf' ? { ...f, sha256: sha256Hex('another file') } : f)) } };
    expect(planRepairNodeCniConfig(diagnosis(forged), req).blocked).toMatch(/not matching its sha256/);
  });

  it('is blocked without a primary config to regenerate from', () => {
    const onlyMultus = aSnapshot('n1', [aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST)))]);
    expect(planRepairNodeCniConfig(diagnosis(onlyMultus), req).blocked).toMatch(/No primary CNI config/);
  });

  it('is blocked when the runtime does not use a Multus config, or there is no snapshot', () => {
    expect(planRepairNodeCniConfig(diagnosis(aSnapshot('n1', [aFile('10-aws.conflist', AWS_CONFLIST)])), req).blocked).toMatch(/not a Multus config/);
    expect(planRepairNodeCniConfig(diagnosis(undefined), req).blocked).toMatch(/no readable CNI snapshot/);
  });

  it('has the same digest when planned again from the same state', () => {
    const d = diagnosis(nestedSnapshot('n1'));
    expect(planDigest(planRepairNodeCniConfig(d, req))).toBe(planDigest(planRepairNodeCniConfig(d, { ...req })));
    expect(planDigest(planRepairNodeCniConfig(d, req))).not.toBe(planDigest(planRepairNodeCniConfig(d, { ...req, id: 'other1' })));
  });
});

describe('planRestartMultusPod', () => {
  it('deletes the one Multus pod by uid, and warns that it does not fix a self-nested config', () => {
    const plan = planRestartMultusPod(diagnosis(nestedSnapshot('n1')));
    expect(plan.calls).toHaveLength(1);
    expect(plan.warnings.join(' ')).toMatch(/nesting deeper/);
    expect(planRestartMultusPod(diagnosis(healthySnapshot('n1'))).warnings).toEqual([]);
    expect(planRestartMultusPod(diagnosis(healthySnapshot('n1'), [])).blocked).toMatch(/No Multus pod/);
  });
});

describe('planDeleteStuckPods', () => {
  const owned = aStuckPod('web-1', 'n1', -30);
  const bare = { ...aStuckPod('debug', 'n1', -30), owner: undefined };
  const daemon = { ...aStuckPod('agent-x', 'n1', -30), owner: { kind: 'DaemonSet', name: 'agent', uid: 'd', controller: true } };

  it('deletes controller-owned pods and lists bare and DaemonSet pods as skipped', () => {
    const plan = planDeleteStuckPods(diagnosis(nestedSnapshot('n1'), [aMultusPod('n1'), owned, bare, daemon]));
    expect(plan.calls.map((c) => c.target.name)).toEqual(['web-1']);
    expect(plan.calls[0]).toMatchObject({ verb: 'create', target: { resource: 'pods', subresource: 'eviction' } });
    expect(accessChecks(plan)).toEqual([{ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'shop', name: 'web-1' }]);
    expect(plan.skipped.map((s) => s.what).sort()).toEqual(['shop/agent-x', 'shop/debug']);
  });

  it('deletes a bare pod only when chosen by name', () => {
    const plan = planDeleteStuckPods(diagnosis(nestedSnapshot('n1'), [aMultusPod('n1'), owned, bare]), ['shop/debug']);
    expect(plan.calls.map((c) => c.target.name).sort()).toEqual(['debug', 'web-1']);
    expect(plan.calls.find((c) => c.target.name === 'debug')!.description).toContain('will NOT come back');
  });

  it('says why when every stuck pod is skipped, and stays open when a bare pod can be chosen in the preview', () => {
    const onlyDaemon = planDeleteStuckPods(diagnosis(nestedSnapshot('n1'), [aMultusPod('n1'), daemon]));
    expect(onlyDaemon.blocked).toBe('Every stuck pod here is skipped: 1 is a DaemonSet pod (recreated on this same node, it would fail the same way: repair the node instead).');
    expect(planDeleteStuckPods(diagnosis(nestedSnapshot('n1'), [aMultusPod('n1'), daemon, bare])).blocked).toBeUndefined();
  });

  it('is blocked when nothing is stuck', () => {
    expect(planDeleteStuckPods(diagnosis(healthySnapshot('n1'), [aMultusPod('n1'), aPod('ok', 'n1')])).blocked).toMatch(/No pod/);
  });
});

describe('planCordon', () => {
  it('patches spec.unschedulable, and refuses to do what is already done', () => {
    const plan = planCordon(diagnosis(healthySnapshot('n1')), true);
    expect(plan.calls[0]).toMatchObject({ verb: 'patch', patchType: 'strategic-merge', body: { spec: { unschedulable: true } } });
    expect(plan.confirmText).toBeUndefined();
    expect(planCordon(diagnosis(healthySnapshot('n1'), undefined, true), true).blocked).toMatch(/already cordoned/);
    expect(planCordon(diagnosis(healthySnapshot('n1'), undefined, true), false).calls[0]!.body).toEqual({ spec: { unschedulable: null } });
  });
});

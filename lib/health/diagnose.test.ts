import { describe, expect, it } from 'vitest';
import {
  AWS_CONFLIST, T0, aFile, aMultusPod, aNode, aPod, aSandboxFailure, aSnapshot, aStuckPod, at, healthySnapshot, nestedSnapshot, rolledOut,
} from '@/lib/testing/models';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { diagnoseCluster, diagnoseFleet, verdictOf } from './diagnose';

const now = T0;

describe('diagnoseFleet', () => {
  it('calls a node with a fresh, correct snapshot and running pods healthy', () => {
    const [d] = diagnoseFleet({
      nodes: [aNode('n1')],
      pods: [aPod('web-1', 'n1'), aMultusPod('n1')],
      events: [],
      snapshots: [healthySnapshot('n1')],
      now,
    });
    expect(d!.verdict).toBe('healthy');
    expect(d!.findings).toEqual([]);
  });

  it('finds the self-nested Multus config with its file and JSON path, and the pods it strands', () => {
    const stuck = aStuckPod('checkout-1', 'n2', -40);
    const [d] = diagnoseFleet({
      nodes: [aNode('n2')],
      pods: [stuck, aMultusPod('n2', { containers: [{ name: 'kube-multus', image: 'multus-cni:v4.0.2', ready: true, restartCount: 2, state: 'running', lastTermination: { reason: 'OOMKilled', finishedAt: at(-41) } }] })],
      events: [aSandboxFailure(stuck)],
      snapshots: [nestedSnapshot('n2')],
      now,
    });
    expect(d!.verdict).toBe('broken');
    expect(d!.findings.map((f) => f.ruleId)).toEqual(['multus-nested-delegates', 'pod-sandbox-failing', 'multus-pod-unhealthy']);
    expect(d!.findings[0]!.evidence).toEqual([{ file: '00-multus.conf', jsonPath: '$.delegates[0]' }]);
    expect(d!.stuck).toHaveLength(1);
    expect(d!.stuck[0]!.since).toBe(at(-40));
  });

  it('reads NetworkPluginNotReady on the Ready condition as broken', () => {
    const [d] = diagnoseFleet({
      nodes: [aNode('n3', { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' }] })],
      pods: [],
      events: [],
      snapshots: [aSnapshot('n3', [])],
      now,
    });
    expect(d!.verdict).toBe('broken');
    expect(d!.findings.map((f) => f.ruleId).sort()).toEqual(['cni-config-missing', 'network-plugin-not-ready']);
  });

  it('is honest about a node it knows nothing of', () => {
    const [d] = diagnoseFleet({ nodes: [aNode('n4')], pods: [], events: [], snapshots: [], now });
    expect(d!.verdict).toBe('unknown');
  });

  it('treats a stale snapshot as unknown, not healthy', () => {
    const snap = healthySnapshot('n5');
    snap.snapshot!.collectedAt = at(-60);
    const [d] = diagnoseFleet({ nodes: [aNode('n5')], pods: [], events: [], snapshots: [snap], now });
    expect(d!.verdict).toBe('unknown');
    expect(d!.findings[0]!.ruleId).toBe('snapshot-stale');
    expect(d!.findings[0]!.evidence).toEqual([{ message: 'snapshot collected', at: at(-60) }]);
  });

  it('does not count a pod as stuck during its first minute, nor one without sandbox failures', () => {
    const young = aStuckPod('young', 'n6', -0.5);
    const quiet = aStuckPod('quiet', 'n6', -30);
    const [d] = diagnoseFleet({
      nodes: [aNode('n6')],
      pods: [young, quiet],
      events: [aSandboxFailure(young)],
      snapshots: [healthySnapshot('n6')],
      now,
    });
    expect(d!.stuck).toEqual([]);
    expect(d!.verdict).toBe('healthy');
  });

  it('uses the config the runtime picks: a nested config in a later file does not matter', () => {
    const snap = aSnapshot('n7', [aFile('05-aws.conflist', { cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }] }), aFile('99-multus.conf', { type: 'multus', delegates: [{ type: 'multus' }] })]);
    const [d] = diagnoseFleet({ nodes: [aNode('n7')], pods: [], events: [], snapshots: [snap], now });
    expect(d!.verdict).toBe('healthy');
  });
});

describe('verdictOf', () => {
  it('orders error over warning over nothing', () => {
    const f = (severity: 'error' | 'warning' | 'info') => ({ ruleId: 'r', severity, title: '', explanation: '', evidence: [], remediations: [] });
    expect(verdictOf([f('warning'), f('error')], true)).toBe('broken');
    expect(verdictOf([f('warning')], true)).toBe('degraded');
    expect(verdictOf([f('info')], false)).toBe('unknown');
    expect(verdictOf([], true)).toBe('healthy');
  });
});

describe('diagnoseCluster', () => {
  const fleet = (n: number) => Array.from({ length: n }, (_, i) => aNode(`n${i}`));

  it('flags the node whose config differs from the majority of its pool, not the others', () => {
    const nodes = fleet(4);
    const snapshots = nodes.map((n, i) => (i === 3 ? nestedSnapshot(n.name) : healthySnapshot(n.name)));
    const res = diagnoseCluster({ nodes, pods: [], events: [], snapshots, now });
    expect(res.nodes.slice(0, 3).map((d) => d.verdict)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(res.nodes[3]!.findings.map((f) => f.ruleId)).toEqual(['multus-nested-delegates', 'config-drift']);
    expect(res.nodes[3]!.findings[1]!.evidence[0]).toMatchObject({ file: '00-multus.conf', jsonPath: '$.delegates[0]' });
    expect(res.variants.map((v) => v.nodes.length)).toEqual([3, 1]);
  });

  it('uses only snapshots bound to their node: forged ones change no verdict and no majority, and are reported where they point', () => {
    const nodes = fleet(3);
    // n2's agent (or anyone) stores documents naming n0 and n1 under its own and a made-up name, with another config.
    const forged = [
      { ...nestedSnapshot('n0'), configMapName: 'cni-snapshot-n2', annotatedNode: 'n2' },
      { ...nestedSnapshot('n1'), configMapName: 'cni-snapshot-n9', annotatedNode: 'n9' },
    ];
    const res = diagnoseCluster({ nodes, pods: [], events: [], snapshots: [healthySnapshot('n0'), healthySnapshot('n1'), ...forged], now });
    const [n0, n1, n2] = res.nodes;
    expect([n0!.verdict, n1!.verdict]).toEqual(['healthy', 'healthy']);
    expect(n0!.findings.map((f) => [f.ruleId, f.severity, f.title])).toEqual([['snapshot-ignored', 'info', 'Snapshot ignored: names node "n0" but is stored as "n2"']]);
    expect(n1!.findings.map((f) => [f.ruleId, f.severity, f.title])).toEqual([['snapshot-ignored', 'info', 'Snapshot ignored: names node "n1" but is stored as "n9"']]);
    // The node whose own ConfigMap holds another node's document: no snapshot, and a warning saying why.
    expect(n2!.snapshot).toBeUndefined();
    expect(n2!.verdict).toBe('degraded');
    expect(n2!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['snapshot-ignored', 'warning']]);
    expect(n0!.snapshot?.configMapName).toBe('cni-snapshot-n0');
    expect(res.variants.map((v) => v.nodes)).toEqual([['n0', 'n1']]);
  });

  it('reports Multus DaemonSet hygiene at cluster level, as info context only where Multus broke', () => {
    const nodes = fleet(2);
    const ds: DaemonSetModel = {
      namespace: 'kube-system', name: 'kube-multus-ds', uid: 'u', resourceVersion: '1', labels: {},
      containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', command: [], args: [], requests: {}, limits: {} }],
      initContainers: [], ...rolledOut(2),
    };
    const res = diagnoseCluster({ nodes, pods: [], events: [], snapshots: [healthySnapshot('n0'), nestedSnapshot('n1')], daemonsets: [ds], now });
    expect(res.findings.map((f) => f.ruleId)).toContain('multus-ds-not-guaranteed');
    expect(res.nodes[0]!.verdict).toBe('healthy');
    expect(res.nodes[0]!.findings).toEqual([]);
    const context = res.nodes[1]!.findings.filter((f) => f.ruleId.startsWith('multus-ds-'));
    expect(context.length).toBeGreaterThan(0);
    expect(context.every((f) => f.severity === 'info')).toBe(true);
    expect(res.nodes[1]!.findings[0]!.ruleId).toBe('multus-nested-delegates');
  });

  it('forgets an OOMKill of the Multus pod after an hour of running ready', () => {
    const pod = (minutesAgo: number) => aMultusPod('n0', { containers: [{ name: 'kube-multus', image: 'multus-cni:v4.0.2', ready: true, restartCount: 1, state: 'running', lastTermination: { reason: 'OOMKilled', finishedAt: at(-minutesAgo) } }] });
    const run = (minutesAgo: number) => diagnoseFleet({ nodes: [aNode('n0')], pods: [pod(minutesAgo)], events: [], snapshots: [healthySnapshot('n0')], now })[0]!;
    expect(run(30).verdict).toBe('degraded');
    expect(run(30).findings.map((f) => f.ruleId)).toEqual(['multus-pod-unhealthy']);
    // The time travels as data, not inside the text, so each viewer reads it in their own zone.
    expect(run(30).findings[0]!.evidence[0]).toMatchObject({ message: '1 restarts; last terminated: OOMKilled', at: at(-30) });
    expect(run(90).verdict).toBe('healthy');
  });

  it('gives the write times of side-by-side primary configs as data, not inside the text', () => {
    const calico = { cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [{ type: 'calico', ipam: { type: 'calico-ipam' } }] };
    const snap = aSnapshot('n0', [
      { ...aFile('10-aws.conflist', AWS_CONFLIST), modifiedAt: at(-300) },
      { ...aFile('20-calico.conflist', calico), modifiedAt: at(-5) },
    ]);
    const [d] = diagnoseFleet({ nodes: [aNode('n0')], pods: [], events: [], snapshots: [snap], now });
    const f = d!.findings.find((x) => x.ruleId === 'effective-config-unexpected')!;
    expect(f.evidence).toEqual([
      { file: '10-aws.conflist', message: 'aws-vpc-cni (sorts first), written', at: at(-300) },
      { file: '20-calico.conflist', message: 'calico, written', at: at(-5) },
    ]);
  });

  it('names the sandbox failure signature of stuck pods', () => {
    const stuck = aStuckPod('web-9', 'n0', -20);
    const [d] = diagnoseFleet({ nodes: [aNode('n0')], pods: [stuck], events: [aSandboxFailure(stuck)], snapshots: [healthySnapshot('n0')], now });
    const f = d!.findings.find((x) => x.ruleId === 'pod-sandbox-failing')!;
    expect(f.evidence[0]).toMatchObject({ pod: 'shop/web-9', signature: 'multus-ifname-exists' });
    expect(f.remediations).toContain('repair-node-cni-config');
  });
});

import { describe, expect, it } from 'vitest';
import { ignoredEvents, projectDaemonSet, projectEvent, projectNode, projectPod, projectSnapshot } from './project';

const event = (over: Record<string, unknown>) => ({
  metadata: { name: 'e1', namespace: 'default', resourceVersion: '1', uid: 'u' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' },
  type: 'Normal',
  reason: 'Scheduled',
  message: 'Successfully assigned default/web-1 to node-a',
  ...over,
});

describe('projectEvent', () => {
  it('keeps sandbox failures, audit records and warnings about pods and nodes; counts the rest', () => {
    const before = ignoredEvents();
    expect(projectEvent(event({ type: 'Warning', reason: 'FailedCreatePodSandBox' }))?.reason).toBe('FailedCreatePodSandBox');
    expect(projectEvent(event({ reason: 'CniHealthRemediation', involvedObject: { kind: 'Node', name: 'node-a' } }))).toBeDefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'BackOff' }))).toBeDefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'Rebooted', involvedObject: { kind: 'Node', name: 'node-a' } }))).toBeDefined();
    expect(projectEvent(event({}))).toBeUndefined();
    expect(projectEvent(event({ reason: 'Pulled' }))).toBeUndefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'FailedScheduling', involvedObject: { kind: 'Deployment', name: 'web' } }))).toBeUndefined();
    expect(ignoredEvents() - before).toBe(3);
  });
});

describe('projectPod', () => {
  it('shares one copy of repeated strings between pods', () => {
    const pod = (name: string) => JSON.parse(JSON.stringify({
      metadata: { name, namespace: 'kube-system-with-a-long-name', uid: name },
      spec: { nodeName: 'ip-10-64-1-1.eu-west-1.compute.internal', containers: [{ name: 'app', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/app:v1' }] },
      status: { phase: 'Running' },
    })) as unknown;
    const a = projectPod(pod('a'))!;
    const b = projectPod(pod('b'))!;
    expect(b.nodeName).toBe(a.nodeName);
    expect(b.containers[0]!.image).toBe(a.containers[0]!.image);
    expect(b.namespace).toBe('kube-system-with-a-long-name');
  });
});

describe('projectDaemonSet', () => {
  const raw = (over: { metadata?: object; spec?: object; status?: object }): unknown => ({
    metadata: { name: 'kube-multus-ds', namespace: 'kube-system', uid: 'u', resourceVersion: '9', generation: 3, managedFields: [{ manager: 'x' }], ...over.metadata },
    spec: { template: { spec: { containers: [] } }, ...over.spec },
    status: { observedGeneration: 2, desiredNumberScheduled: 5000, currentNumberScheduled: 5000, numberReady: 4990, numberAvailable: 4988, numberUnavailable: 12, updatedNumberScheduled: 12, ...over.status },
  });

  it('keeps what a rollout check needs: generations, every counter, the update strategy and minReadySeconds', () => {
    const ds = projectDaemonSet(raw({ spec: { minReadySeconds: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } } } }))!;
    expect(ds).toMatchObject({
      generation: 3, observedGeneration: 2, desired: 5000, current: 5000, ready: 4990, available: 4988, unavailable: 12, updated: 12,
      updateStrategy: { type: 'RollingUpdate', maxUnavailable: '10%', maxSurge: 0 }, minReadySeconds: 10,
    });
    expect(JSON.stringify(ds)).not.toContain('managedFields');
  });

  it('applies the apps/v1 defaults and reads nonsense as defaults or 0, never as progress', () => {
    expect(projectDaemonSet(raw({}))!.updateStrategy).toEqual({ type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0 });
    expect(projectDaemonSet(raw({ spec: { updateStrategy: { type: 'OnDelete' } } }))!.updateStrategy.type).toBe('OnDelete');
    const bad = projectDaemonSet(raw({ metadata: { generation: '3' }, status: { updatedNumberScheduled: -1, numberAvailable: 1e300, numberReady: 'all' }, spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '1; rm' } } } }))!;
    expect([bad.generation, bad.updated, bad.available, bad.ready]).toEqual([0, 0, 0, 0]);
    expect(bad.updateStrategy.maxUnavailable).toBe(1);
  });
});

describe('projectSnapshot', () => {
  it('carries the raw identity facts (name, annotation, Node owners), bounded, and decides nothing', () => {
    const s = projectSnapshot({
      metadata: {
        name: 'cni-snapshot-b', namespace: 'cni-health', resourceVersion: '7',
        annotations: { 'cni-health.io/node': 'a'.repeat(300) },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: 'a', uid: 'u-a' },
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'x', uid: 'u-x' },
          ...Array.from({ length: 20 }, (_, i) => ({ apiVersion: 'v1', kind: 'Node', name: `n${i}`, uid: `u${i}` })),
        ],
      },
      data: { 'snapshot.json': 'not json' },
    })!;
    expect(s.configMapName).toBe('cni-snapshot-b');
    expect(s.annotatedNode).toHaveLength(254);
    expect(s.node).toBe(s.annotatedNode);
    expect(s.owners).toHaveLength(8);
    expect(s.owners?.[0]).toEqual({ apiVersion: 'v1', kind: 'Node', name: 'a', uid: 'u-a' });
    expect(s.error).toMatch(/not valid JSON/);
  });
});

describe('pod network fields', () => {
  it('keeps the pod IP and hostNetwork, and a node\'s podCIDRs (at most one per family), dropping what is not an address', () => {
    const pod = (over: Record<string, unknown>) => projectPod({ metadata: { name: 'p', namespace: 'n', uid: 'u' }, spec: { containers: [] }, status: { phase: 'Running' }, ...over })!;
    expect(pod({ status: { phase: 'Running', podIP: '10.88.0.2' } }).podIP).toBe('10.88.0.2');
    expect(pod({ status: { phase: 'Running', podIP: '10.0.0.1; rm -rf' } }).podIP).toBeUndefined();
    expect(pod({ spec: { containers: [], hostNetwork: true } }).hostNetwork).toBe(true);
    expect(pod({}).hostNetwork).toBeUndefined();
    const node = (spec: Record<string, unknown>) => projectNode({ metadata: { name: 'a', uid: 'u' }, spec })!;
    expect(node({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64', '10.9.9.0/24'] }).podCIDRs).toEqual(['10.244.1.0/24', 'fd00:10:244:1::/64']);
    expect(node({ podCIDR: '10.244.1.0/24' }).podCIDRs).toEqual(['10.244.1.0/24']);
    expect(node({}).podCIDRs).toBeUndefined();
    expect(node({ podCIDRs: ['not a cidr'] }).podCIDRs).toBeUndefined();
  });

  it('keeps each condition\'s heartbeat beside its transition (how stale a condition its writer stopped renewing is)', () => {
    const n = projectNode({ metadata: { name: 'a', uid: 'u' }, status: { conditions: [
      { type: 'CNIHealthy', status: 'True', reason: 'CNIConfigHealthy', lastTransitionTime: '2026-11-26T10:00:00Z', lastHeartbeatTime: '2026-11-26T11:55:00Z' },
      { type: 'Ready', status: 'True' },
    ] } })!;
    expect(n.conditions).toEqual([
      { type: 'CNIHealthy', status: 'True', reason: 'CNIConfigHealthy', message: undefined, lastTransitionTime: '2026-11-26T10:00:00Z', lastHeartbeatTime: '2026-11-26T11:55:00Z' },
      { type: 'Ready', status: 'True', reason: undefined, message: undefined, lastTransitionTime: undefined },
    ]);
  });
});

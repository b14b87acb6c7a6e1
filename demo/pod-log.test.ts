/**
 * The pods/log subresource against the semantics of kube-apiserver and the
 * kubelet (demo/pod-log.ts cites the sources), and the missing-primary
 * node's aws-node: crash-looping with its logs, and a fresh pod that writes
 * the node's CNI config.
 */
import { describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_DATA_KEY, snapshotSchema } from '@/lib/cni/snapshot';
import type { ConfigMapObject, NodeObject, PodObject } from './types';
import { call, clusterPerTest, HEALTHY, MISSING_PRIMARY, type TestCluster } from './test-support';

const clusters = clusterPerTest({ tickMs: 200 });

async function awsNodeOn(cluster: TestCluster, node: string): Promise<PodObject> {
  const list = await cluster.json<{ items: PodObject[] }>(`/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Daws-node&fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`);
  return list.items.find((p) => !p.metadata.deletionTimestamp)!;
}

const logPath = (pod: PodObject, query: string): string => `/api/v1/namespaces/kube-system/pods/${pod.metadata.name}/log${query ? `?${query}` : ''}`;

async function text(cluster: TestCluster, path: string, token?: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await cluster.get(path, token ? { token } : {});
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describe('pods/log', () => {
  it('serves a container\'s log as text/plain, the last tailLines lines, cut after limitBytes', async () => {
    const cluster = await clusters.start();
    const pod = await awsNodeOn(cluster, HEALTHY);
    const all = await text(cluster, logPath(pod, 'container=aws-node'));
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^text\/plain/);
    const lines = all.body.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('Successfully copied CNI plugin binary and config file.');
    expect((await text(cluster, logPath(pod, 'container=aws-node&tailLines=2'))).body).toBe(`${lines.slice(-2).join('\n')}\n`);
    expect((await text(cluster, logPath(pod, 'container=aws-node&tailLines=0'))).body).toBe('');
    const cut = await text(cluster, logPath(pod, 'container=aws-node&tailLines=2&limitBytes=10'));
    expect(cut.body).toBe(lines.slice(-2).join('\n').slice(0, 10));
  });

  it('asks for a container when the pod has several, and rejects unknown ones and bad options as the API server does', async () => {
    const cluster = await clusters.start();
    const pod = await awsNodeOn(cluster, HEALTHY);
    const noContainer = await call(cluster, 'GET', logPath(pod, ''));
    expect(noContainer.status).toBe(400);
    expect(noContainer.body.message).toBe(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [aws-node aws-eks-nodeagent] or one of the init containers: [aws-vpc-cni-init]`);
    expect((await call(cluster, 'GET', logPath(pod, 'container=nope'))).body.message).toBe(`container nope is not valid for pod ${pod.metadata.name}`);
    const negative = await call(cluster, 'GET', logPath(pod, 'container=aws-node&tailLines=-1&limitBytes=0'));
    expect(negative.status).toBe(422);
    expect(negative.body.message).toBe(`PodLogOptions "${pod.metadata.name}" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]`);
    expect((await call(cluster, 'GET', logPath(pod, 'container=aws-node&tailLines=ten'))).status).toBe(400);
    expect((await call(cluster, 'GET', logPath(pod, 'container=aws-node&previous=true'))).body.message).toBe(`previous terminated container "aws-node" in pod "${pod.metadata.name}" not found`);
    expect((await call(cluster, 'GET', '/api/v1/namespaces/kube-system/pods/aws-node-nothere/log')).status).toBe(404);
    expect((await call(cluster, 'POST', logPath(pod, 'container=aws-node'), {})).status).toBe(405);
  });

  it('authorizes get on pods/log, a rule apart from pods', async () => {
    const cluster = await clusters.start();
    const pod = await awsNodeOn(cluster, HEALTHY);
    expect((await text(cluster, logPath(pod, 'container=aws-node'), cluster.viewerToken)).status).toBe(200);
    // The dashboard's own service account reads pods, not their logs.
    const sa = await call(cluster, 'GET', logPath(pod, 'container=aws-node'), undefined, { token: cluster.dashboardToken });
    expect(sa.status).toBe(403);
    expect(sa.body.message).toContain('cannot get resource "pods/log" in API group "" in the namespace "kube-system"');
    expect((await cluster.post('/demo/v1/faults', { fault: 'forbid', resource: 'pods/log' })).status).toBe(200);
    expect((await call(cluster, 'GET', logPath(pod, 'container=aws-node'), undefined, { token: cluster.viewerToken })).status).toBe(403);
    expect((await call(cluster, 'GET', `/api/v1/namespaces/kube-system/pods/${pod.metadata.name}`, undefined, { token: cluster.viewerToken })).status).toBe(200);
  });
});

describe('the missing-primary node\'s aws-node', () => {
  it('crash-loops: its current log is its last run, which never got ipamd serving', async () => {
    const cluster = await clusters.start();
    const pod = await awsNodeOn(cluster, MISSING_PRIMARY);
    const status = pod.status.containerStatuses!.find((c) => c.name === 'aws-node')!;
    expect(status.state).toEqual({ waiting: expect.objectContaining({ reason: 'CrashLoopBackOff' }) });
    const current = await text(cluster, logPath(pod, 'container=aws-node'));
    const previous = await text(cluster, logPath(pod, 'container=aws-node&previous=true'));
    expect(current.body).toBe(previous.body);
    const msgs = previous.body.trimEnd().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs.slice(0, 5)).toEqual(['Constructed new logger instance', 'Validating env variables ...', 'Install CNI binaries..', 'Starting IPAM daemon... ', 'Checking for IPAM connectivity ... ']);
    expect(msgs.filter((m) => m === 'Retrying waiting for IPAM-D').length).toBeGreaterThan(5);
    expect(msgs).not.toContain('Copying config file ... ');
  });

  it('comes up when its pod is deleted: the new pod writes 10-aws.conflist, Multus wraps it, the node turns Ready', async () => {
    const cluster = await clusters.start();
    const pod = await awsNodeOn(cluster, MISSING_PRIMARY);
    expect((await call(cluster, 'DELETE', `/api/v1/namespaces/kube-system/pods/${pod.metadata.name}`, { preconditions: { uid: pod.metadata.uid } })).status).toBe(200);
    await vi.waitFor(async () => {
      const fresh = await awsNodeOn(cluster, MISSING_PRIMARY);
      expect(fresh.metadata.uid).not.toBe(pod.metadata.uid);
      expect(fresh.status.phase).toBe('Running');
      const cm = await cluster.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${MISSING_PRIMARY}`);
      const snap = snapshotSchema.parse(JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? ''));
      expect(snap.files.map((f) => f.name).sort()).toEqual(['00-multus.conf', '10-aws.conflist']);
      const node = await cluster.json<NodeObject>(`/api/v1/nodes/${MISSING_PRIMARY}`);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    }, { timeout: 20_000, interval: 200 });
  });

  it('is put back in that state by the step lose-primary, on any node', async () => {
    const cluster = await clusters.start();
    expect((await cluster.post('/demo/v1/steps', { step: 'lose-primary', node: HEALTHY })).status).toBe(200);
    const cm = await cluster.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${HEALTHY}`);
    expect(snapshotSchema.parse(JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? '')).files).toEqual([]);
    const node = await cluster.json<NodeObject>(`/api/v1/nodes/${HEALTHY}`);
    expect(node.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', message: expect.stringContaining('NetworkPluginNotReady') });
    const pod = await awsNodeOn(cluster, HEALTHY);
    expect(pod.status.containerStatuses!.find((c) => c.name === 'aws-node')!.state).toEqual({ waiting: expect.objectContaining({ reason: 'CrashLoopBackOff' }) });
    const events = await cluster.json<{ items: Array<{ reason: string }> }>(`/api/v1/namespaces/kube-system/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${pod.metadata.name}`)}`);
    expect(events.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['BackOff', 'Unhealthy']));
  });
});

/**
 * Seeds the nodes of multus-boot-race with their CNI history and node events.
 *
 * The two nested nodes went through the incident's memory-pressure path
 * about 40 minutes ago: the kubelet evicted a pod, the kernel OOM-killed the
 * BestEffort Multus container, and the restarted Multus found its own stale
 * 00-multus.conf first (it sorts before 10-aws.conflist) and wrapped it.
 *
 * The missing-primary node is a fresh scale-up whose aws-node never got
 * ipamd serving, so it never wrote 10-aws.conflist. Multus (thin, with
 * --multus-conf-file=auto) only generates its config by wrapping an existing
 * one, so it waits and writes nothing: the directory is empty, containerd has
 * no network config, and the kubelet reports NetworkNotReady.
 */
import { MINUTE, iso } from '../builders/meta';
import { buildNode } from '../builders/node';
import { awsConflist, healthyFiles, MULTUS_CONF, selfNestedMultus } from '../cni-configs';
import { SnapshotHistory } from '../snapshots';
import type { ObjectStore } from '../store';
import { NODE_PLANS, type NodePlan } from './fleet';
import type { NodeOps, NodeRuntime } from './node-ops';

export function brokenAt(plan: NodePlan, now: number): number | undefined {
  return plan.brokenAgo === undefined ? undefined : now - plan.brokenAgo;
}

export function historyFor(plan: NodePlan, createdAt: number, now: number): SnapshotHistory {
  const h = new SnapshotHistory();
  if (plan.initial === 'missing-primary') {
    h.record([], createdAt + 45_000);
    return h;
  }
  // At boot aws-node writes its conflist first; Multus wraps it a few seconds later.
  const aws = awsConflist(plan.ip);
  h.record([{ name: '10-aws.conflist', content: aws, modifiedAt: createdAt + 38_000 }], createdAt + 40_000);
  const healthy = healthyFiles(plan.ip).map((f) => ({ ...f, modifiedAt: createdAt + (f.name === MULTUS_CONF ? 52_000 : 38_000) }));
  h.record(healthy, createdAt + 55_000);
  const broke = brokenAt(plan, now);
  if (broke !== undefined) {
    const nested = healthy.map((f) => (f.name === MULTUS_CONF ? { ...f, content: selfNestedMultus(f.content), modifiedAt: broke - 5_000 } : f));
    h.record(nested, broke);
  }
  return h;
}

export function seedNodes(store: ObjectStore, ops: NodeOps, now: number, plans: readonly NodePlan[] = NODE_PLANS): Map<string, NodeRuntime> {
  const out = new Map<string, NodeRuntime>();
  for (const plan of plans) {
    const createdAt = now - plan.age;
    const node = buildNode({
      ...plan,
      createdAt,
      bootAt: createdAt - 60_000,
      heartbeatAt: now - ((plan.index * 37) % 290) * 1000,
      networkReady: plan.initial !== 'missing-primary',
    });
    const broke = brokenAt(plan, now);
    if (broke !== undefined) {
      // Memory pressure came and went around the OOM kill.
      const mp = node.status.conditions.find((c) => c.type === 'MemoryPressure');
      if (mp) mp.lastTransitionTime = iso(broke + 30_000);
    }
    const stored = store.create('nodes', node);
    const rt: NodeRuntime = {
      plan,
      uid: stored.metadata.uid,
      cni: plan.initial,
      ...(broke !== undefined ? { brokenSince: broke } : {}),
      history: historyFor(plan, createdAt, now),
      snapshotCreatedAt: createdAt + 40_000,
      lastCollectedAt: now,
    };
    ops.publishSnapshot(rt, now - ((plan.index * 7) % 50) * 1000 - 5_000);
    out.set(plan.name, rt);
    seedNodeEvents(ops, rt, now, broke);
  }
  return out;
}

function seedNodeEvents(ops: NodeOps, rt: NodeRuntime, now: number, broke: number | undefined): void {
  const name = rt.plan.name;
  // The kubelet refers to its Node by name, with the name as uid and no apiVersion.
  const kubeletRef = { kind: 'Node', name, uid: name };
  const kubelet = (reason: string, message: string, at: number, type: 'Normal' | 'Warning' = 'Normal', count = 1, last = at): string =>
    ops.createEvent({ namespace: 'default', involved: kubeletRef, reason, message, type, component: 'kubelet', host: name, first: at, last, count });
  if (broke !== undefined) {
    kubelet('EvictionThresholdMet', 'Attempting to reclaim memory', broke - 2 * MINUTE, 'Warning');
    kubelet('NodeHasInsufficientMemory', `Node ${name} status is now: NodeHasInsufficientMemory`, broke - 2 * MINUTE + 3000);
    kubelet('SystemOOM', `System OOM encountered, victim process: thin_entrypoint, pid: ${3000 + rt.plan.index * 131}`, broke - 20_000, 'Warning');
    kubelet('NodeHasSufficientMemory', `Node ${name} status is now: NodeHasSufficientMemory`, broke + 30_000);
  }
  if (rt.plan.initial === 'missing-primary') {
    const joined = now - rt.plan.age;
    kubelet('Starting', 'Starting kubelet.', joined - 50_000);
    kubelet('InvalidDiskCapacity', 'invalid capacity 0 on image filesystem', joined - 50_000, 'Warning');
    kubelet('NodeHasSufficientMemory', `Node ${name} status is now: NodeHasSufficientMemory`, joined - 48_000, 'Normal', 2, joined - 10_000);
    kubelet('NodeHasNoDiskPressure', `Node ${name} status is now: NodeHasNoDiskPressure`, joined - 48_000, 'Normal', 2, joined - 10_000);
    kubelet('NodeHasSufficientPID', `Node ${name} status is now: NodeHasSufficientPID`, joined - 48_000, 'Normal', 2, joined - 10_000);
    kubelet('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', joined - 47_000);
    ops.createEvent({
      namespace: 'default', involved: { kind: 'Node', name, uid: rt.uid, apiVersion: 'v1' }, reason: 'RegisteredNode',
      message: `Node ${name} event: Registered Node ${name} in Controller`, type: 'Normal', component: 'node-controller', first: joined + 5_000,
    });
  }
}

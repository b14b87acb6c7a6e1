/**
 * The two steps of multus-boot-race, applied to any node in any state.
 *
 * reboot-with-race: the node reboots; the memory spike of everything starting
 * at once OOM-kills the BestEffort Multus, which restarts, finds its own
 * 00-multus.conf before 10-aws.conflist and wraps it once more. Every pod that
 * needs a sandbox from the CNI is stuck from then on.
 *
 * heal: the documented repair: the generated config is removed, Multus is
 * restarted and regenerates a correct config around the primary conflist
 * (written now if it was missing); stuck pods get sandboxes and start.
 */
import { iso, uidFor } from '../builders/meta';
import { readyCondition } from '../builders/node';
import { applyPodState, type Termination } from '../builders/pod';
import { AWS_CONFLIST, awsConflist, healthyFiles, MULTUS_CONF, multusConfWrapping, selfNestedMultus } from '../cni-configs';
import type { ObjectStore } from '../store';
import type { PodObject } from '../types';
import { attachNetworks } from '../sim/networks';
import { podIPFor } from './fleet';
import { nodeReadyMessage, rebootedMessage } from './messages';
import type { NodeOps, NodeRuntime } from './node-ops';

const isMultus = (p: PodObject): boolean => p.metadata.ownerReferences?.some((o) => o.name === 'kube-multus-ds') === true;
const isReady = (p: PodObject): boolean => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const podKey = (p: PodObject): string => `${p.metadata.namespace}/${p.metadata.name}`;

function runningSince(p: PodObject, fallback: number): number {
  const s = p.status.containerStatuses?.[0]?.state;
  return s && 'running' in s ? Date.parse(s.running.startedAt) : fallback;
}

function restartPod(store: ObjectStore, p: PodObject, reason: Termination['reason'], exitCode: number, at: number): void {
  const restarts = Math.max(0, ...(p.status.containerStatuses ?? []).map((c) => c.restartCount)) + 1;
  const last: Termination = { reason, exitCode, startedAt: runningSince(p, at - 3_600_000), finishedAt: at - 4_000 };
  store.update('pods', podKey(p), (d) => applyPodState(d, { phase: 'running', since: at, restarts, last }, p.status.podIP ?? ''));
}

export function containerEvents(ops: NodeOps, p: PodObject, node: string, at: number): void {
  const ns = p.metadata.namespace ?? '';
  for (const c of p.spec.containers) {
    const involved = { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid, apiVersion: 'v1', fieldPath: `spec.containers{${c.name}}` };
    const ev = { namespace: ns, involved, type: 'Normal' as const, component: 'kubelet', host: node };
    ops.createEvent({ ...ev, reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, first: at });
    ops.createEvent({ ...ev, reason: 'Created', message: `Created container ${c.name}`, first: at + 300 });
    ops.createEvent({ ...ev, reason: 'Started', message: `Started container ${c.name}`, first: at + 600 });
  }
}

/** Marks the node Ready (it has a CNI config now) and lifts the not-ready taints. */
/** The kubelet's Ready condition once the runtime has a network config again (and the not-ready taint lifted). */
export function markNetworkReady(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, at: number): void {
  markReady(store, ops, rt, at);
}

function markReady(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, at: number, bootID?: string): void {
  const name = rt.plan.name;
  const node = store.get('nodes', name);
  if (!node) return;
  const wasReady = node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  store.update('nodes', name, (d) => {
    d.status.conditions = d.status.conditions.map((c) => {
      if (c.type === 'Ready') return wasReady && !bootID ? { ...c, lastHeartbeatTime: iso(at) } : readyCondition(true, at, at);
      return { ...c, lastHeartbeatTime: iso(at), ...(bootID ? { lastTransitionTime: iso(at) } : {}) };
    });
    const taints = (d.spec.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/not-ready');
    if (taints.length) d.spec.taints = taints;
    else delete d.spec.taints;
    if (bootID) d.status.nodeInfo.bootID = bootID;
  });
  if (!wasReady || bootID) {
    ops.createEvent({ namespace: 'default', involved: { kind: 'Node', name, uid: name }, reason: 'NodeReady', message: nodeReadyMessage(name), type: 'Normal', component: 'kubelet', host: name, first: at + 1_000 });
  }
}

export function rebootWithRace(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, at: number): void {
  // The reboot began 40s before the step returns; nothing is stamped after `at`.
  const t = at - 40_000;
  const name = rt.plan.name;
  const aws = rt.history.file(AWS_CONFLIST);
  const awsContent = aws?.content ?? awsConflist(rt.plan.ip);
  const existing = rt.history.file(MULTUS_CONF)?.content ?? multusConfWrapping(awsContent);
  rt.history.record([
    { name: MULTUS_CONF, content: selfNestedMultus(existing), modifiedAt: t + 20_000 },
    { name: AWS_CONFLIST, content: awsContent, modifiedAt: aws?.modifiedAt ?? t + 25_000 },
  ], t + 30_000);
  rt.cni = 'nested-delegates';
  rt.brokenSince = t + 30_000;
  ops.publishSnapshot(rt, at);

  const bootID = uidFor(`boot:${name}:${at}`);
  const nodeRef = { kind: 'Node', name, uid: name };
  ops.createEvent({ namespace: 'default', involved: nodeRef, reason: 'Starting', message: 'Starting kubelet.', type: 'Normal', component: 'kubelet', host: name, first: t });
  ops.createEvent({ namespace: 'default', involved: nodeRef, reason: 'Rebooted', message: rebootedMessage(name, bootID), type: 'Warning', component: 'kubelet', host: name, first: t + 500 });
  markReady(store, ops, rt, t, bootID);

  for (const p of ops.podsOn(name)) {
    if (!p.spec.hostNetwork || p.status.phase === 'Failed') continue;
    // Multus is the one the boot-time memory spike kills; the rest just restart with the node.
    if (isMultus(p)) {
      restartPod(store, p, 'OOMKilled', 137, t + 15_000);
      containerEvents(ops, p, name, t + 15_000);
    } else {
      restartPod(store, p, 'Unknown', 255, t + 5_000);
    }
  }
  ops.stopRepeating(name);
  for (const p of ops.networkedPodsOn(name)) {
    const stuck = store.update('pods', podKey(p), (d) => applyPodState(d, { phase: 'creating', since: t + 10_000 }, ''));
    ops.startSandboxFailures(name, stuck, at, at, 1);
  }
  ops.refreshDaemonSets(at);
}

export function heal(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, at: number): void {
  if (rt.cni === 'healthy') return;
  const t = at - 12_000;
  const name = rt.plan.name;
  const aws = rt.history.file(AWS_CONFLIST);
  rt.history.record(healthyFiles(rt.plan.ip).map((f) => ({
    ...f,
    modifiedAt: f.name === AWS_CONFLIST && aws?.content === f.content ? aws.modifiedAt : t + 3_000,
  })), t + 5_000);
  rt.cni = 'healthy';
  delete rt.brokenSince;
  ops.publishSnapshot(rt, at);
  ops.stopRepeating(name);
  markReady(store, ops, rt, t);

  for (const p of ops.podsOn(name)) {
    if (!p.spec.hostNetwork || p.status.phase === 'Failed') continue;
    if (isMultus(p)) {
      restartPod(store, p, 'Completed', 0, t + 2_000);
      containerEvents(ops, p, name, t + 2_000);
    } else if (!isReady(p)) {
      store.update('pods', podKey(p), (d) => applyPodState(d, { phase: 'running', since: t + 3_000 }, rt.plan.ip));
    }
  }
  ops.networkedPodsOn(name).filter((p) => !isReady(p)).forEach((p, i) => {
    const since = Math.min(at - 1_000, t + 8_000 + i * 500);
    const ip = podIPFor(rt.plan.ip, p.metadata.name);
    // Multus is back (the healthy files above): it attaches every network the pod asks for.
    const started = store.update('pods', podKey(p), (d) => {
      applyPodState(d, { phase: 'running', since }, ip);
      attachNetworks(d, rt.history.current()?.files ?? [], ip);
    });
    containerEvents(ops, started, name, since - 1_000);
  });
  ops.refreshDaemonSets(at);
}

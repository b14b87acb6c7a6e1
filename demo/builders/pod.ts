/**
 * Pods and their status, in the states the scenario needs: running, stuck in
 * sandbox creation (Pending/ContainerCreating), crash-looping, evicted.
 * `applyPodState` rewrites a stored pod's status the way the kubelet would.
 */
import type { Condition, Container, ContainerState, ContainerStatus, OwnerReference, PodObject, PodSpec, PodStatus } from '../types';
import { parseQuantity } from '../writes/quantity';
import { iso, objectMeta, sha256Hex, uidFor } from './meta';

export interface Termination {
  reason: 'OOMKilled' | 'Error' | 'Completed' | 'Unknown';
  exitCode: number;
  startedAt: number;
  finishedAt: number;
}

export type PodState =
  | { phase: 'running'; since: number; ready?: boolean; restarts?: number; last?: Termination; readySince?: number }
  | { phase: 'creating'; since: number }
  | { phase: 'crashloop'; since: number; restarts: number; last: Termination }
  | { phase: 'evicted'; at: number; message: string }
  /** An init container is still running (Multus waiting for the primary CNI config). */
  | { phase: 'initializing'; since: number; waitingOn: string };

export type PodSpecInput = Omit<PodSpec, 'nodeName' | 'serviceAccount' | 'priority'> & { priority?: number };

export interface PodInput {
  name: string;
  namespace: string;
  generateName: string;
  createdAt: number;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  owner: OwnerReference;
  nodeName: string;
  hostIP: string;
  /** Pod IP once the CNI gave it one; the host IP for hostNetwork pods. */
  podIP: string;
  spec: PodSpecInput;
  state: PodState;
}

type QosClass = PodStatus['qosClass'];

/** QoS as the kubelet computes it (pkg/apis/core/v1/helper/qos), over init and app containers. */
export function qosClassOf(containers: readonly Container[]): QosClass {
  const empty = (c: Container): boolean => !Object.keys(c.resources.requests ?? {}).length && !Object.keys(c.resources.limits ?? {}).length;
  if (containers.every(empty)) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const l = c.resources.limits ?? {};
    const r = c.resources.requests ?? {};
    return ['cpu', 'memory'].every((k) => l[k] !== undefined && parseQuantity(r[k] ?? l[k]) === parseQuantity(l[k]));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function imageID(image: string): string {
  const repo = image.replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${sha256Hex(`image:${image}`)}`;
}

function terminated(t: Termination, containerID?: string): ContainerState {
  return { terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: iso(t.startedAt), finishedAt: iso(t.finishedAt), ...(containerID ? { containerID } : {}) } };
}

function containerStatus(pod: string, c: Container, state: PodState, prev?: ContainerStatus): ContainerStatus {
  const restarts = state.phase === 'running' || state.phase === 'crashloop' ? state.restarts ?? prev?.restartCount ?? 0 : prev?.restartCount ?? 0;
  const cid = `containerd://${sha256Hex(`cid:${pod}:${c.name}:${restarts}:${state.phase}`)}`;
  const base = { name: c.name, image: c.image, imageID: imageID(c.image) };
  switch (state.phase) {
    case 'running': {
      const last = state.last ? terminated(state.last, `containerd://${sha256Hex(`cid:${pod}:${c.name}:${restarts - 1}`)}`) : prev?.lastState ?? {};
      return { ...base, containerID: cid, ready: state.ready ?? true, started: true, restartCount: restarts, state: { running: { startedAt: iso(state.since) } }, lastState: last };
    }
    case 'crashloop':
      return {
        ...base, containerID: cid, ready: false, started: false, restartCount: restarts,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${pod}` } },
        lastState: terminated(state.last, cid),
      };
    case 'creating':
      return { ...base, imageID: '', ready: false, started: false, restartCount: restarts, state: { waiting: { reason: 'ContainerCreating' } }, lastState: prev?.lastState ?? {} };
    case 'initializing':
      return { ...base, imageID: '', ready: false, started: false, restartCount: restarts, state: { waiting: { reason: 'PodInitializing' } }, lastState: {} };
    case 'evicted':
      return {
        ...base, containerID: cid, ready: false, started: false, restartCount: restarts,
        state: terminated({ reason: 'Error', exitCode: 137, startedAt: state.at - 3 * 3600_000, finishedAt: state.at }, cid), lastState: {},
      };
  }
}

function conditions(state: PodState, createdAt: number, unready: string[]): Condition[] {
  const cond = (type: string, ok: boolean, at: number, reason?: string, message?: string): Condition =>
    ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: iso(at), ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  const scheduled = createdAt + 1000;
  const notReady = `containers with unready status: [${unready.join(' ')}]`;
  switch (state.phase) {
    case 'running': {
      const ready = state.ready ?? true;
      return [
        cond('PodReadyToStartContainers', true, state.since - 2000), cond('Initialized', true, state.since - 1000),
        cond('Ready', ready, state.readySince ?? state.since + 3000, ready ? undefined : 'ContainersNotReady', ready ? undefined : notReady),
        cond('ContainersReady', ready, state.readySince ?? state.since + 3000, ready ? undefined : 'ContainersNotReady', ready ? undefined : notReady),
        cond('PodScheduled', true, scheduled),
      ];
    }
    case 'crashloop':
      return [
        cond('PodReadyToStartContainers', true, createdAt + 3000), cond('Initialized', true, createdAt + 9000),
        cond('Ready', false, state.since, 'ContainersNotReady', notReady), cond('ContainersReady', false, state.since, 'ContainersNotReady', notReady),
        cond('PodScheduled', true, scheduled),
      ];
    case 'creating':
      return [
        cond('PodReadyToStartContainers', false, state.since), cond('Initialized', true, state.since),
        cond('Ready', false, state.since, 'ContainersNotReady', notReady), cond('ContainersReady', false, state.since, 'ContainersNotReady', notReady),
        cond('PodScheduled', true, scheduled),
      ];
    case 'initializing':
      return [
        cond('PodReadyToStartContainers', true, state.since), cond('Initialized', false, state.since, 'ContainersNotInitialized', `containers with incomplete status: [${state.waitingOn}]`),
        cond('Ready', false, state.since, 'ContainersNotReady', notReady), cond('ContainersReady', false, state.since, 'ContainersNotReady', notReady),
        cond('PodScheduled', true, scheduled),
      ];
    case 'evicted':
      return [
        cond('DisruptionTarget', true, state.at, 'TerminationByKubelet', state.message),
        cond('PodReadyToStartContainers', false, state.at), cond('Initialized', true, createdAt + 3000),
        cond('Ready', false, state.at, 'PodFailed'), cond('ContainersReady', false, state.at, 'PodFailed'),
        cond('PodScheduled', true, scheduled),
      ];
  }
}

/** The status the kubelet would post for `state`; restart counts carry over from `prev`. */
export function podStatusFor(pod: Pick<PodObject, 'metadata' | 'spec'>, hostIP: string, podIP: string, state: PodState, prev?: PodStatus): PodStatus {
  const name = pod.metadata.name;
  const createdAt = Date.parse(pod.metadata.creationTimestamp);
  const containers = pod.spec.containers;
  const statuses = containers.map((c) => containerStatus(name, c, state, prev?.containerStatuses?.find((s) => s.name === c.name)));
  const initList = pod.spec.initContainers ?? [];
  const waitingAt = state.phase === 'initializing' ? initList.findIndex((c) => c.name === state.waitingOn) : -1;
  const inits = initList.map((c, i): ContainerStatus => {
    const base = { name: c.name, image: c.image, imageID: imageID(c.image), containerID: `containerd://${sha256Hex(`init:${name}:${c.name}`)}`, restartCount: 0, lastState: {} };
    if (waitingAt >= 0 && i === waitingAt && state.phase === 'initializing') return { ...base, ready: false, started: true, state: { running: { startedAt: iso(state.since) } } };
    if (waitingAt >= 0 && i > waitingAt) return { ...base, imageID: '', containerID: undefined, ready: false, started: false, state: { waiting: { reason: 'PodInitializing' } } };
    return { ...base, ready: true, started: false, state: terminated({ reason: 'Completed', exitCode: 0, startedAt: createdAt + 4000, finishedAt: createdAt + 8000 }) };
  });
  const hasIP = state.phase === 'running' || state.phase === 'crashloop' || pod.spec.hostNetwork === true;
  const evicted = state.phase === 'evicted';
  return {
    phase: evicted ? 'Failed' : state.phase === 'creating' || state.phase === 'initializing' ? 'Pending' : 'Running',
    ...(evicted ? { reason: 'Evicted', message: state.message } : {}),
    conditions: conditions(state, createdAt, statuses.filter((s) => !s.ready).map((s) => s.name)),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(hasIP && !evicted ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: iso(createdAt + 1000),
    ...(inits.length ? { initContainerStatuses: inits } : {}),
    containerStatuses: statuses,
    qosClass: qosClassOf([...(pod.spec.initContainers ?? []), ...containers]),
  };
}

export function buildPod(p: PodInput): PodObject {
  const spec: PodSpec = {
    ...p.spec,
    nodeName: p.nodeName,
    serviceAccount: p.spec.serviceAccountName,
    priority: p.spec.priority ?? (p.spec.priorityClassName === 'system-node-critical' ? 2000001000 : 0),
  };
  const metadata = objectMeta({
    name: p.name,
    namespace: p.namespace,
    generateName: p.generateName,
    createdAt: p.createdAt,
    labels: p.labels,
    annotations: p.annotations,
    owner: p.owner,
    managers: [
      { manager: 'kube-controller-manager', time: p.createdAt, fields: { 'f:metadata': { 'f:generateName': {}, 'f:labels': {}, 'f:ownerReferences': {} }, 'f:spec': { 'f:containers': {} } } },
      { manager: 'kubelet', time: p.createdAt + 5000, subresource: 'status', fields: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:startTime': {} } } },
    ],
  });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  return { ...pod, status: podStatusFor(pod, p.hostIP, p.podIP, p.state) };
}

/** Rewrites a pod's status in place (on a store draft) for a new state, as the kubelet reports it. */
export function applyPodState(draft: PodObject, state: PodState, podIP: string): void {
  draft.status = podStatusFor(draft, draft.status.hostIP ?? '', podIP, state, draft.status);
}

export function podUid(namespace: string, name: string): string {
  return uidFor(`${namespace}/${name}`);
}

/**
 * What the simulated cluster components (controllers, kubelets, the node
 * agents) share: the store they read and write like any API client, the
 * per-node runtime (files in /etc/cni/net.d), the clock and a timer set.
 * They react to store changes after a delay, never inside the write that
 * caused them, so a client sees its own answer before the consequences.
 */
import type { NodeOps, NodeRuntime } from '../scenarios/node-ops';
import type { ObjectStore } from '../store';
import type { PodObject } from '../types';

export interface SimTiming {
  /** Controllers' reaction time (DaemonSet, ReplicaSet, node, disruption controllers; the node agent). Default 300 ms. */
  controllerMs: number;
  /** Kubelet's time to start or stop a pod's containers. Default 1500 ms. */
  kubeletMs: number;
  /**
   * From a container's start to the pod's Ready condition (a readiness
   * probe's first success). Default 0: the upstream Multus manifests have
   * no readiness probe, so their pods are Ready as soon as they run.
   */
  readinessMs: number;
}

export const DEFAULT_TIMING: SimTiming = { controllerMs: 300, kubeletMs: 1500, readinessMs: 0 };

export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private disposed = false;

  after(ms: number, what: string, fn: () => void): void {
    if (this.disposed) return;
    const t = setTimeout(() => {
      this.pending.delete(t);
      try {
        fn();
      } catch (e) {
        console.error(`demo cluster: ${what} failed`, e);
      }
    }, ms);
    t.unref();
    this.pending.add(t);
  }

  dispose(): void {
    this.disposed = true;
    this.pending.forEach(clearTimeout);
    this.pending.clear();
  }
}

export interface World {
  store: ObjectStore;
  ops: NodeOps;
  nodes: Map<string, NodeRuntime>;
  now: () => number;
  timers: Timers;
  timing: SimTiming;
  /** Re-derives a node's CNI state from its files and publishes its snapshot (a new revision when they changed). */
  filesChanged(rt: NodeRuntime): void;
}

export const podKey = (p: PodObject): string => `${p.metadata.namespace}/${p.metadata.name}`;
export const ownerOf = (p: PodObject, kind: string): { name: string; uid: string } | undefined =>
  p.metadata.ownerReferences?.find((o) => o.kind === kind && o.controller);
export const isReady = (p: PodObject): boolean => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
export const isTerminal = (p: PodObject): boolean => p.status.phase === 'Succeeded' || p.status.phase === 'Failed';

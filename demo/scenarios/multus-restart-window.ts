/**
 * Scenario `multus-restart-window`: multus-boot-race, plus one node that went
 * through the incident 50 minutes ago and was repaired 40 minutes ago. That
 * repair moved the self-nested 00-multus.conf aside and restarted Multus (as
 * cni-health did before repair protocol v1alpha2, docs/repair-protocol.md);
 * for the minute until Multus wrote its config again the runtime used
 * 10-aws.conflist alone, and the kubelet, retrying the node's stuck pods,
 * started the `recommendations` pods in that minute: on the primary network
 * only, without the `feature-store-vlan` network they ask for, and with no
 * network-status (Multus never saw them). They stay so until recreated (CNI
 * ADD runs once per sandbox): k8snetworkplumbingwg/multus-cni#1527, #1387.
 * The dashboard should call the node degraded and offer to recreate them.
 */
import { applyPodState } from '../builders/pod';
import { AWS_CONFLIST, healthyFiles, MULTUS_CONF, selfNestedMultus } from '../cni-configs';
import { NETWORK_STATUS_ANNOTATION, NETWORKS_ANNOTATION } from '../sim/networks';
import type { ObjectStore } from '../store';
import { podIPFor } from './fleet';
import { createMultusBootRace } from './multus-boot-race';
import type { NodeOps, NodeRuntime } from './node-ops';
import type { ScenarioContext, ScenarioNode, ScenarioRuntime } from './types';

export const MULTUS_RESTART_WINDOW = 'multus-restart-window';
const MINUTE = 60_000;

function prepare(store: ObjectStore, ops: NodeOps, nodes: Map<string, NodeRuntime>, t0: number): ReadonlyMap<string, ScenarioNode['expected']> {
  const withNetworks = (rt: NodeRuntime) => ops.networkedPodsOn(rt.plan.name).filter((p) => p.metadata.annotations?.[NETWORKS_ANNOTATION] && p.status.phase === 'Running');
  const rt = [...nodes.values()].find((n) => n.cni === 'healthy' && n.plan.initial === 'healthy' && withNetworks(n).length > 0);
  if (!rt) throw new Error('multus-restart-window: no healthy node runs a pod with secondary networks');
  const healthy = rt.history.current()?.files ?? [];
  const aws = healthy.find((f) => f.name === AWS_CONFLIST)!;
  const multus = healthy.find((f) => f.name === MULTUS_CONF)!;
  const nestedAt = t0 - 50 * MINUTE;
  const movedAsideAt = t0 - 40 * MINUTE;
  const regeneratedAt = t0 - 39 * MINUTE;
  rt.history.record([{ name: MULTUS_CONF, content: selfNestedMultus(multus.content), modifiedAt: nestedAt - 5_000 }, aws], nestedAt);
  rt.history.record([aws], movedAsideAt);
  rt.history.record(healthyFiles(rt.plan.ip).map((f) => (f.name === AWS_CONFLIST ? aws : { ...f, modifiedAt: regeneratedAt - 2_000 })), regeneratedAt);
  withNetworks(rt).forEach((p, i) => {
    const since = movedAsideAt + 20_000 + i * 5_000;
    store.update('pods', `${p.metadata.namespace}/${p.metadata.name}`, (d) => {
      d.metadata.creationTimestamp = new Date(nestedAt + 60_000).toISOString();
      applyPodState(d, { phase: 'running', since }, podIPFor(rt.plan.ip, d.metadata.name));
      const { [NETWORK_STATUS_ANNOTATION]: _gone, ...rest } = d.metadata.annotations ?? {};
      d.metadata.annotations = rest;
    });
  });
  ops.publishSnapshot(rt, t0);
  return new Map([[rt.plan.name, 'degraded']]);
}

export function createMultusRestartWindow(ctx: ScenarioContext): ScenarioRuntime {
  return createMultusBootRace(ctx, {
    name: MULTUS_RESTART_WINDOW,
    description: 'multus-boot-race, plus a node repaired 40 minutes ago whose recommendations pods started in the minute Multus\'s config was moved aside: running, without their secondary network.',
    prepare,
  });
}

/**
 * The fleet's data-plane picture from cluster objects: who runs a prober (the
 * ring's members), which reports are bound and fresh, and the verdicts.
 * Pure; O(N·k) plus the pods scanned for prober pods.
 */
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import { bindProbes } from './binding';
import { historyIndex, nodeHistory, type HistoryIndex, type NodeHistory } from './history';
import { DEFAULT_PEERS, PROBER_APP } from './names';
import type { RingMember } from './peers';
import type { ProbeReport } from './report';
import { dataPlaneVerdicts, type DataPlaneVerdict } from './verdict';
import type { ZoneMatrix } from './zones';

/** What the node's prober pod tells when it has no verdict of its own. */
export interface ProberPodState {
  name: string;
  namespace: string;
  phase: PodModel['phase'];
  /** No sandbox: the CNI could not set up its network. */
  waitingReason?: string;
  since: string;
}

export interface NodeProbes {
  verdict?: DataPlaneVerdict;
  /** The node's prober pod when it is not running (the strongest signal there is: no sandbox). */
  proberPod?: ProberPodState;
  /** The node's own report is older than two heartbeats and two rounds: its claims are not used. */
  staleReportAt?: string;
}

export interface FleetProbeFacts {
  byNode: Map<string, NodeProbes>;
  zones: ZoneMatrix;
  /** Nodes running a prober; 0 means probes are not installed. */
  members: number;
  /** What one node's history is read from, on demand (lib/probes/history.ts): the ring and the bound, fresh reports. */
  ring: RingMember[];
  reports: ReadonlyMap<string, ProbeReport>;
  peers: number;
}

const indexes = new WeakMap<FleetProbeFacts, HistoryIndex>();

/** A node's probe history; the index behind it is built once per facts, on the first page that asks. */
export function historyOf(facts: FleetProbeFacts, node: string): NodeHistory {
  let index = indexes.get(facts);
  if (!index) indexes.set(facts, (index = historyIndex(facts.ring, facts.reports, facts.peers)));
  return nodeHistory(node, index);
}

export function isProberPod(p: PodModel, namespace: string): boolean {
  return p.namespace === namespace && p.owner?.kind === 'DaemonSet' && p.owner.name === PROBER_APP;
}

export function isFresh(r: ProbeReport, now: number): boolean {
  return now - Date.parse(r.observedAt) <= (2 * r.heartbeatSeconds + 2 * r.intervalSeconds) * 1000;
}

export function fleetProbeFacts(input: {
  nodes: readonly NodeModel[];
  proberPods: readonly PodModel[];
  probes: readonly ProbeModel[];
  now: number;
  peers?: number;
}): FleetProbeFacts {
  const uids = new Map(input.nodes.map((n) => [n.name, n.uid]));
  const zoneOf = new Map(input.nodes.map((n) => [n.name, n.zone]));
  const running = new Set<string>();
  const byNode = new Map<string, NodeProbes>();
  for (const p of input.proberPods) {
    if (!p.nodeName || !uids.has(p.nodeName)) continue;
    if (p.phase === 'Running' && p.sandboxReady !== false) running.add(p.nodeName);
    else {
      const waiting = p.containers.find((c) => c.state === 'waiting')?.reason;
      byNode.set(p.nodeName, { proberPod: { name: p.name, namespace: p.namespace, phase: p.phase, ...(waiting ? { waitingReason: waiting } : {}), since: p.createdAt } });
    }
  }
  const { accepted } = bindProbes(input.probes, (n) => uids.get(n));
  const fresh = new Map<string, ProbeReport>();
  for (const [node, r] of accepted) {
    if (!running.has(node)) continue;
    if (isFresh(r, input.now)) fresh.set(node, r);
    else byNode.set(node, { ...byNode.get(node), staleReportAt: r.observedAt });
  }
  const members = [...running].map((name) => ({ name, zone: zoneOf.get(name) }));
  const peers = input.peers ?? DEFAULT_PEERS;
  const { verdicts, zones } = dataPlaneVerdicts(members, fresh, peers);
  for (const [node, verdict] of verdicts) byNode.set(node, { ...byNode.get(node), verdict });
  return { byNode, zones, members: members.length, ring: members, reports: fresh, peers };
}

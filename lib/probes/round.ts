/**
 * One prober round turned into a report: the raw observations of this round,
 * with each check's `since` carried over from the previous report while its
 * state holds. Used by the prober and by the demo cluster's simulated probers,
 * so both publish the same shape on the same rules.
 */
import type { CheckResult, PeerResult, ProbeReport } from './report';
import { trimHistory, type CheckKind, type Transition } from './transitions';

export type Observation = Omit<CheckResult, 'since'>;
export type PeerObservation = Observation & { target: string };

export interface RoundInput {
  node: string;
  podIP?: string;
  intervalSeconds: number;
  heartbeatSeconds: number;
  dns: Observation;
  kubernetesService: Observation;
  peers: readonly PeerObservation[];
  /** The probe mesh's extra targets (lib/probes/mesh.ts); none when the node is not in it. */
  mesh?: readonly PeerObservation[];
}

function carry(prev: CheckResult | undefined, now: Observation, at: string): CheckResult {
  return { ...now, since: prev && prev.ok === now.ok ? prev.since : at };
}

/** A check that entered its state this round (a new `since`) is a transition. */
function entered(check: CheckKind, c: CheckResult, at: string, target?: string): Transition[] {
  if (c.since !== at) return [];
  return [{ check, ...(target !== undefined ? { target } : {}), at, ok: c.ok, loss: c.loss, ...(c.latencyMs !== undefined ? { latencyMs: c.latencyMs } : {}), ...(c.error !== undefined ? { error: c.error } : {}) }];
}

/** `earlier`: the history of the prober's last published report, when it starts again without `prev`. */
export function nextReport(prev: ProbeReport | undefined, round: RoundInput, now: number, earlier?: readonly Transition[]): ProbeReport {
  const at = new Date(now).toISOString();
  const before = new Map(prev?.peers.map((p) => [p.target, p]));
  const peers: PeerResult[] = round.peers.map((p) => ({ ...carry(before.get(p.target), p, at), target: p.target }));
  const dns = carry(prev?.dns, round.dns, at);
  const kubernetesService = carry(prev?.kubernetesService, round.kubernetesService, at);
  const transitions = [
    ...entered('dns', dns, at),
    ...entered('kubernetesService', kubernetesService, at),
    ...peers.flatMap((p) => entered('peer', p, at, p.target)),
  ];
  const meshBefore = new Map(prev?.mesh?.map((p) => [p.target, p]));
  const mesh: PeerResult[] = (round.mesh ?? []).map((p) => ({ ...carry(meshBefore.get(p.target), p, at), target: p.target }));
  return {
    node: round.node,
    podIP: round.podIP,
    observedAt: at,
    intervalSeconds: round.intervalSeconds,
    heartbeatSeconds: round.heartbeatSeconds,
    dns,
    kubernetesService,
    peers,
    history: transitions.length === 0 && prev?.history ? prev.history : trimHistory([...transitions, ...(prev ? prev.history ?? [] : earlier ?? [])]),
    ...(mesh.length > 0 ? { mesh } : {}),
  };
}

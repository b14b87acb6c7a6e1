/**
 * One prober round turned into a report: the raw observations of this round,
 * with each check's `since` carried over from the previous report while its
 * state holds. Used by the prober and by the demo cluster's simulated probers,
 * so both publish the same shape on the same rules.
 */
import type { CheckResult, PeerResult, ProbeReport } from './report';

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
}

function carry(prev: CheckResult | undefined, now: Observation, at: string): CheckResult {
  return { ...now, since: prev && prev.ok === now.ok ? prev.since : at };
}

export function nextReport(prev: ProbeReport | undefined, round: RoundInput, now: number): ProbeReport {
  const at = new Date(now).toISOString();
  const before = new Map(prev?.peers.map((p) => [p.target, p]));
  const peers: PeerResult[] = round.peers.map((p) => ({ ...carry(before.get(p.target), p, at), target: p.target }));
  return {
    node: round.node,
    podIP: round.podIP,
    observedAt: at,
    intervalSeconds: round.intervalSeconds,
    heartbeatSeconds: round.heartbeatSeconds,
    dns: carry(prev?.dns, round.dns, at),
    kubernetesService: carry(prev?.kubernetesService, round.kubernetesService, at),
    peers,
  };
}

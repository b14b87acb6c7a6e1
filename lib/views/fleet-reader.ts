import 'server-only';
import type { Candidate } from '@/lib/health/comparison';
import { diagnoseCluster, type NodeDiagnosis } from '@/lib/health/diagnose';
import type { ClusterCache } from '@/lib/k8s/cache';
import { fleetProbeFacts, historyOf, isProberPod } from '@/lib/probes/fleet';
import type { NodeHistory } from '@/lib/probes/history';
import { getGridStore } from './grid';

/** What the node page and the diff read about the fleet. */
export interface FleetReader {
  diagnose(name: string): NodeDiagnosis | undefined;
  /** Every node as a reference candidate (verdict, zone, pool, config variant). */
  candidates(): Candidate[];
  variant(name: string): string | undefined;
  /** The node's probe history (its own checks, and its peers' checks of it); empty without probers. */
  probeHistory(name: string): NodeHistory;
}

/**
 * The live server reads the incrementally maintained analysis (one node
 * diagnosed now, the rest from the precomputed grid). A cache without
 * informers (unit tests' fixed state) is diagnosed whole, the same rules.
 */
export function fleetReader(cache: ClusterCache, now: number): FleetReader {
  if (cache.informers) {
    const fleet = getGridStore(cache).analysedFleet;
    return {
      diagnose: (name) => fleet.diagnoseNow(name, now),
      candidates: () => fleet.candidates(),
      variant: (name) => fleet.variant(name),
      probeHistory: (name) => historyOf(fleet.probes.facts, name),
    };
  }
  const diagnosis = diagnoseCluster({ ...cache.state(), now });
  const byName = new Map(diagnosis.nodes.map((d) => [d.node.name, d]));
  const variantOf = new Map(diagnosis.variants.flatMap((v) => v.nodes.map((n) => [n, v.fingerprint.slice(0, 8)] as const)));
  return {
    diagnose: (name) => byName.get(name),
    candidates: () => diagnosis.nodes.map((d) => ({ name: d.node.name, verdict: d.verdict, zone: d.node.zone, pool: d.node.pool, variant: variantOf.get(d.node.name) })),
    variant: (name) => variantOf.get(name),
    probeHistory: (name) => {
      const s = cache.state();
      const ns = s.probeNamespace ?? 'cni-health';
      return historyOf(fleetProbeFacts({ nodes: s.nodes, proberPods: s.pods.filter((p) => isProberPod(p, ns)), probes: s.probes, now }), name);
    },
  };
}

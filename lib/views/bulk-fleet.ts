import 'server-only';
import { diagnoseCluster } from '@/lib/health/diagnose';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { FleetSource } from '@/lib/remediation/bulk';
import { fleetReader } from './fleet-reader';
import { getGridStore } from './grid';

/**
 * The fleet for a bulk repair: every node from the incrementally maintained
 * analysis (at most GRID_REFRESH_MS old), and the node whose turn comes
 * diagnosed now, from live state, as its own page would. A cache without
 * informers (tests' fixed state) is diagnosed whole.
 */
export function bulkFleet(cache: ClusterCache): FleetSource {
  if (cache.informers) {
    return {
      all: () => getGridStore(cache).analysedFleet.diagnoses.values(),
      one: (name) => fleetReader(cache, Date.now()).diagnose(name),
    };
  }
  return {
    all: () => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes,
    one: (name) => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((d) => d.node.name === name),
  };
}

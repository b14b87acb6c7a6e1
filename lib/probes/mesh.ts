/**
 * Who probes whom in the probe mesh (its set: lib/probes/mesh-set.ts): every
 * member also probes every other member that runs a prober, so the mesh
 * matrix is full for at most 50 × 49 = 2,450 extra probes a round.
 */
import { MAX_MESH_NODES } from './mesh-set';

/**
 * What `self`'s prober probes on top of its ring peers: every other member of
 * the set that runs a prober, except those the ring already assigns it (one
 * probe per pair and round). Empty when `self` is not in the set.
 */
export function meshTargets(set: readonly string[], self: string, probing: ReadonlySet<string>, ringPeers: ReadonlySet<string>): string[] {
  if (!set.includes(self)) return [];
  return set.filter((n) => n !== self && probing.has(n) && !ringPeers.has(n)).slice(0, MAX_MESH_NODES - 1);
}

import 'server-only';
import { meshCommands, type MeshView } from '@/lib/api/probe-mesh';
import type { ClusterCache } from '@/lib/k8s/cache';
import { bindProbes } from '@/lib/probes/binding';
import { isFresh, isProberPod } from '@/lib/probes/fleet';
import { MAX_MESH_NODES } from '@/lib/probes/mesh-set';
import { meshMatrix } from '@/lib/probes/mesh-matrix';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeReport } from '@/lib/probes/report';

/**
 * The mesh matrix from the cache: the set's members only, so the work and the
 * answer are bounded by 50 × 50 whatever the fleet's size (prober pods come
 * from the probe tracker's index, members by name). Binding and
 * freshness are the fleet's rules (lib/probes/fleet.ts).
 */
export function probeMeshView(cache: ClusterCache, now: number, proberPods: Iterable<PodModel>): MeshView {
  const namespace = cache.namespace ?? 'cni-health';
  const { informers } = cache;
  const mesh = informers.probemesh.list()[0];
  const set = (mesh?.nodes ?? []).slice(0, MAX_MESH_NODES);
  const wanted = new Set(set);
  // Looked up by name (a Node's cache key), never by scanning the fleet: 50 gets, not 5,000 copies.
  const nodes = set.flatMap((name) => informers.nodes.get(name) ?? []);
  const uids = new Map(nodes.map((n) => [n.name, n.uid]));
  const running = new Set<string>();
  for (const p of proberPods) {
    if (p.nodeName && wanted.has(p.nodeName) && isProberPod(p, namespace) && p.phase === 'Running' && p.sandboxReady !== false) running.add(p.nodeName);
  }
  const { accepted } = bindProbes(informers.probes.list().filter((p) => wanted.has(p.node)), (n) => uids.get(n));
  const reports = new Map<string, ProbeReport>();
  for (const [node, r] of accepted) if (wanted.has(node) && isFresh(r, now)) reports.set(node, r);
  const matrix = meshMatrix({ set, zones: new Map(nodes.map((n) => [n.name, n.zone])), running, reports });
  const probing = matrix.members.filter((m) => running.has(m.name)).length;
  return {
    generatedAt: new Date(now).toISOString(),
    namespace,
    configured: mesh !== undefined,
    ...(mesh?.error ? { error: mesh.error } : {}),
    limit: MAX_MESH_NODES,
    members: matrix.members.map((m) => {
      const at = reports.get(m.name)?.observedAt;
      return { ...m, ...(at ? { reportAt: at } : {}) };
    }),
    cells: matrix.cells,
    probesPerRound: probing * Math.max(0, probing - 1),
    commands: meshCommands(namespace, set),
  };
}

/**
 * The data-plane probes' cost at fleet size, from the same code the prober
 * and the dashboard run (lib/probes): rounds simulated for N nodes in three
 * zones, k peers each. Figures (docs/performance.md has the targets):
 * - probes per round: O(N·k), never N²;
 * - report writes per second to the API server: steady state (heartbeats
 *   only) and in the round after a node's pod network dies;
 * - the dashboard's aggregation time (fleetProbeFacts) and the CPU share it
 *   costs at one recompute per report change plus one per 30 s;
 * - the oldest a verdict can be: a round plus a write and a watch event;
 * - the probe mesh at its bound (50 chosen nodes probing each other): extra
 *   probes a round, and extra writes when one member's pod network dies.
 */
import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_INTERVAL_SECONDS, DEFAULT_PEERS } from '../../lib/probes/names';
import { fleetProbeFacts } from '../../lib/probes/fleet';
import { meshTargets } from '../../lib/probes/mesh';
import { MAX_MESH_NODES } from '../../lib/probes/mesh-set';
import { buildRing, peersOf } from '../../lib/probes/peers';
import { changedState, shouldPublish, type ProbeReport } from '../../lib/probes/report';
import { nextReport } from '../../lib/probes/round';
import type { NodeModel } from '../../lib/model/node';
import type { PodModel } from '../../lib/model/pod';
import type { ProbeModel } from '../../lib/model/probe';
import { percentile } from './http';

export function probeCost(n: number, k = DEFAULT_PEERS): Record<string, number> {
  const t0 = Date.parse('2026-12-06T00:00:00Z');
  const nodes: NodeModel[] = Array.from({ length: n }, (_, i) => ({
    name: `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.eu-west-1.compute.internal`, uid: `uid-${i}`, resourceVersion: '1', createdAt: new Date(t0).toISOString(),
    zone: `eu-west-1${'abc'[i % 3]}`, roles: [], unschedulable: false, conditions: [],
  }));
  const ring = buildRing(nodes.map((x) => ({ name: x.name, zone: x.zone })));
  const assigned = new Map(nodes.map((x) => [x.name, peersOf(ring, x.name, k)]));
  const probesPerRound = [...assigned.values()].reduce((s, p) => s + p.length, 0);
  // The mesh at its bound, spread over the fleet (every 37th node): the extra probes are its pairs minus the ring's.
  const set = nodes.filter((_, i) => i % 37 === 0).slice(0, MAX_MESH_NODES).map((x) => x.name);
  const probing = new Set(nodes.map((x) => x.name));
  const meshOf = new Map(set.map((m) => [m, meshTargets(set, m, probing, new Set((assigned.get(m) ?? []).map((p) => p.name)))]));
  const meshProbesPerRound = [...meshOf.values()].reduce((s, t) => s + t.length, 0);
  // When a member dies, each other member whose mesh (not ring) targets include it publishes once more.
  const meshVictim = set[1] ?? '';
  const meshExtraWritesWhenMemberDies = [...meshOf.values()].filter((t) => t.includes(meshVictim)).length;
  const ok = { ok: true, loss: 0, latencyMs: 1 };
  const fail = { ok: false, loss: 1, error: 'i/o timeout' };
  let dead = '';
  const last = new Map<string, ProbeReport>();
  const published = new Map<string, { report: ProbeReport; at: number }>();
  const roundOf = (name: string, at: number): ProbeReport => nextReport(last.get(name), {
    node: name, intervalSeconds: DEFAULT_INTERVAL_SECONDS, heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS, dns: ok, kubernetesService: ok,
    peers: (assigned.get(name) ?? []).map((p) => ({ target: p.name, ...(p.name === dead ? fail : ok) })),
  }, at);
  // Steady state to start from: every prober published once, at times spread over a heartbeat period (they started at different times).
  nodes.forEach((x, i) => {
    const report = roundOf(x.name, t0);
    last.set(x.name, report);
    published.set(x.name, { report, at: t0 - (i / n) * DEFAULT_HEARTBEAT_SECONDS * 1000 });
  });
  const round = (at: number): { writes: number; changes: number } => {
    let writes = 0;
    let changes = 0;
    for (const x of nodes) {
      // A prober without a pod network cannot publish either.
      if (x.name === dead) continue;
      const report = roundOf(x.name, at);
      last.set(x.name, report);
      const pub = published.get(x.name);
      if (!shouldPublish(pub?.report, report, pub?.at ?? 0, at)) continue;
      if (changedState(pub?.report, report)) changes++;
      published.set(x.name, { report, at });
      writes++;
    }
    return { writes, changes };
  };
  const interval = DEFAULT_INTERVAL_SECONDS * 1000;
  const rounds = (2 * DEFAULT_HEARTBEAT_SECONDS * 1000) / interval;
  let steadyWrites = 0;
  for (let r = 1; r <= rounds; r++) steadyWrites += round(t0 + r * interval).writes;
  dead = nodes[Math.floor(n / 2)]?.name ?? '';
  const failure = round(t0 + (rounds + 1) * interval);

  const reports: ProbeModel[] = [...last.values()].map((r) => ({
    namespace: 'cni-health', configMapName: `cni-probe-${r.node}`, resourceVersion: '1', node: r.node, annotatedNode: r.node,
    owners: [{ apiVersion: 'v1', kind: 'Node', name: r.node, uid: `uid-${r.node.length}` }], report: r,
  }));
  const uidOf = new Map(nodes.map((x) => [x.name, x.uid]));
  for (const r of reports) r.owners = [{ apiVersion: 'v1', kind: 'Node', name: r.node, uid: uidOf.get(r.node) ?? '' }];
  const pods: PodModel[] = nodes.map((x) => ({
    namespace: 'cni-health', name: `cni-health-prober-${x.uid}`, uid: `p-${x.uid}`, resourceVersion: '1', createdAt: new Date(t0).toISOString(), nodeName: x.name,
    phase: 'Running', ready: true, containers: [], args: [], owner: { kind: 'DaemonSet', name: 'cni-health-prober', uid: 'ds', controller: true },
  }));
  const now = t0 + (rounds + 1) * interval;
  const ms: number[] = [];
  let unreachable = 0;
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    const facts = fleetProbeFacts({ nodes, proberPods: pods, probes: reports, now });
    ms.push(performance.now() - s);
    unreachable = [...facts.byNode.values()].filter((f) => f.verdict?.state === 'unreachable').length;
  }
  const p50 = percentile(ms, 50);
  const steadyPerS = steadyWrites / ((rounds * interval) / 1000);
  // One recompute per report change (a write) plus one per 30 s for freshness; heartbeats that change nothing are ignored by the tracker.
  const recomputesPerS = 1 / 30;
  return {
    probeNodes: n,
    probePeers: k,
    probesPerRound,
    probeWritesPerSSteady: steadyPerS,
    probeWritesDuringFailureRound: failure.writes,
    probeStateChangesDuringFailureRound: failure.changes,
    probeAggregationP50Ms: p50,
    probeAggregationMaxMs: Math.max(...ms),
    probeDashboardCpuPctSteady: (p50 * recomputesPerS) / 10,
    // The changes of one round arrive within a second or so and are coalesced by the grid's refresh: at most a few recomputes.
    probeDashboardCpuPctDuringFailure: (p50 * (recomputesPerS + Math.min(failure.changes, 4) / DEFAULT_INTERVAL_SECONDS)) / 10,
    probeUnreachableFound: unreachable,
    probeDataAgeMaxS: DEFAULT_INTERVAL_SECONDS + 2,
    probeMeshNodes: set.length,
    probeMeshExtraProbesPerRound: meshProbesPerRound,
    probeMeshExtraWritesWhenMemberDies: meshExtraWritesWhenMemberDies,
  };
}

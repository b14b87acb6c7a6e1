/**
 * A node's data-plane verdict from its peers' probes and its own. One peer
 * cannot condemn a node: a target is failing only when at least
 * CONFIRMATIONS sources that are not themselves suspect fail it. A source is
 * suspect when it fails targets that other sources reach (its own network is
 * the broken one). Failures between two zones that fail as a whole are put on
 * the zone path, not on the nodes (lib/probes/zones.ts).
 *
 * Pure: reports in, verdicts out; O(N·k) for N nodes and k peers each.
 */
import { assignments, buildRing, type RingMember } from './peers';
import type { CheckResult, ProbeReport } from './report';
import { partitionedPairs, zoneKey, zoneMatrix, type ZoneMatrix } from './zones';

export const CONFIRMATIONS = 2;
/** Failing sources named in a verdict's evidence. */
const MAX_NAMED = 8;

export type DataPlaneState = 'ok' | 'unreachable' | 'outbound' | 'partial' | 'no-report';

export interface PeerFailure {
  peer: string;
  zone?: string;
  since: string;
  error?: string;
}

export interface DataPlaneVerdict {
  state: DataPlaneState;
  /** Earliest start of the failures the state rests on. */
  since?: string;
  /** Sources whose reports about this node were read. */
  probedBy: number;
  /** Confirmed failures to reach this node (sources), at most MAX_NAMED named. */
  failedBy: PeerFailure[];
  failedByCount: number;
  /** Targets this node fails while other sources reach them. */
  cannotReach: PeerFailure[];
  dns?: CheckResult;
  kubernetesService?: CheckResult;
  /** Zones this node cannot reach or be reached from, when the zone pair fails as a whole. */
  zonePaths: string[];
  /** One source's failure, not confirmed by another: shown, never a verdict. */
  unconfirmed: PeerFailure[];
  /** This node fails targets others reach: its reports do not count against them. */
  suspect: boolean;
}

export interface FleetProbes {
  verdicts: Map<string, DataPlaneVerdict>;
  zones: ZoneMatrix;
}

interface Edge {
  source: string;
  target: string;
  result: CheckResult;
}

function push(map: Map<string, Edge[]>, key: string, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

function earliest(times: readonly string[]): string | undefined {
  return times.reduce<string | undefined>((min, t) => (min === undefined || t < min ? t : min), undefined);
}

/** Reports are already bound to their nodes (lib/cni/snapshot-binding's rules) and fresh. */
export function dataPlaneVerdicts(nodes: readonly RingMember[], reports: ReadonlyMap<string, ProbeReport>, k: number): FleetProbes {
  const zoneOf = new Map(nodes.map((n) => [n.name, n.zone]));
  const assigned = assignments(buildRing(nodes), k);
  const incoming = new Map<string, Edge[]>();
  const outgoing = new Map<string, Edge[]>();
  for (const [source, report] of reports) {
    const allowed = new Set((assigned.get(source) ?? []).map((p) => p.name));
    for (const p of report.peers) {
      // A report speaks only for the checks its node was assigned.
      if (!allowed.has(p.target)) continue;
      const edge = { source, target: p.target, result: p };
      push(incoming, p.target, edge);
      push(outgoing, source, edge);
    }
  }
  const edges = [...outgoing.values()].flat();
  const zones = zoneMatrix(edges.map((e) => ({ from: zoneOf.get(e.source), to: zoneOf.get(e.target), ok: e.result.ok, source: e.source })));
  const partitioned = partitionedPairs(zones);
  // Each edge's facts once: on a partitioned zone path, and whether another source reaches its target.
  const onPath = new Set<Edge>();
  if (partitioned.size > 0) for (const e of edges) if (partitioned.has(zoneKey(zoneOf.get(e.source), zoneOf.get(e.target)))) onPath.add(e);
  const reachedCount = new Map<string, number>();
  for (const e of edges) if (e.result.ok) reachedCount.set(e.target, (reachedCount.get(e.target) ?? 0) + 1);

  const cannotReach = new Map<string, Edge[]>();
  const suspect = new Set<string>();
  for (const [source, out] of outgoing) {
    // A failing edge's own source never counts among those reaching the target.
    const failing = out.filter((e) => !e.result.ok && !onPath.has(e) && (reachedCount.get(e.target) ?? 0) > 0);
    if (failing.length > 0) cannotReach.set(source, failing);
    if (failing.length >= CONFIRMATIONS) suspect.add(source);
  }

  const verdicts = new Map<string, DataPlaneVerdict>();
  const toFailure = (e: Edge, peer: string): PeerFailure => ({ peer, zone: zoneOf.get(peer), since: e.result.since, error: e.result.error });
  for (const { name } of nodes) {
    const inc = incoming.get(name) ?? [];
    const report = reports.get(name);
    const nodeFailures: Edge[] = [];
    const zoneFailures: Edge[] = [];
    let reached = 0;
    for (const e of inc) {
      if (e.result.ok) reached++;
      else if (!suspect.has(e.source)) (onPath.has(e) ? zoneFailures : nodeFailures).push(e);
    }
    const outFailing = cannotReach.get(name) ?? [];
    const outZone = onPath.size > 0 ? (outgoing.get(name) ?? []).filter((e) => !e.result.ok && onPath.has(e)) : [];
    const localFailing = report ? [report.dns, report.kubernetesService].filter((c) => !c.ok) : [];

    let state: DataPlaneState = 'ok';
    let basis: string[] = [];
    if (nodeFailures.length >= CONFIRMATIONS && reached === 0) {
      state = 'unreachable';
      basis = nodeFailures.map((e) => e.result.since);
    } else if (outFailing.length >= CONFIRMATIONS || localFailing.length > 0) {
      state = 'outbound';
      basis = [...outFailing.map((e) => e.result.since), ...localFailing.map((c) => c.since)];
    } else if (nodeFailures.length >= CONFIRMATIONS || zoneFailures.length + outZone.length > 0) {
      state = 'partial';
      basis = [...nodeFailures, ...zoneFailures, ...outZone].map((e) => e.result.since);
    } else if (!report && inc.length === 0) {
      state = 'no-report';
    }
    const confirmed = nodeFailures.length >= CONFIRMATIONS ? nodeFailures : [];
    const zonePaths = new Set<string>();
    for (const e of zoneFailures) zonePaths.add(zoneOf.get(e.source) ?? '(no zone)');
    for (const e of outZone) zonePaths.add(zoneOf.get(e.target) ?? '(no zone)');
    verdicts.set(name, {
      state,
      since: earliest(basis),
      probedBy: inc.length,
      failedBy: confirmed.length + zoneFailures.length === 0 ? [] : [...confirmed, ...zoneFailures].slice(0, MAX_NAMED).map((e) => toFailure(e, e.source)),
      failedByCount: confirmed.length + zoneFailures.length,
      cannotReach: outFailing.slice(0, MAX_NAMED).map((e) => toFailure(e, e.target)),
      dns: report?.dns,
      kubernetesService: report?.kubernetesService,
      zonePaths: zonePaths.size === 0 ? [] : [...zonePaths].sort(),
      unconfirmed: nodeFailures.length < CONFIRMATIONS ? nodeFailures.map((e) => toFailure(e, e.source)) : [],
      suspect: suspect.has(name),
    });
  }
  return { verdicts, zones };
}

/**
 * The data-plane probers of the demo: one per node with a running prober pod,
 * each probing its ring peers (lib/probes/peers.ts) every round and publishing
 * its report ConfigMap only when a check changes state, or on the heartbeat,
 * exactly as the real prober does (lib/probes/report.ts). What answers is
 * decided by the node's runtime and the data-plane faults: a node whose pod
 * network is dead neither answers nor reaches anyone (and cannot publish,
 * since its prober reaches the API server over the pod network too); two
 * partitioned zones cannot reach each other. A self-nested Multus config
 * breaks only new sandboxes: the prober, started before, keeps working.
 * Each write goes through the demo's write path (RBAC, validation, the
 * shipped admission policies) as the prober pod's own identity, so a prober
 * is held to deploy/probes/prober-policy.yaml exactly as in a cluster.
 * Members of the probe mesh (the ConfigMap lib/probes/mesh-set.ts names) also
 * probe each other, as the real prober does.
 */
import { meshTargets } from '@/lib/probes/mesh';
import { MESH_CONFIGMAP, MESH_DATA_KEY, parseMeshText } from '@/lib/probes/mesh-set';
import { buildRing, peersOf } from '@/lib/probes/peers';
import {
  DEFAULT_HEARTBEAT_SECONDS, DEFAULT_PEERS, PROBE_DATA_KEY, PROBE_LABEL, PROBE_LABEL_VALUE, PROBE_NODE_ANNOTATION, PROBER_APP, probeConfigMapName,
} from '@/lib/probes/names';
import { shouldPublish, type ProbeReport } from '@/lib/probes/report';
import { nextReport, type Observation } from '@/lib/probes/round';
import { authorize, forbidden, type ResourceAttributes } from '../auth';
import { sha256Hex } from '../builders/meta';
import { buildConfigMap } from '../builders/workload';
import { KINDS } from '../kinds';
import { proberIdentity } from '../prober-identity';
import { ApiError } from '../status';
import type { ObjectStore } from '../store';
import { createObject, replaceObject, type WriteDeps } from '../writes/engine';

export const PROBE_NAMESPACE = 'cni-health';

/** Data-plane faults the demo can inject (demo:ctl kill-pod-network, partition-zones). */
export class DataPlaneFaults {
  readonly deadNodes = new Set<string>();
  private readonly cuts = new Set<string>();

  partition(a: string, b: string): void {
    this.cuts.add([a, b].sort().join('\u0000'));
  }

  healPartitions(): void {
    this.cuts.clear();
  }

  partitioned(a?: string, b?: string): boolean {
    return a !== undefined && b !== undefined && a !== b && this.cuts.has([a, b].sort().join('\u0000'));
  }

  partitions(): [string, string][] {
    return [...this.cuts].map((k) => k.split('\u0000') as [string, string]);
  }
}

interface Published {
  report: ProbeReport;
  at: number;
}

/** A write's outcome as the prober sees it: the API server's Status code and message when refused. */
export type PublishOutcome = { ok: true } | { ok: false; code: number; message: string };

const ok = (latencyMs: number): Observation => ({ ok: true, loss: 0, latencyMs });
const timeout = (what: string): Observation => ({ ok: false, loss: 1, error: `${what}: i/o timeout` });

export class Probers {
  private readonly last = new Map<string, Published>();
  private readonly rounds = new Map<string, ProbeReport>();
  /** Writes the API server refused (RBAC or admission); a real prober logs them and retries next round. */
  refusals = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly faults: DataPlaneFaults,
    private readonly opts: { intervalSeconds: number; heartbeatSeconds?: number; peers?: number },
  ) {}

  /** The nodes whose prober runs: a prober pod with an IP and running containers. */
  private members(): { name: string; zone?: string; podIP: string }[] {
    const zoneOf = new Map(this.store.list('nodes').map((n) => [n.metadata.name, n.metadata.labels?.['topology.kubernetes.io/zone']]));
    return this.store.list('pods')
      .filter((p) => p.metadata.namespace === PROBE_NAMESPACE && p.metadata.labels?.['app.kubernetes.io/name'] === PROBER_APP && !p.metadata.deletionTimestamp)
      .filter((p) => p.status.phase === 'Running' && p.status.podIP && p.spec.nodeName)
      .map((p) => ({ name: p.spec.nodeName as string, zone: zoneOf.get(p.spec.nodeName as string), podIP: p.status.podIP as string }));
  }

  /** The empty mesh ConfigMap, as deploy/probes ships it, so the dashboard's kubectl patch works in the demo too. */
  seedMesh(now: number): void {
    const key = `${PROBE_NAMESPACE}/${MESH_CONFIGMAP}`;
    if (this.store.get('configmaps', key)) return;
    this.store.create('configmaps', buildConfigMap({ name: MESH_CONFIGMAP, namespace: PROBE_NAMESPACE, createdAt: now, manager: 'kubectl-client-side-apply', labels: { 'app.kubernetes.io/part-of': 'cni-health' }, data: {} }));
  }

  /** The mesh as a prober reads it, through its RBAC (list by name): a refused read or set probes nothing extra. */
  private meshSet(reader: { name: string; uid: string } | undefined): string[] {
    if (!reader || !authorize(proberIdentity(reader), { verb: 'list', group: '', resource: 'configmaps', namespace: PROBE_NAMESPACE, name: MESH_CONFIGMAP }).allowed) return [];
    const cm = this.store.get('configmaps', `${PROBE_NAMESPACE}/${MESH_CONFIGMAP}`);
    const parsed = parseMeshText(cm?.data?.[MESH_DATA_KEY]);
    return parsed.ok ? parsed.nodes : [];
  }

  /** One round on every node; returns how many reports were written. */
  round(now: number): number {
    const members = this.members();
    const zoneOf = new Map(members.map((m) => [m.name, m.zone]));
    const ring = buildRing(members);
    const k = this.opts.peers ?? DEFAULT_PEERS;
    const dead = this.faults.deadNodes;
    const reach = (from: string, to: string): boolean => !dead.has(from) && !dead.has(to) && !this.faults.partitioned(zoneOf.get(from), zoneOf.get(to));
    const first = members[0] && this.store.get('nodes', members[0].name);
    const set = this.meshSet(first ? { name: first.metadata.name, uid: first.metadata.uid } : undefined);
    const probing = new Set(members.map((m) => m.name));
    const ipOf = new Map(members.map((m) => [m.name, m.podIP]));
    const observe = (from: string, to: string): Observation => (reach(from, to) ? ok(1) : timeout(`dial tcp ${ipOf.get(to) ?? ''}:9809`));
    let writes = 0;
    for (const m of members) {
      const prev = this.rounds.get(m.name);
      const own = dead.has(m.name);
      const ringPeers = peersOf(ring, m.name, k);
      const mesh = meshTargets(set, m.name, probing, new Set(ringPeers.map((p) => p.name)));
      const report = nextReport(prev, {
        node: m.name, podIP: m.podIP, intervalSeconds: this.opts.intervalSeconds, heartbeatSeconds: this.opts.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
        dns: own ? timeout('lookup kubernetes.default.svc.cluster.local on 172.20.0.10:53') : ok(2),
        kubernetesService: own ? timeout('dial tcp 172.20.0.1:443') : ok(1),
        peers: ringPeers.map((p) => ({ target: p.name, ...observe(m.name, p.name) })),
        mesh: mesh.map((target) => ({ target, ...observe(m.name, target) })),
      }, now);
      this.rounds.set(m.name, report);
      const published = this.last.get(m.name);
      // A prober without a pod network cannot reach the API server either.
      if (own || !shouldPublish(published?.report, report, published?.at ?? 0, now)) continue;
      const node = this.store.get('nodes', m.name);
      // Kept unpublished when refused: the next round tries again, its state still differing.
      if (!node || !this.publishAs({ name: m.name, uid: node.metadata.uid }, report, now).ok) continue;
      this.last.set(m.name, { report, at: now });
      writes++;
    }
    return writes;
  }

  /** Writes `report` as the prober pod of `writer`, through RBAC, validation and admission, as its client would. */
  publishAs(writer: { name: string; uid: string }, report: ProbeReport, now: number): PublishOutcome {
    const node = this.store.get('nodes', report.node);
    const name = probeConfigMapName(report.node, sha256Hex);
    const existing = this.store.get('configmaps', `${PROBE_NAMESPACE}/${name}`);
    const id = proberIdentity(writer);
    const verb = existing ? 'update' : 'create';
    try {
      const attrs: ResourceAttributes = { verb, group: '', resource: 'configmaps', namespace: PROBE_NAMESPACE, ...(existing ? { name } : {}) };
      if (!authorize(id, attrs).allowed) throw forbidden(id.user.username, attrs);
      const deps: WriteDeps = { store: this.store, now: () => now, admission: { refuseDryRun: false }, user: id.user };
      const opts = { kind: KINDS.configmaps, namespace: PROBE_NAMESPACE, name, dryRun: false, fieldManager: PROBER_APP };
      const data = { [PROBE_DATA_KEY]: JSON.stringify(report) };
      if (existing) replaceObject(deps, opts, { ...existing, data });
      else {
        createObject(deps, { ...opts, name: undefined }, buildConfigMap({
          name, namespace: PROBE_NAMESPACE, createdAt: now, manager: PROBER_APP,
          labels: { [PROBE_LABEL]: PROBE_LABEL_VALUE, 'app.kubernetes.io/name': PROBER_APP, 'app.kubernetes.io/part-of': 'cni-health' },
          annotations: { [PROBE_NODE_ANNOTATION]: report.node },
          ...(node ? { owner: { apiVersion: 'v1', kind: 'Node', name: report.node, uid: node.metadata.uid } } : {}),
          data,
        }));
      }
      return { ok: true };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.refusals++;
      return { ok: false, code: e.status.code, message: e.status.message };
    }
  }
}

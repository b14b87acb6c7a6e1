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
 */
import { buildRing, peersOf } from '@/lib/probes/peers';
import {
  DEFAULT_HEARTBEAT_SECONDS, DEFAULT_PEERS, PROBE_DATA_KEY, PROBE_LABEL, PROBE_LABEL_VALUE, PROBE_NODE_ANNOTATION, PROBER_APP, probeConfigMapName,
} from '@/lib/probes/names';
import { shouldPublish, type ProbeReport } from '@/lib/probes/report';
import { nextReport, type Observation } from '@/lib/probes/round';
import { sha256Hex } from '../builders/meta';
import { buildConfigMap } from '../builders/workload';
import type { ObjectStore } from '../store';

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

const ok = (latencyMs: number): Observation => ({ ok: true, loss: 0, latencyMs });
const timeout = (what: string): Observation => ({ ok: false, loss: 1, error: `${what}: i/o timeout` });

export class Probers {
  private readonly last = new Map<string, Published>();
  private readonly rounds = new Map<string, ProbeReport>();

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

  /** One round on every node; returns how many reports were written. */
  round(now: number): number {
    const members = this.members();
    const zoneOf = new Map(members.map((m) => [m.name, m.zone]));
    const ring = buildRing(members);
    const k = this.opts.peers ?? DEFAULT_PEERS;
    const dead = this.faults.deadNodes;
    const reach = (from: string, to: string): boolean => !dead.has(from) && !dead.has(to) && !this.faults.partitioned(zoneOf.get(from), zoneOf.get(to));
    let writes = 0;
    for (const m of members) {
      const prev = this.rounds.get(m.name);
      const own = dead.has(m.name);
      const report = nextReport(prev, {
        node: m.name, podIP: m.podIP, intervalSeconds: this.opts.intervalSeconds, heartbeatSeconds: this.opts.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
        dns: own ? timeout('lookup kubernetes.default.svc.cluster.local on 172.20.0.10:53') : ok(2),
        kubernetesService: own ? timeout('dial tcp 172.20.0.1:443') : ok(1),
        peers: peersOf(ring, m.name, k).map((p) => ({ target: p.name, ...(reach(m.name, p.name) ? ok(1) : timeout(`dial tcp ${members.find((x) => x.name === p.name)?.podIP ?? ''}:9809`)) })),
      }, now);
      this.rounds.set(m.name, report);
      const published = this.last.get(m.name);
      // A prober without a pod network cannot reach the API server either.
      if (own || !shouldPublish(published?.report, report, published?.at ?? 0, now)) continue;
      this.publish(report, now);
      this.last.set(m.name, { report, at: now });
      writes++;
    }
    return writes;
  }

  private publish(report: ProbeReport, now: number): void {
    const node = this.store.get('nodes', report.node);
    if (!node) return;
    const name = probeConfigMapName(report.node, sha256Hex);
    const key = `${PROBE_NAMESPACE}/${name}`;
    const data = { [PROBE_DATA_KEY]: JSON.stringify(report) };
    if (this.store.get('configmaps', key)) {
      this.store.update('configmaps', key, (d) => { d.data = data; });
      return;
    }
    this.store.create('configmaps', buildConfigMap({
      name, namespace: PROBE_NAMESPACE, createdAt: now, manager: PROBER_APP,
      labels: { [PROBE_LABEL]: PROBE_LABEL_VALUE, 'app.kubernetes.io/name': PROBER_APP, 'app.kubernetes.io/part-of': 'cni-health' },
      annotations: { [PROBE_NODE_ANNOTATION]: report.node },
      owner: { apiVersion: 'v1', kind: 'Node', name: report.node, uid: node.metadata.uid },
      data,
    }));
  }
}

/**
 * One node's prober: every round it checks its ring peers (lib/probes/peers.ts),
 * cluster DNS and the kubernetes Service, and publishes its report only when a
 * check changed state or a heartbeat is due (lib/probes/report.ts). The I/O is
 * injected, so a round is tested without a network.
 */
import { meshTargets } from '@/lib/probes/mesh';
import { buildRing, peersOf } from '@/lib/probes/peers';
import { shouldPublish, type ProbeReport } from '@/lib/probes/report';
import { nextReport, type Observation, type PeerObservation } from '@/lib/probes/round';
import type { Transition } from '@/lib/probes/transitions';

export interface Member {
  /** The node the prober pod runs on. */
  name: string;
  podIP: string;
}

export interface ProberIO {
  /** Nodes running a prober pod with an IP, this one included when it runs. */
  members(): Member[];
  /** The probe mesh's nodes (lib/probes/mesh-set.ts), already parsed and bounded; empty when none is chosen. */
  meshSet?(): readonly string[];
  /** A node's zone (topology.kubernetes.io/zone), cached: the ring mixes zones. */
  zoneOf(node: string): Promise<string | undefined>;
  peer(ip: string): Promise<Observation>;
  dns(): Promise<Observation>;
  service(): Promise<Observation>;
  publish(report: ProbeReport): Promise<void>;
  now(): number;
  /** Each check's result, for the prober's own metrics (per check kind, never per peer). */
  observe?(check: 'peer' | 'dns' | 'service', o: Observation): void;
}

export interface ProberOptions {
  node: string;
  podIP?: string;
  peers: number;
  intervalSeconds: number;
  heartbeatSeconds: number;
}

/** Successors whose zones are looked up before choosing peers: enough to find another zone in any real fleet. */
const ZONE_LOOKAHEAD = 16;

export class Prober {
  private last: ProbeReport | undefined;
  private published: { report: ProbeReport; at: number } | undefined;
  private earlier: Transition[] | undefined;
  readonly stats = { rounds: 0, publications: 0, failures: 0 };

  constructor(private readonly opts: ProberOptions, private readonly io: ProberIO) {}

  /**
   * Carries on the history of this node's last published report (read back at
   * start), so a prober restart does not wipe it; the states themselves start
   * again, as a change at the first round. Another node's report is ignored.
   */
  resume(last: ProbeReport): void {
    if (last.node === this.opts.node && !this.last) this.earlier = last.history;
  }

  /** The peers of this round, with their pod IPs. */
  async targets(): Promise<Member[]> {
    const members = this.io.members();
    const ips = new Map(members.map((m) => [m.name, m.podIP]));
    const plain = buildRing(members.map((m) => ({ name: m.name })));
    const at = plain.index.get(this.opts.node);
    if (at === undefined) return [];
    const zones = new Map<string, string | undefined>();
    for (let i = 0; i <= Math.min(ZONE_LOOKAHEAD, plain.members.length - 1); i++) {
      const name = plain.members[(at + i) % plain.members.length]?.name;
      if (name !== undefined) zones.set(name, await this.io.zoneOf(name));
    }
    const ring = buildRing(members.map((m) => ({ name: m.name, zone: zones.get(m.name) })));
    return peersOf(ring, this.opts.node, this.opts.peers).map((p) => ({ name: p.name, podIP: ips.get(p.name) ?? '' }));
  }

  /** The mesh members it probes on top of its ring peers: only prober pods' IPs, never a name's own address. */
  meshTargets(ring: readonly Member[]): Member[] {
    const members = this.io.members();
    const ips = new Map(members.map((m) => [m.name, m.podIP]));
    const targets = meshTargets(this.io.meshSet?.() ?? [], this.opts.node, new Set(ips.keys()), new Set(ring.map((m) => m.name)));
    return targets.map((name) => ({ name, podIP: ips.get(name) ?? '' }));
  }

  async round(): Promise<{ report: ProbeReport; published: boolean }> {
    const targets = await this.targets();
    const meshed = this.meshTargets(targets);
    const probe = async (t: Member): Promise<PeerObservation> => ({ target: t.name, ...(await this.io.peer(t.podIP)) });
    const [dns, service, mesh, ...peers] = await Promise.all([
      this.io.dns(),
      this.io.service(),
      Promise.all(meshed.map(probe)),
      ...targets.map(probe),
    ]);
    this.io.observe?.('dns', dns as Observation);
    this.io.observe?.('service', service as Observation);
    for (const p of [...(peers as PeerObservation[]), ...(mesh as PeerObservation[])]) this.io.observe?.('peer', p);
    const now = this.io.now();
    const report = nextReport(this.last, {
      node: this.opts.node, podIP: this.opts.podIP, intervalSeconds: this.opts.intervalSeconds, heartbeatSeconds: this.opts.heartbeatSeconds,
      dns: dns as Observation, kubernetesService: service as Observation, peers: peers as PeerObservation[],
      mesh: mesh as PeerObservation[],
    }, now, this.earlier);
    this.last = report;
    this.earlier = undefined;
    this.stats.rounds++;
    if (!shouldPublish(this.published?.report, report, this.published?.at ?? 0, now)) return { report, published: false };
    try {
      await this.io.publish(report);
      this.published = { report, at: now };
      this.stats.publications++;
      return { report, published: true };
    } catch (e) {
      // Kept unpublished: the next round publishes it, since its state still differs from the last one written.
      this.stats.failures++;
      throw e;
    }
  }
}

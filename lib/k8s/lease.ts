import 'server-only';
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { toKubeError } from './errors';

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's
 * tools/leaderelection does it (leaderelection.go, tryAcquireOrRenew): read
 * the Lease; a holder other than us keeps it while `leaseDurationSeconds`
 * have not passed since we last saw its record change, measured on OUR
 * clock (observedTime), never by comparing its renewTime with our clock, so
 * clock skew between replicas does not matter; otherwise write it as ours
 * with the resourceVersion we read: of two contenders the API server lets
 * exactly one update win (409 Conflict for the other). The holder counts
 * itself leader only while its last renewal is younger than the renew
 * deadline, which is shorter than the lease: a holder cut off from the API
 * server stops leading before anyone else may take over.
 * @kubernetes/client-node 1.4 has no leader election of its own.
 */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaseLock {
  /** The record and its resourceVersion, or undefined when there is no Lease yet. Throws when unreachable. */
  get(): Promise<{ record: LeaseRecord; resourceVersion: string } | undefined>;
  create(record: LeaseRecord): Promise<'ok' | 'exists'>;
  update(record: LeaseRecord, resourceVersion: string): Promise<'ok' | 'conflict'>;
}

export interface ElectorOptions {
  lock: LeaseLock;
  identity: string;
  leaseDurationMs: number;
  /** Shorter than the lease: past it without a renewal, the holder stops acting as leader. */
  renewDeadlineMs: number;
  now: () => number;
}

const same = (a: LeaseRecord | undefined, b: LeaseRecord | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export class LeaderElector {
  private observed: LeaseRecord | undefined;
  private observedAt = 0;
  private renewedAt: number | undefined;

  constructor(private readonly o: ElectorOptions) {}

  /** Whether this replica holds the Lease and renewed it recently enough to act on it. */
  isLeader(): boolean {
    return this.observed?.holderIdentity === this.o.identity && this.renewedAt !== undefined && this.o.now() - this.renewedAt < this.o.renewDeadlineMs;
  }

  holder(): string | undefined {
    return this.observed?.holderIdentity || undefined;
  }

  /** One round of client-go's tryAcquireOrRenew. Never throws: an unreachable API server is a failed round. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.o.now();
    const at = new Date(now).toISOString().replace(/Z$/, '000Z');
    const mine: LeaseRecord = { holderIdentity: this.o.identity, leaseDurationSeconds: Math.ceil(this.o.leaseDurationMs / 1000), acquireTime: at, renewTime: at, leaseTransitions: 0 };
    try {
      const current = await this.o.lock.get();
      if (!current) {
        if ((await this.o.lock.create(mine)) !== 'ok') return false;
        return this.won(mine, now);
      }
      if (!same(this.observed, current.record)) {
        this.observed = current.record;
        this.observedAt = now;
      }
      const held = !!current.record.holderIdentity && current.record.holderIdentity !== this.o.identity;
      const duration = (current.record.leaseDurationSeconds ?? Math.ceil(this.o.leaseDurationMs / 1000)) * 1000;
      if (held && this.observedAt + duration > now) return false;
      const ours = current.record.holderIdentity === this.o.identity;
      const next: LeaseRecord = ours
        ? { ...mine, acquireTime: current.record.acquireTime ?? at, leaseTransitions: current.record.leaseTransitions ?? 0 }
        : { ...mine, leaseTransitions: (current.record.leaseTransitions ?? 0) + 1 };
      if ((await this.o.lock.update(next, current.resourceVersion)) !== 'ok') return false;
      return this.won(next, now);
    } catch {
      return false;
    }
  }

  /** Gives the Lease up (an empty holder), so another replica takes over at once rather than after the lease runs out. */
  async release(): Promise<void> {
    if (!this.isLeader()) return;
    try {
      const current = await this.o.lock.get();
      if (current?.record.holderIdentity !== this.o.identity) return;
      await this.o.lock.update({ leaseDurationSeconds: current.record.leaseDurationSeconds, leaseTransitions: current.record.leaseTransitions }, current.resourceVersion);
    } catch {
      // It runs out by itself.
    } finally {
      this.renewedAt = undefined;
    }
  }

  private won(record: LeaseRecord, now: number): boolean {
    this.observed = record;
    this.observedAt = now;
    this.renewedAt = now;
    return true;
  }
}

/** The Lease `name` in `namespace`, through the API server. */
export function leaseLock(kc: KubeConfig, namespace: string, name: string): LeaseLock {
  const api = kc.makeApiClient(CoordinationV1Api);
  const toSpec = (r: LeaseRecord): V1Lease['spec'] => ({
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    leaseTransitions: r.leaseTransitions,
    ...(r.acquireTime ? { acquireTime: new Date(r.acquireTime) } : {}),
    ...(r.renewTime ? { renewTime: new Date(r.renewTime) } : {}),
  });
  return {
    async get() {
      try {
        const l = await api.readNamespacedLease({ name, namespace });
        const s = l.spec ?? {};
        const iso = (d: Date | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);
        return {
          resourceVersion: l.metadata?.resourceVersion ?? '',
          record: { holderIdentity: s.holderIdentity || undefined, leaseDurationSeconds: s.leaseDurationSeconds, acquireTime: iso(s.acquireTime), renewTime: iso(s.renewTime), leaseTransitions: s.leaseTransitions },
        };
      } catch (err) {
        if (toKubeError(err).code === 404) return undefined;
        throw err;
      }
    },
    async create(r) {
      try {
        await api.createNamespacedLease({ namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: toSpec(r) } });
        return 'ok';
      } catch (err) {
        if (toKubeError(err).code === 409) return 'exists';
        throw err;
      }
    },
    async update(r, resourceVersion) {
      try {
        await api.replaceNamespacedLease({ name, namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, resourceVersion }, spec: toSpec(r) } });
        return 'ok';
      } catch (err) {
        if (toKubeError(err).code === 409) return 'conflict';
        throw err;
      }
    },
  };
}

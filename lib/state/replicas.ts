import 'server-only';
import { createHash } from 'node:crypto';
import { RECORD_LABEL, type RecordStore, type StoredRecord } from '@/lib/k8s/records';

/**
 * One heartbeat per replica, not per operation: the Secret
 * `cni-health-replica-<hash of its identity>`, rewritten every few seconds
 * while the replica runs anything (an operation, a bulk repair) and not at
 * all while it runs nothing. The leader judges a runner dead when its
 * replica's heartbeat has not changed for a while on the leader's own clock
 * (lib/remediation/worker.ts), the way the node controller reads kubelets'
 * node Leases rather than every object a kubelet manages
 * (https://kubernetes.io/docs/concepts/architecture/leases/#node-heart-beats).
 * So the write load of ownership is one write per busy replica every
 * heartbeat, whatever the number of operations it runs.
 */
export const REPLICA = { [RECORD_LABEL]: 'replica' } as const;

export const replicaObjectName = (identity: string): string => `cni-health-replica-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;

export interface Beat { identity: string; seq: string; at: string }

function beatOf(r: StoredRecord): Beat | undefined {
  const { identity, seq, at } = r.data;
  return identity && seq && at ? { identity, seq, at } : undefined;
}

/** The replicas' heartbeats by identity (each value changes on every beat). */
export async function readBeats(records: RecordStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of await records.list(REPLICA)) {
    const b = beatOf(r);
    if (b && replicaObjectName(b.identity) === r.name) out.set(b.identity, `${b.seq}@${b.at}`);
  }
  return out;
}

/** This replica's heartbeat writer. `beat` never throws: a missed beat is the next one's job. */
export function replicaHeart(records: RecordStore, identity: string, now: () => number): { beat(): Promise<void>; stop(): Promise<void> } {
  const name = replicaObjectName(identity);
  let seq = 0;
  let last: StoredRecord | undefined;
  const data = (): Record<string, string> => ({ identity, seq: String(++seq), at: new Date(now()).toISOString() });
  return {
    async beat() {
      try {
        const base = last ?? (await records.get(name));
        const out = base ? await records.update({ ...base, labels: { ...REPLICA }, data: data() }) : await records.create(name, { ...REPLICA }, data());
        last = out.ok ? out.record : undefined;
      } catch {
        last = undefined;
      }
    },
    async stop() {
      await records.delete(name).catch(() => undefined);
    },
  };
}

/** The leader's sweep: heartbeats an hour old belong to replicas long gone (a coarse age, so clock skew does not matter). */
export async function sweepReplicas(records: RecordStore, now: number, keepMs: number): Promise<void> {
  const old = (await records.list(REPLICA)).filter((r) => !(now - (Date.parse(r.data.at ?? '') || 0) < keepMs));
  await Promise.all(old.map((r) => records.delete(r.name)));
}

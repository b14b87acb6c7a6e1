import 'server-only';
import { createHash } from 'node:crypto';
import type { OperationView } from '@/lib/api/remediation';
import { RECORD_LABEL, type RecordStore, type StoredRecord } from '@/lib/k8s/records';

/**
 * Operations as records in the cluster, written AHEAD of acting: the record
 * (a Secret named after the operation) exists before the first call is
 * made, while the API server is certainly reachable, and names the replica
 * running it. The runner writes its progress there when it changes
 * (debounced), nothing more; its replica's heartbeat (lib/state/replicas.ts)
 * says it is alive. When the runner dies, the leader
 * (lib/remediation/worker.ts) sees that heartbeat stop, claims the record
 * with a resourceVersion-conditional
 * update (one claimant wins) and finishes it. A runner whose write meets a
 * record claimed by someone else stops. Finished records carry their audit
 * record until the Event is written (lib/state/audit.ts).
 *
 * The id is derived from the user and their idempotency key, so a retry of
 * the same request on either replica finds the same record (409 AlreadyExists
 * on create) instead of acting twice.
 */
export const OPERATION = { [RECORD_LABEL]: 'operation' } as const;
export const STATE_LABEL = 'cni-health.io/state';
export const AUDIT_LABEL = 'cni-health.io/audit';
const FLUSH_MS = 300;
const MAX_BACKOFF_MS = 30_000;
const KEEP_LOCAL = 500;

export const objectName = (id: string): string => `cni-health-op-${id}`;
export const isRunning = (state: string | undefined): boolean => state === 'running' || state === 'verifying';

/** A UUID-shaped id from the user and their key (RFC 9562 version 8: custom). */
export function operationId(user: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${user}\0${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What the record holds beyond the view: enough for another replica to finish the operation and audit it. */
export interface OperationExtra {
  requestHash: string;
  /** The plan (lib/remediation/plan.ts), as JSON. */
  plan: string;
  /** The dashboard's namespace: where the audit Event goes. */
  namespace: string;
  generation?: number;
  /** The final audit record (lib/remediation/audit.ts AuditRecord) as JSON, once the operation has ended. */
  audit?: string;
  auditWritten?: boolean;
  /** Who it acts as (lib/remediation/actor.ts), as JSON: the replica that takes it over acts as them. */
  actor?: string;
  /** The call made whose node agent's answer is awaited (docs/repair-protocol.md): a new runner re-attaches to it. */
  awaiting?: string;
}

export interface OperationEntry { view: OperationView; extra: OperationExtra; runner: string; heartbeat: string }

export function toData(e: OperationEntry): Record<string, string> {
  const { audit, auditWritten, generation, actor, awaiting, ...rest } = e.extra;
  return {
    operation: JSON.stringify(e.view), ...rest, runner: e.runner, heartbeat: e.heartbeat,
    ...(actor ? { actor } : {}), ...(awaiting ? { awaiting } : {}),
    ...(generation !== undefined ? { generation: String(generation) } : {}),
    ...(audit ? { audit } : {}), ...(auditWritten ? { auditWritten: 'true' } : {}),
  };
}

export function fromRecord(r: StoredRecord): OperationEntry | undefined {
  try {
    const view = JSON.parse(r.data.operation ?? 'null') as OperationView | null;
    if (!view || typeof view.id !== 'string' || !Array.isArray(view.steps)) return undefined;
    const g = Number(r.data.generation);
    return {
      view,
      runner: r.data.runner ?? '',
      heartbeat: r.data.heartbeat ?? '',
      extra: {
        requestHash: r.data.requestHash ?? '', plan: r.data.plan ?? 'null', namespace: r.data.namespace ?? '',
        ...(Number.isSafeInteger(g) ? { generation: g } : {}), ...(r.data.audit ? { audit: r.data.audit } : {}), ...(r.data.auditWritten === 'true' ? { auditWritten: true } : {}),
        ...(r.data.actor ? { actor: r.data.actor } : {}), ...(r.data.awaiting ? { awaiting: r.data.awaiting } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

export const labelsOf = (e: OperationEntry): Record<string, string> => ({
  ...OPERATION, [STATE_LABEL]: e.view.state, [AUDIT_LABEL]: e.extra.auditWritten ? 'written' : 'pending',
});

interface Local {
  entry: OperationEntry;
  record?: StoredRecord;
  dirty: boolean;
  /** Another replica claimed it: this one stops writing and acting. */
  lost: boolean;
  timer?: ReturnType<typeof setTimeout>;
  backoffMs: number;
  flushing?: Promise<void>;
}

export type Begun = { created: true; view: OperationView } | { created: false; view: OperationView; requestHash: string };

export class OperationLedger {
  private readonly local = new Map<string, Local>();

  constructor(readonly records: RecordStore, readonly identity: string, private readonly now: () => number = Date.now) {}

  /** The write-ahead record. Throws when the API server cannot take it: then nothing was done. */
  async begin(view: OperationView, extra: OperationExtra): Promise<Begun> {
    const entry: OperationEntry = { view: structuredClone(view), extra, runner: this.identity, heartbeat: new Date(this.now()).toISOString() };
    const out = await this.records.create(objectName(view.id), labelsOf(entry), toData(entry));
    if (!out.ok) {
      const existing = await this.records.get(objectName(view.id));
      const e = existing && fromRecord(existing);
      if (!e) throw new Error('the operation record exists but cannot be read');
      return { created: false, view: e.view, requestHash: e.extra.requestHash };
    }
    this.adopt(entry, out.record);
    return { created: true, view: structuredClone(entry.view) };
  }

  /** Takes over a record this replica claimed (lib/state/worker.ts). */
  adopt(entry: OperationEntry, record: StoredRecord): void {
    this.local.set(entry.view.id, { entry, record, dirty: false, lost: false, backoffMs: FLUSH_MS });
    while (this.local.size > KEEP_LOCAL) {
      const old = [...this.local].find(([, l]) => !isRunning(l.entry.view.state) && !l.dirty);
      if (!old) break;
      this.local.delete(old[0]);
    }
  }

  owns(id: string): boolean {
    const l = this.local.get(id);
    return l !== undefined && !l.lost;
  }

  /** The runner's change to its operation: applied here at once, written to the record shortly after. */
  update(id: string, patch: (op: OperationView, extra: OperationExtra) => void): void {
    const l = this.local.get(id);
    if (!l || l.lost) return;
    const before = JSON.stringify([l.entry.view, l.entry.extra]);
    patch(l.entry.view, l.entry.extra);
    // Writes on change only: a verification polling an unchanged state costs no write (ownership is the replica's heartbeat, lib/state/replicas.ts).
    if (JSON.stringify([l.entry.view, l.entry.extra]) !== before) this.schedule(l, FLUSH_MS);
  }

  /** Whether this replica runs any operation now (it then keeps its replica heartbeat going). */
  busy(): boolean {
    for (const l of this.local.values()) if (!l.lost && isRunning(l.entry.view.state)) return true;
    return false;
  }

  /** This replica's copy (the runner's), if it has one. */
  peek(id: string): OperationView | undefined {
    return this.local.get(id)?.entry.view;
  }

  /** The operation as the cluster has it (another replica may run or have finished it), else this replica's copy. */
  async read(id: string): Promise<OperationView | undefined> {
    const l = this.local.get(id);
    if (l && !l.lost && (l.dirty || isRunning(l.entry.view.state))) return structuredClone(l.entry.view);
    try {
      const r = await this.records.get(objectName(id));
      const e = r && fromRecord(r);
      if (e) return e.view;
    } catch {
      // Unreachable: what this replica knows is the best answer.
    }
    return l ? structuredClone(l.entry.view) : undefined;
  }

  /** Writes what changed now; resolves when written or when it could not be (retried with backoff). */
  flush(id: string): Promise<void> {
    const l = this.local.get(id);
    if (!l || l.lost) return Promise.resolve();
    l.dirty = true;
    if (l.timer) clearTimeout(l.timer);
    l.timer = undefined;
    // A write in flight may have started before the latest change: write again after it.
    if (l.flushing) return l.flushing.then(() => this.flush(id));
    l.flushing = this.write(id, l).finally(() => {
      l.flushing = undefined;
      if (l.dirty && !l.lost) this.schedule(l, l.backoffMs);
    });
    return l.flushing;
  }

  /** Forgets this replica's copy (the record is the truth once written). */
  release(id: string): void {
    const l = this.local.get(id);
    if (l?.timer) clearTimeout(l.timer);
    this.local.delete(id);
  }

  private schedule(l: Local, ms: number): void {
    l.dirty = true;
    if (l.timer || l.flushing) return;
    l.timer = setTimeout(() => {
      l.timer = undefined;
      void this.flush(l.entry.view.id);
    }, ms);
    l.timer.unref?.();
  }

  private async write(id: string, l: Local): Promise<void> {
    l.dirty = false;
    l.entry.heartbeat = new Date(this.now()).toISOString();
    try {
      const base = l.record ?? (await this.records.get(objectName(id)));
      if (!base) {
        l.lost = true;
        return;
      }
      const out = await this.records.update({ ...base, labels: labelsOf(l.entry), data: toData(l.entry) });
      if (out.ok) {
        l.record = out.record;
        l.backoffMs = FLUSH_MS;
      } else {
        // Someone else wrote it: still ours (our own earlier write raced), or claimed by another replica.
        const cur = out.reason === 'gone' ? undefined : await this.records.get(objectName(id));
        const e = cur && fromRecord(cur);
        if (!cur || !e || e.runner !== this.identity) {
          console.warn(`[cni-health] operation ${id}: ${e ? `taken over by ${e.runner}` : 'its record is gone'}; this replica stops running it`);
          l.lost = true;
          return;
        }
        l.record = cur;
        l.dirty = true;
        l.backoffMs = FLUSH_MS;
      }
    } catch (e) {
      l.dirty = true;
      l.backoffMs = Math.min(MAX_BACKOFF_MS, l.backoffMs * 2);
      console.warn(`[cni-health] operation ${id}: its record could not be written (${(e as Error).message}); retrying in ${Math.round(l.backoffMs / 1000)} s`);
    }
  }
}

import 'server-only';
import type { BulkNodeStateView, BulkOperationView } from '@/lib/api/bulk';
import { RECORD_LABEL, type RecordStore, type StoredRecord } from '@/lib/k8s/records';

/**
 * Bulk repairs as records in the cluster, like single operations
 * (operations.ts): a Secret `cni-health-bulk-<id>` written before any node
 * is touched, naming its runner, rewritten when something changes (a node
 * starts or ends, a cancel, the end), never on a timer: the runner's
 * replica heartbeat (replicas.ts) says it is alive. When it dies, the
 * leader claims the record (resourceVersion-conditional) and goes on from
 * the recorded node states (lib/remediation/bulk-resume.ts). A cancel from
 * any replica is a conditional update of the record; the runner reads it
 * before starting each node. What is recorded per node is bounded (at most
 * MAX_BULK_NODES nodes, a message of at most 300 characters): the record
 * stays well inside a Secret's 1 MiB.
 */
export const BULK = { [RECORD_LABEL]: 'bulk' } as const;
const STATE_LABEL = 'cni-health.io/state';
const FLUSH_MS = 300;
const MAX_BACKOFF_MS = 30_000;
const MAX_MESSAGE = 300;

export const bulkObjectName = (id: string): string => `cni-health-bulk-${id}`;
export const bulkRunning = (s: BulkOperationView['state']): boolean => s === 'running' || s === 'cancelling';
export const bounded = (m: string | undefined): string | undefined => (m && m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE - 1)}…` : m);

/** What a new runner needs to go on: each node's previewed plan hash and request id, who acts, and the key it was started with. */
export interface BulkPlanRecord {
  namespace: string;
  /** RequestContext.at of the preview (the plans' digests depend on it). */
  at: string;
  items: Array<{ node: string; hash: string; req: string }>;
}

export interface BulkEntry {
  view: BulkOperationView;
  plan: BulkPlanRecord;
  key: string;
  requestHash: string;
  actor?: string;
  cancel: boolean;
  runner: string;
}

type Progress = { s: BulkNodeStateView; m?: string; o?: string };

export function toData(e: BulkEntry): Record<string, string> {
  const { nodes, ...head } = e.view;
  const progress: Progress[] = nodes.map((n) => ({ s: n.state, ...(n.message ? { m: bounded(n.message) } : {}), ...(n.operationId ? { o: n.operationId } : {}) }));
  return {
    bulk: JSON.stringify(head), nodes: JSON.stringify(progress), plan: JSON.stringify(e.plan),
    key: e.key, requestHash: e.requestHash, runner: e.runner, ...(e.actor ? { actor: e.actor } : {}), ...(e.cancel ? { cancel: 'true' } : {}),
  };
}

export function fromRecord(r: StoredRecord): BulkEntry | undefined {
  try {
    const head = JSON.parse(r.data.bulk ?? 'null') as Omit<BulkOperationView, 'nodes'> | null;
    const plan = JSON.parse(r.data.plan ?? 'null') as BulkPlanRecord | null;
    const progress = JSON.parse(r.data.nodes ?? '[]') as Progress[];
    if (!head || typeof head.id !== 'string' || !plan || !Array.isArray(plan.items) || !Array.isArray(progress) || progress.length !== plan.items.length) return undefined;
    const nodes = plan.items.map((it, i) => ({ node: it.node, state: progress[i]!.s, ...(progress[i]!.m ? { message: progress[i]!.m } : {}), ...(progress[i]!.o ? { operationId: progress[i]!.o } : {}) }));
    return {
      view: { ...head, nodes }, plan, key: r.data.key ?? '', requestHash: r.data.requestHash ?? '', cancel: r.data.cancel === 'true', runner: r.data.runner ?? '',
      ...(r.data.actor ? { actor: r.data.actor } : {}),
    };
  } catch {
    return undefined;
  }
}

export const labelsOf = (e: BulkEntry): Record<string, string> => ({ ...BULK, [STATE_LABEL]: e.view.state });

interface Local { entry: BulkEntry; record?: StoredRecord; lost: boolean; timer?: ReturnType<typeof setTimeout>; flushing?: Promise<void>; dirty: boolean; backoffMs: number }

export class BulkLedger {
  private readonly local = new Map<string, Local>();

  constructor(readonly records: RecordStore, readonly identity: string) {}

  /** The write-ahead record; `created: false` with the stored one when the id (user and key) was started already. */
  async begin(entry: Omit<BulkEntry, 'runner'>): Promise<{ created: boolean; entry: BulkEntry }> {
    const mine: BulkEntry = { ...entry, runner: this.identity };
    const out = await this.records.create(bulkObjectName(entry.view.id), labelsOf(mine), toData(mine));
    if (!out.ok) {
      const e = await this.get(entry.view.id);
      if (!e) throw new Error('the bulk repair record exists but cannot be read');
      return { created: false, entry: e };
    }
    this.adopt(mine, out.record);
    return { created: true, entry: mine };
  }

  adopt(entry: BulkEntry, record: StoredRecord): void {
    this.local.set(entry.view.id, { entry, record, lost: false, dirty: false, backoffMs: FLUSH_MS });
  }

  /** Forgets this replica's copy of a finished one (the record is the truth once written). */
  release(id: string): void {
    const l = this.local.get(id);
    if (l && !l.dirty && !l.flushing && !bulkRunning(l.entry.view.state)) this.local.delete(id);
  }

  owns(id: string): boolean {
    const l = this.local.get(id);
    return !!l && !l.lost;
  }

  busy(): boolean {
    for (const l of this.local.values()) if (!l.lost && bulkRunning(l.entry.view.state)) return true;
    return false;
  }

  async get(id: string): Promise<BulkEntry | undefined> {
    const r = await this.records.get(bulkObjectName(id));
    return r ? fromRecord(r) : undefined;
  }

  /** This replica's copy while it runs it, else the cluster's record. */
  async read(id: string): Promise<BulkOperationView | undefined> {
    const l = this.local.get(id);
    if (l && !l.lost && (l.dirty || bulkRunning(l.entry.view.state))) return structuredClone(l.entry.view);
    return (await this.get(id))?.view ?? (l ? structuredClone(l.entry.view) : undefined);
  }

  peek(id: string): BulkEntry | undefined {
    const l = this.local.get(id);
    return l && !l.lost ? l.entry : undefined;
  }

  update(id: string, patch: (e: BulkEntry) => void): void {
    const l = this.local.get(id);
    if (!l || l.lost) return;
    const before = JSON.stringify(l.entry);
    patch(l.entry);
    if (JSON.stringify(l.entry) !== before) this.schedule(l, FLUSH_MS);
  }

  /** Whether its user asked to stop: read from the record (a cancel may come through the other replica). */
  async cancelled(id: string): Promise<boolean> {
    const l = this.local.get(id);
    if (!l || l.lost) return true;
    if (l.entry.cancel) return true;
    const stored = await this.get(id).catch(() => undefined);
    if (stored?.cancel) this.update(id, (e) => { e.cancel = true; if (e.view.state === 'running') e.view.state = 'cancelling'; });
    return l.entry.cancel;
  }

  /** A cancel from any replica, its own user only: a conditional update, retried on conflict. */
  async requestCancel(id: string, user: string): Promise<BulkOperationView | undefined> {
    if (this.owns(id)) {
      if (this.local.get(id)!.entry.view.user !== user) return undefined;
      this.update(id, (e) => { e.cancel = true; if (e.view.state === 'running') e.view.state = 'cancelling'; });
      await this.flush(id);
      return structuredClone(this.local.get(id)!.entry.view);
    }
    for (let i = 0; i < 5; i++) {
      const r = await this.records.get(bulkObjectName(id));
      const e = r && fromRecord(r);
      if (!r || !e || e.view.user !== user) return undefined;
      if (!bulkRunning(e.view.state) || e.cancel) return e.view;
      const next: BulkEntry = { ...e, cancel: true, view: { ...e.view, state: 'cancelling' } };
      if ((await this.records.update({ ...r, labels: labelsOf(next), data: toData(next) })).ok) return next.view;
    }
    throw new Error('the bulk repair record kept changing; try again');
  }

  flush(id: string): Promise<void> {
    const l = this.local.get(id);
    if (!l || l.lost) return Promise.resolve();
    l.dirty = true;
    if (l.timer) clearTimeout(l.timer);
    l.timer = undefined;
    if (l.flushing) return l.flushing.then(() => this.flush(id));
    l.flushing = this.write(l).finally(() => {
      l.flushing = undefined;
      if (l.dirty && !l.lost) this.schedule(l, l.backoffMs);
    });
    return l.flushing;
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

  private async write(l: Local): Promise<void> {
    l.dirty = false;
    const id = l.entry.view.id;
    try {
      // A conflict that leaves the record ours (a cancel written by the other replica) is merged and written again at once.
      for (let attempt = 0; attempt < 3; attempt++) {
        const base = l.record ?? (await this.records.get(bulkObjectName(id)));
        if (!base) { l.lost = true; return; }
        const out = await this.records.update({ ...base, labels: labelsOf(l.entry), data: toData(l.entry) });
        if (out.ok) { l.record = out.record; l.backoffMs = FLUSH_MS; return; }
        const cur = out.reason === 'gone' ? undefined : await this.records.get(bulkObjectName(id));
        const e = cur && fromRecord(cur);
        if (!cur || !e || e.runner !== this.identity) {
          console.warn(`[cni-health] bulk repair ${id}: ${e ? `taken over by ${e.runner}` : 'its record is gone'}; this replica stops running it`);
          l.lost = true;
          return;
        }
        if (e.cancel && !l.entry.cancel) { l.entry.cancel = true; if (l.entry.view.state === 'running') l.entry.view.state = 'cancelling'; }
        l.record = cur;
      }
      l.dirty = true;
    } catch (err) {
      l.dirty = true;
      l.backoffMs = Math.min(MAX_BACKOFF_MS, l.backoffMs * 2);
      console.warn(`[cni-health] bulk repair ${id}: its record could not be written (${(err as Error).message}); retrying in ${Math.round(l.backoffMs / 1000)} s`);
    }
  }
}

const LEDGERS = Symbol.for('cni-health.bulk-ledgers');
type Global = typeof globalThis & { [LEDGERS]?: WeakMap<RecordStore, BulkLedger> };

/** One bulk ledger per state store and replica identity (the dashboard state's). */
export function bulkLedgerOf(records: RecordStore, identity: string): BulkLedger {
  const g = globalThis as Global;
  g[LEDGERS] ??= new WeakMap();
  let l = g[LEDGERS].get(records);
  if (!l || l.identity !== identity) {
    l = new BulkLedger(records, identity);
    g[LEDGERS].set(records, l);
  }
  return l;
}

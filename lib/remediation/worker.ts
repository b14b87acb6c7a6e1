import 'server-only';
import type { ClusterCache } from '@/lib/k8s/cache';
import { fromRecord, isRunning, labelsOf, OPERATION, objectName, toData, type OperationEntry } from '@/lib/state/operations';
import type { DashboardState } from '@/lib/state/dashboard-state';
import { sweepPreviews } from '@/lib/state/previews';
import { readBeats, replicaHeart, sweepReplicas } from '@/lib/state/replicas';
import { BULK, bulkLedgerOf, bulkRunning, fromRecord as bulkFromRecord, labelsOf as bulkLabelsOf, toData as bulkToData, type BulkEntry } from '@/lib/state/bulks';
import { bulkFleet } from '@/lib/views/bulk-fleet';
import { resumeBulk } from './bulk-resume';
import { sweepSessions } from '@/lib/state/sessions';
import type { AuditRecord } from './audit';
import { AUDIT_RECORDED, log, writeAudit } from './finish';
import { REMEMBER_EXPIRED_MS } from './previews';
import { resumeOperation } from './resume';
import { DEFAULT_TIMING, type RunTiming } from './run';

/**
 * The work that must run once, done by whichever replica holds the Lease
 * (lib/k8s/lease.ts): writing pending audit records (with backoff per
 * record), taking over operations whose runner stopped heartbeating, and
 * sweeping expired records. Every replica that runs something keeps one
 * heartbeat of its own (lib/state/replicas.ts), every heartbeatMs; the
 * operations' records are written only when they change. A runner is
 * judged dead on the leader's own clock (its replica's heartbeat unchanged
 * for orphanMs of rounds that could read the records), never by comparing
 * clocks; an outage resets the judgement, so a
 * runner cut off from the API server with everyone else is not taken over
 * the moment the server comes back.
 */
export interface WorkerTiming { roundMs: number; orphanMs: number; sweepMs: number; keepFinishedMs: number; auditMaxBackoffMs: number; heartbeatMs?: number }
/** A busy replica beats every 5 s; the leader waits 15 s (three beats) before it calls a runner dead. */
export const WORKER_TIMING: WorkerTiming = { roundMs: 2_000, orphanMs: 15_000, sweepMs: 60_000, keepFinishedMs: 60 * 60_000, auditMaxBackoffMs: 60_000, heartbeatMs: 5_000 };

export interface Worker { round(): Promise<void>; beat(): Promise<void>; stop(): Promise<void> }

export function startWorker(cache: ClusterCache, state: DashboardState, t: WorkerTiming = WORKER_TIMING, run?: RunTiming, now: () => number = Date.now): Worker {
  const seen = new Map<string, { heartbeat: string; at: number }>();
  const audits = new Map<string, { next: number; delay: number }>();
  let lastSweep = 0;
  const { records, ledger, elector } = state;
  const heart = replicaHeart(records, state.identity, now);
  const bulks = bulkLedgerOf(records, state.identity);
  const busy = (): boolean => ledger.busy() || bulks.busy();
  let beating: Promise<void> | undefined;
  const beat = (): void => {
    if (!beating && busy()) beating = heart.beat().finally(() => { beating = undefined; });
  };

  async function claim(entry: OperationEntry, resourceVersion: string, labels: Record<string, string>): Promise<void> {
    const mine: OperationEntry = { ...entry, runner: state.identity, heartbeat: new Date(now()).toISOString() };
    const out = await records.update({ name: objectName(entry.view.id), resourceVersion, labels: { ...labels, ...labelsOf(mine) }, data: toData(mine) });
    if (!out.ok) return;
    ledger.adopt(mine, out.record);
    void resumeOperation(cache, mine, entry.runner, run);
  }

  async function claimBulk(entry: BulkEntry, resourceVersion: string, name: string): Promise<void> {
    const mine: BulkEntry = { ...entry, runner: state.identity };
    const out = await records.update({ name, resourceVersion, labels: bulkLabelsOf(mine), data: bulkToData(mine) });
    if (!out.ok) return;
    bulks.adopt(mine, out.record);
    void resumeBulk(cache, bulkFleet(cache), mine, entry.runner, run ?? DEFAULT_TIMING).catch((e: unknown) => log({ bulk: entry.view.id, error: (e as Error).message }));
  }

  /** A running record's runner is dead once its replica's heartbeat has not changed for orphanMs of the leader's rounds. */
  function orphaned(key: string, runner: string, beats: Map<string, string>, at: number): boolean {
    // None yet counts as a value too: a runner beats within heartbeatMs of starting.
    const hb = `${runner}\0${beats.get(runner) ?? ''}`;
    const s = seen.get(key);
    if (!s || s.heartbeat !== hb) {
      seen.set(key, { heartbeat: hb, at });
      return false;
    }
    return at - s.at >= t.orphanMs;
  }

  async function retryAudit(entry: OperationEntry, resourceVersion: string, labels: Record<string, string>): Promise<void> {
    const id = entry.view.id;
    const b = audits.get(id) ?? { next: 0, delay: 1_000 };
    if (now() < b.next) return;
    const written = await writeAudit(cache.kubeConfig, JSON.parse(entry.extra.audit!) as AuditRecord, entry.extra.namespace, state.identity);
    if (!written.ok) {
      audits.set(id, { next: now() + b.delay, delay: Math.min(t.auditMaxBackoffMs, b.delay * 2) });
      log({ operation: id, audit: 'pending', error: written.error });
      return;
    }
    audits.delete(id);
    if (ledger.owns(id)) {
      // This replica's runner still holds it: through its ledger, so its next write does not undo this one.
      ledger.update(id, (o, extra) => {
        o.audit = { state: 'recorded', message: AUDIT_RECORDED };
        extra.auditWritten = true;
      });
      await ledger.flush(id);
      return;
    }
    const done: OperationEntry = { ...entry, view: { ...entry.view, audit: { state: 'recorded', message: AUDIT_RECORDED } }, extra: { ...entry.extra, auditWritten: true } };
    // A conflict means its runner wrote meanwhile; the next round sees the Event exists (409) and tries again.
    await records.update({ name: objectName(id), resourceVersion, labels: { ...labels, ...labelsOf(done) }, data: toData(done) });
    log({ operation: id, audit: 'recorded' });
  }

  async function round(): Promise<void> {
    if (state.storage === 'cluster' && !(elector && (await elector.tryAcquireOrRenew()) && elector.isLeader())) {
      seen.clear();
      return;
    }
    let all;
    let beats: Map<string, string>;
    let bulkRecords;
    try {
      [all, beats, bulkRecords] = await Promise.all([records.list(OPERATION), readBeats(records), records.list(BULK)]);
    } catch {
      seen.clear();
      return;
    }
    const at = now();
    for (const r of all) {
      const e = fromRecord(r);
      if (!e) continue;
      const id = e.view.id;
      try {
        if (isRunning(e.view.state)) {
          if (ledger.owns(id)) continue;
          if (orphaned(id, e.runner, beats, at)) await claim(e, r.resourceVersion, r.labels);
        } else if (e.extra.audit && !e.extra.auditWritten) {
          if (!ledger.owns(id) || ledger.peek(id)?.audit?.state === 'pending') await retryAudit(e, r.resourceVersion, r.labels);
        } else if (at - (Date.parse(e.view.finishedAt ?? '') || 0) > t.keepFinishedMs) {
          await records.delete(r.name);
          ledger.release(id);
        } else if (ledger.owns(id)) {
          ledger.release(id);
        }
      } catch {
        // This record's turn comes again next round.
      }
    }
    for (const r of bulkRecords) {
      const e = bulkFromRecord(r);
      if (!e) continue;
      try {
        if (bulkRunning(e.view.state)) {
          if (!bulks.owns(e.view.id) && orphaned(`bulk:${e.view.id}`, e.runner, beats, at)) await claimBulk(e, r.resourceVersion, r.name);
        } else if (at - (Date.parse(e.view.finishedAt ?? '') || 0) > t.keepFinishedMs) {
          await records.delete(r.name);
        } else {
          bulks.release(e.view.id);
        }
      } catch {
        // Its turn comes again next round.
      }
    }
    if (at - lastSweep >= t.sweepMs) {
      lastSweep = at;
      await Promise.allSettled([sweepSessions(records, at), sweepPreviews(records, at, REMEMBER_EXPIRED_MS), sweepReplicas(records, at, t.keepFinishedMs)]);
    }
  }

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : round().catch(() => undefined)));
  }, t.roundMs);
  timer.unref?.();
  const beatTimer = setInterval(beat, t.heartbeatMs ?? WORKER_TIMING.heartbeatMs!);
  beatTimer.unref?.();
  return {
    beat: async () => {
      beat();
      await beating;
    },
    round: () => (running = running.then(() => round())),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(beatTimer);
      await running;
      await beating;
      if (!busy()) await heart.stop();
      await elector?.release();
    },
  };
}

/**
 * The operation ledger over stored records: the write-ahead record exists
 * before anything acts, an idempotency key names one operation on any
 * replica, and a runner whose record another replica claimed stops writing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationView } from '@/lib/api/remediation';
import { memoryRecords } from '@/lib/k8s/records';
import { fromRecord, objectName, OperationLedger, operationId, toData, labelsOf } from './operations';

const view = (id: string): OperationView => ({ id, action: 'cordon-node', title: 'Cordon', target: { kind: 'Node', name: 'n1' }, user: 'alice', state: 'running', steps: [{ id: 'cordon', description: 'cordon', state: 'pending' }], startedAt: '2026-01-01T00:00:00.000Z' });
const extra = { requestHash: 'h1', plan: '{"calls":[]}', namespace: 'cni-health' };

describe('OperationLedger', () => {
  it('derives one UUID-shaped id per user and key', () => {
    expect(operationId('alice', 'k-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(operationId('alice', 'k-1')).toBe(operationId('alice', 'k-1'));
    expect(operationId('bob', 'k-1')).not.toBe(operationId('alice', 'k-1'));
  });

  it('records the operation before acting, and answers a second begin (another replica, a retry) with the first', async () => {
    const records = memoryRecords();
    const a = new OperationLedger(records, 'replica-a');
    const b = new OperationLedger(records, 'replica-b');
    const id = operationId('alice', 'k-2');
    expect(await a.begin(view(id), extra)).toMatchObject({ created: true });
    const stored = fromRecord((await records.get(objectName(id)))!)!;
    expect(stored).toMatchObject({ runner: 'replica-a', view: { state: 'running' }, extra: { requestHash: 'h1' } });
    expect(await b.begin(view(id), { ...extra, requestHash: 'h2' })).toMatchObject({ created: false, requestHash: 'h1', view: { id } });
    expect(b.owns(id)).toBe(false);
  });

  it('writes the runner\'s progress, which the other replica reads; a runner whose record was claimed stops', async () => {
    const records = memoryRecords();
    const a = new OperationLedger(records, 'replica-a');
    const b = new OperationLedger(records, 'replica-b');
    const id = operationId('alice', 'k-3');
    await a.begin(view(id), extra);
    a.update(id, (op) => { op.steps[0]!.state = 'done'; op.state = 'verifying'; });
    await a.flush(id);
    expect(await b.read(id)).toMatchObject({ state: 'verifying', steps: [{ state: 'done' }] });

    // B claims it (the worker does this once A's heartbeat stops).
    const r = (await records.get(objectName(id)))!;
    const claimed = { ...fromRecord(r)!, runner: 'replica-b' };
    expect((await records.update({ ...r, labels: labelsOf(claimed), data: toData(claimed) })).ok).toBe(true);
    a.update(id, (op) => { op.state = 'failed'; });
    await a.flush(id);
    expect(a.owns(id)).toBe(false);
    expect(fromRecord((await records.get(objectName(id)))!)).toMatchObject({ runner: 'replica-b', view: { state: 'verifying' } });
  });

  it('writes a change made while an earlier write was in flight (the final state is never left behind)', async () => {
    const records = memoryRecords();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const slow = { ...records, update: async (r: Parameters<typeof records.update>[0]) => { await gate; return records.update(r); } };
    const a = new OperationLedger(slow, 'replica-a');
    const id = operationId('alice', 'k-4');
    await a.begin(view(id), extra);
    a.update(id, (op) => { op.state = 'verifying'; });
    const first = a.flush(id);
    a.update(id, (op) => { op.state = 'succeeded'; });
    const second = a.flush(id);
    release();
    await Promise.all([first, second]);
    expect(fromRecord((await records.get(objectName(id)))!)?.view.state).toBe('succeeded');
  });

  describe('writes', () => {
    afterEach(() => vi.useRealTimers());

    it('writes a change once (debounced), and nothing for an update that changes nothing, however often it comes', async () => {
      vi.useFakeTimers();
      const records = memoryRecords();
      const writes: string[] = [];
      const counting = { ...records, update: (r: Parameters<typeof records.update>[0]) => { writes.push(r.data.operation ?? ''); return records.update(r); } };
      const a = new OperationLedger(counting, 'replica-a');
      const id = operationId('alice', 'k-5');
      await a.begin(view(id), extra);
      for (let i = 0; i < 20; i++) {
        a.update(id, (op) => { op.state = 'verifying'; op.verification = { waitingFor: 'n1 healthy', lastSeen: 'broken' }; });
        await vi.advanceTimersByTimeAsync(500);
      }
      expect(writes).toHaveLength(1);
      expect(JSON.parse(writes[0]!)).toMatchObject({ state: 'verifying', verification: { lastSeen: 'broken' } });
      a.update(id, (op) => { op.verification = { waitingFor: 'n1 healthy', lastSeen: 'healthy' }; });
      await vi.advanceTimersByTimeAsync(500);
      expect(writes).toHaveLength(2);
      expect(a.busy()).toBe(true);
    });
  });
});

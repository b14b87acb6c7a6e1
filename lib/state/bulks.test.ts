/**
 * The bulk repair record shared by replicas: the other replica reads its
 * progress, a cancel from the other replica (its own user only) reaches the
 * runner before its next node and survives the runner's next write, and a
 * runner whose record was claimed stops.
 */
import { describe, expect, it } from 'vitest';
import { memoryRecords } from '@/lib/k8s/records';
import { BulkLedger, bulkObjectName, fromRecord, labelsOf, toData, type BulkEntry } from './bulks';

const entry = (id: string): Omit<BulkEntry, 'runner'> => ({
  view: {
    id, ruleId: 'multus-nested-delegates', action: 'repair-node-cni-config', title: 'Repair', user: 'alice', state: 'running', concurrency: 1,
    counts: { queued: 2, running: 0, verified: 0, failed: 0, skipped: 0 }, nodes: [{ node: 'n1', state: 'queued' }, { node: 'n2', state: 'queued' }], startedAt: '2026-01-01T00:00:00.000Z',
  },
  plan: { namespace: 'cni-health', at: '2026-01-01T00:00:00.000Z', items: [{ node: 'n1', hash: 'h1', req: 'r1' }, { node: 'n2', hash: 'h2', req: 'r2' }] },
  key: 'k', requestHash: 'rh', cancel: false,
});

describe('BulkLedger', () => {
  it('shares progress, takes a cancel from the other replica for its own user only, and keeps it through the runner\'s writes', async () => {
    const records = memoryRecords();
    const a = new BulkLedger(records, 'replica-a');
    const b = new BulkLedger(records, 'replica-b');
    expect((await a.begin(entry('b-1'))).created).toBe(true);
    expect((await b.begin(entry('b-1'))).created).toBe(false);
    a.update('b-1', ({ view }) => { view.nodes[0]!.state = 'running'; view.counts.queued--; view.counts.running++; });
    await a.flush('b-1');
    expect(await b.read('b-1')).toMatchObject({ counts: { running: 1, queued: 1 }, nodes: [{ state: 'running' }, { state: 'queued' }] });

    expect(await b.requestCancel('b-1', 'mallory')).toBeUndefined();
    expect(await a.cancelled('b-1')).toBe(false);
    expect(await b.requestCancel('b-1', 'alice')).toMatchObject({ state: 'cancelling' });
    // The runner's own write, made on what it read before the cancel, must not undo it.
    a.update('b-1', ({ view }) => { view.nodes[0]!.state = 'verified'; view.counts.running--; view.counts.verified++; });
    await a.flush('b-1');
    expect(fromRecord((await records.get(bulkObjectName('b-1')))!)).toMatchObject({ cancel: true, view: { state: 'cancelling', nodes: [{ state: 'verified' }, { state: 'queued' }] } });
    expect(await a.cancelled('b-1')).toBe(true);
  });

  it('stops a runner whose record another replica claimed', async () => {
    const records = memoryRecords();
    const a = new BulkLedger(records, 'replica-a');
    await a.begin(entry('b-2'));
    const r = (await records.get(bulkObjectName('b-2')))!;
    const claimed = { ...fromRecord(r)!, runner: 'replica-b' };
    expect((await records.update({ ...r, labels: labelsOf(claimed), data: toData(claimed) })).ok).toBe(true);
    a.update('b-2', ({ view }) => { view.state = 'done'; });
    await a.flush('b-2');
    expect(a.owns('b-2')).toBe(false);
    expect(fromRecord((await records.get(bulkObjectName('b-2')))!)).toMatchObject({ runner: 'replica-b', view: { state: 'running' } });
  });

  it('bounds each node\'s message, so a thousand nodes stay inside a Secret', () => {
    const e = { ...entry('b-3'), runner: 'a' };
    e.view.nodes[0]!.message = 'x'.repeat(10_000);
    expect(fromRecord({ name: bulkObjectName('b-3'), resourceVersion: '1', labels: {}, data: toData(e) })!.view.nodes[0]!.message!.length).toBe(300);
  });
});

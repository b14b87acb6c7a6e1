import { describe, expect, it } from 'vitest';
import { projectEvent } from '@/lib/k8s/project';
import type { EventModel } from '@/lib/model/event';
import { AUDIT_CONTROLLER, auditEvent, auditView, type AuditRecord } from './audit';

const NS = 'cni-health';
const record: AuditRecord = {
  operationId: 'op1', action: 'cordon-node', title: 'Cordon the node', target: { kind: 'Node', name: 'ip-10-0-1-7' },
  user: 'bob', outcome: 'succeeded', message: 'done', at: '2026-01-01T12:00:00.000Z',
};

/** An Event as it comes off the wire (watch JSON), through the dashboard's projection. */
const onTheWire = (e: object): EventModel => projectEvent(JSON.parse(JSON.stringify({ ...e, metadata: { uid: 'u', resourceVersion: '1', ...(e as { metadata: object }).metadata } })))!;

describe('the audit trail', () => {
  it('shows the records the dashboard wrote into its namespace, with the target and user they name', () => {
    const real = auditEvent(record, NS, 'cni-health-dashboard-7d9f-abcde');
    expect(real).toMatchObject({ metadata: { namespace: NS }, reportingComponent: AUDIT_CONTROLLER, reportingInstance: 'cni-health-dashboard-7d9f-abcde', involvedObject: { kind: 'Remediation', namespace: NS, name: 'op1' }, related: { kind: 'Node', name: 'ip-10-0-1-7' } });
    expect(auditView([onTheWire(real)], NS).entries).toEqual([
      { time: '2026-01-01T12:00:00.000Z', action: 'cordon-node', target: 'Node/ip-10-0-1-7', user: 'bob', outcome: 'succeeded', message: 'Cordon the node by bob: done' },
    ]);
  });

  it('ignores forgeries: the right reason and annotations in another namespace, or in its namespace from another controller', () => {
    const forged = { ...record, user: 'alice', operationId: 'forged' };
    const elsewhere = { ...auditEvent(forged, 'default', 'x') };
    const otherController = { ...auditEvent(forged, NS, 'x'), reportingComponent: 'someone-else', source: { component: 'cni-health.io/dashboard' } };
    const noController = { ...auditEvent(forged, NS, 'x'), reportingComponent: undefined };
    // What the dashboard wrote before it owned its records: an Event on the Node, in default, by the user.
    const legacy = { ...auditEvent(forged, 'default', 'x'), involvedObject: { kind: 'Node', name: 'ip-10-0-1-7', apiVersion: 'v1' }, reportingComponent: 'cni-health' };
    const events = [elsewhere, otherController, noController, legacy].map(onTheWire);
    expect(events.every((e) => e.reason === 'CniHealthRemediation' && e.annotations?.['cni-health.io/user'] === 'alice')).toBe(true);
    expect(auditView(events, NS).entries).toEqual([]);
    expect(auditView([...events, onTheWire(auditEvent(record, NS, 'i'))], NS).entries.map((e) => e.user)).toEqual(['bob']);
  });
});

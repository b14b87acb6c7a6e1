import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOperation, getOperation, updateOperation } from './operations';

const view = { action: 'multus-guaranteed-qos', title: 'Guaranteed QoS', target: { kind: 'DaemonSet' as const, namespace: 'kube-system', name: 'kube-multus-ds' }, user: 'admin', state: 'running' as const, steps: [], startedAt: '2026-01-01T00:00:00Z' };

afterEach(() => {
  vi.useRealTimers();
});

describe('operations kept in the server', () => {
  it('keeps a rollout that verifies for hours, and a finished one for an hour after it finished', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
    const long = createOperation(view, 'k-long', 'request-hash');
    updateOperation(long.id, (op) => { op.state = 'verifying'; });
    vi.setSystemTime(Date.parse('2026-01-01T03:00:00Z'));
    createOperation(view, 'k-other', 'request-hash');
    expect(getOperation(long.id)?.state).toBe('verifying');
    updateOperation(long.id, (op) => { op.state = 'succeeded'; op.finishedAt = new Date().toISOString(); });
    vi.setSystemTime(Date.parse('2026-01-01T03:30:00Z'));
    createOperation(view, 'k-third', 'request-hash');
    expect(getOperation(long.id)?.state).toBe('succeeded');
    vi.setSystemTime(Date.parse('2026-01-01T04:01:00Z'));
    createOperation(view, 'k-fourth', 'request-hash');
    expect(getOperation(long.id)).toBeUndefined();
  });
});

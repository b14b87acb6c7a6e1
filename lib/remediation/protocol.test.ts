import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decideRepair, parseRepairStatus, repairBackupPath, repairNodeHash, repairRequestConfigMap, repairRequestName,
  REPAIR_NODE_HASH_LABEL, REPAIR_REQUEST_KEY, REPAIR_STATUS_KEY, type RepairContext,
} from './protocol';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const NODE = 'ip-10-0-4-201.eu-west-1.compute.internal';
const NOW = Date.parse('2026-01-01T12:00:00Z');
const FILE_SHA = sha('nested');

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'cni-health.io/v1alpha1', kind: 'CNIRepairRequest', node: NODE, action: 'remove-generated-config',
    file: '00-multus.conf', expectedSha256: FILE_SHA, requestedBy: 'alice', requestedAt: '2026-01-01T11:58:00Z', reason: 'nested', ...overrides,
  };
}

function ctx(req: unknown, extra: Partial<RepairContext> = {}): RepairContext {
  return {
    data: { [REPAIR_REQUEST_KEY]: JSON.stringify(req) }, annotatedNode: NODE, agentNode: NODE, now: NOW,
    currentSha256: (f) => (f === '00-multus.conf' ? FILE_SHA : undefined), primaryPresent: true, ...extra,
  };
}

describe('repair protocol', () => {
  it('names requests within DNS-1123 limits and labels them by node hash', () => {
    expect(repairRequestName(NODE, 'x7k2p')).toBe('cni-repair-ip-10-0-4-201-x7k2p');
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}`;
    expect(repairRequestName(long, 'abc').length).toBeLessThanOrEqual(253);
    expect(() => repairRequestName(NODE, 'UPPER')).toThrow();
    const cm = repairRequestConfigMap(request() as never, { suffix: 'x7k2p', sha256Hex: sha });
    expect(cm.metadata.labels[REPAIR_NODE_HASH_LABEL]).toBe(sha(NODE).slice(0, 16));
    expect(repairNodeHash(NODE, sha)).toHaveLength(16);
    expect(cm.metadata.annotations['cni-health.io/node']).toBe(NODE);
    expect(JSON.parse(cm.data[REPAIR_REQUEST_KEY] ?? '')).toMatchObject({ node: NODE, file: '00-multus.conf' });
  });

  it('keeps backups in a dot-directory libcni does not read', () => {
    expect(repairBackupPath('/etc/cni/net.d/', '00-multus.conf', new Date(NOW))).toBe('/etc/cni/net.d/.cni-health-backup/00-multus.conf.20260101T120000Z');
  });

  it('removes only what was previewed, when the primary config is there', () => {
    expect(decideRepair(ctx(request()))).toMatchObject({ kind: 'remove', sha256: FILE_SHA });
    expect(decideRepair(ctx(request({ expectedSha256: sha('other') })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/changed since the preview/) });
    expect(decideRepair(ctx(request(), { primaryPresent: false }))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/no primary CNI config/) });
    expect(decideRepair(ctx(request(), { currentSha256: () => undefined }))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/does not exist/) });
  });

  it('rejects malformed, stale and misaddressed requests; ignores answered ones', () => {
    expect(decideRepair(ctx(request({ file: '10-aws.conflist' })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/^request.json is malformed: file/) });
    expect(decideRepair({ ...ctx(request()), data: { [REPAIR_REQUEST_KEY]: '{' } })).toMatchObject({ kind: 'reject' });
    expect(decideRepair(ctx(request({ requestedAt: '2026-01-01T11:40:00Z' })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/older than 600s/) });
    expect(decideRepair(ctx(request({ node: 'other' })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/for node other/) });
    expect(decideRepair(ctx(request(), { annotatedNode: 'other' }))).toMatchObject({ kind: 'ignore' });
    const answered = ctx(request());
    answered.data = { ...answered.data, [REPAIR_STATUS_KEY]: '{}' };
    expect(decideRepair(answered)).toMatchObject({ kind: 'ignore' });
  });

  it('parses a status and says what is wrong with a bad one', () => {
    const ok = parseRepairStatus(JSON.stringify({ phase: 'Succeeded', message: 'moved', completedAt: '2026-01-01T12:00:01Z', agent: { node: NODE, version: '0.1.0' }, removed: { file: '00-multus.conf', sha256: FILE_SHA, backup: '/x' } }));
    expect(ok).toMatchObject({ ok: true, value: { phase: 'Succeeded' } });
    expect(parseRepairStatus(JSON.stringify({ phase: 'Done' }))).toMatchObject({ ok: false, error: expect.stringMatching(/^status.json is malformed: phase/) });
    expect(parseRepairStatus(undefined)).toEqual({ ok: false, error: 'missing status.json' });
  });
});

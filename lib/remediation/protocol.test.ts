import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unnestMultusConfig } from '@/lib/cni/unnest';
import {
  decideRepair, parseRepairStatus, repairBackupPath, repairNodeHash, repairRequestConfigMap, repairRequestName,
  olderAgentHint, REPAIR_NODE_HASH_LABEL, REPAIR_REQUEST_KEY, REPAIR_STATUS_KEY, unnestRequest, type RepairContext,
} from './protocol';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const NODE = 'ip-10-0-4-201.eu-west-1.compute.internal';
const NOW = Date.parse('2026-01-01T12:00:00Z');
const PRIMARY = { cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }] };
const wrap = (d: object): object => ({ cniVersion: '0.4.0', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [d] });
const HEALTHY = `${JSON.stringify(wrap(PRIMARY))}\n`;
const NESTED = `${JSON.stringify(wrap(wrap(PRIMARY)))}\n`;
const FILE_SHA = sha(NESTED);

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const r = unnestRequest({ node: NODE, content: NESTED, requestedBy: 'alice', requestedAt: '2026-01-01T11:58:00Z', reason: 'nested' }, sha);
  if (!r.ok) throw new Error(r.reason);
  return { ...r.request, ...overrides };
}

function ctx(req: unknown, extra: Partial<RepairContext> = {}, content = NESTED): RepairContext {
  return {
    data: { [REPAIR_REQUEST_KEY]: JSON.stringify(req) }, annotatedNode: NODE, agentNode: NODE, now: NOW, sha256Hex: sha,
    current: (f) => (f === '00-multus.conf' ? { sha256: sha(content), content } : undefined), primaryPresent: true, ...extra,
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

  it('un-nests only what was previewed, into what was previewed, when the primary config is there', () => {
    const result = unnestMultusConfig(NESTED);
    if (!result.ok) throw new Error(result.reason);
    expect(request()).toMatchObject({ apiVersion: 'cni-health.io/v1alpha2', action: 'unnest-generated-config', expectedSha256: FILE_SHA, expectedResultSha256: sha(result.content) });
    expect(decideRepair(ctx(request()))).toEqual({ kind: 'unnest', request: request(), sha256: FILE_SHA, result: { content: result.content, sha256: sha(result.content), depth: 2 } });
    expect(decideRepair(ctx(request({ expectedSha256: sha('other') })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/changed since the preview/) });
    expect(decideRepair(ctx(request({ expectedResultSha256: sha('chosen by the requester') })))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/is not the one previewed/) });
    expect(decideRepair(ctx(request(), { primaryPresent: false }))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/no primary CNI config/) });
    expect(decideRepair(ctx(request(), { current: () => undefined }))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/does not exist/) });
    // A file that is healthy already (or not Multus's shape) is never rewritten.
    expect(decideRepair(ctx(request({ expectedSha256: sha(HEALTHY) }), {}, HEALTHY))).toMatchObject({ kind: 'reject', message: expect.stringMatching(/cannot be un-nested: the file is not self-nested/) });
    expect(unnestRequest({ node: NODE, content: HEALTHY, requestedBy: 'a', requestedAt: '2026-01-01T11:58:00Z' }, sha)).toEqual({ ok: false, reason: expect.stringMatching(/not self-nested/) });
  });

  it('words an older agent\'s refusal of a newer request as what it is', () => {
    // Verbatim what the v1alpha1 agent (protocol.ts at cacaf8e) answers to a v1alpha2 request.
    const old = 'request.json is malformed: apiVersion: Invalid input: expected "cni-health.io/v1alpha1"';
    expect(olderAgentHint(old)).toMatch(/older repair protocol cni-health\.io\/v1alpha1 and did nothing; upgrade/);
    expect(olderAgentHint('request.json is malformed: file: Invalid option')).toBe('');
  });

  it('answers a v1alpha1 (move-aside) request Rejected with the reason, never with the old action', () => {
    const legacy = { apiVersion: 'cni-health.io/v1alpha1', kind: 'CNIRepairRequest', node: NODE, action: 'remove-generated-config', file: '00-multus.conf', expectedSha256: FILE_SHA, requestedBy: 'alice', requestedAt: '2026-01-01T11:58:00Z', reason: '' };
    expect(decideRepair(ctx(legacy))).toEqual({ kind: 'reject', message: expect.stringMatching(/^cni-health\.io\/v1alpha1 requests \(move the file aside, then restart Multus\) are no longer performed/) });
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
    const ok = parseRepairStatus(JSON.stringify({ phase: 'Succeeded', message: 'moved', completedAt: '2026-01-01T12:00:01Z', agent: { node: NODE, version: '0.1.0' }, replaced: { file: '00-multus.conf', sha256: FILE_SHA, resultSha256: FILE_SHA, backup: '/x' } }));
    expect(ok).toMatchObject({ ok: true, value: { phase: 'Succeeded' } });
    expect(parseRepairStatus(JSON.stringify({ phase: 'Done' }))).toMatchObject({ ok: false, error: expect.stringMatching(/^status.json is malformed: phase/) });
    expect(parseRepairStatus(undefined)).toEqual({ ok: false, error: 'missing status.json' });
  });
});

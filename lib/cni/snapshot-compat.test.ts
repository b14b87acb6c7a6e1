/** The token claims and redaction marks are additive to v1alpha1: old documents still parse, and a schema without them drops them. */
import { describe, expect, it } from 'vitest';
import { parseSnapshot, pathProbeSchema, snapshotFileSchema } from './snapshot';

const base = {
  apiVersion: 'cni-health.io/v1alpha1', kind: 'CNISnapshot', node: 'n1', collectedAt: '2026-11-26T12:00:00Z',
  agent: { name: 'cni-health-agent', version: '0.1.0' }, confDir: '/etc/cni/net.d', revision: 1, digest: 'a'.repeat(64),
};

describe('snapshot format v1alpha1: token claims and redaction', () => {
  it('reads documents from producers that know nothing of them', () => {
    const r = parseSnapshot(JSON.stringify({ ...base, files: [{ name: 'calico-kubeconfig', size: 10, content: 'x' }], probes: [{ path: '/etc/cni/net.d/multus.d/multus.kubeconfig', exists: true }] }));
    expect(r.ok && r.snapshot.probes[0]).toEqual({ path: '/etc/cni/net.d/multus.d/multus.kubeconfig', exists: true });
    expect(r.ok && r.snapshot.files[0]!.redacted).toBeUndefined();
  });

  it('keeps them when present, bounded, and rejects a token where claims belong', () => {
    const doc = { ...base, files: [{ name: 'calico-kubeconfig', size: 10, content: 'token: "REDACTED"', redacted: true }], probes: [{ path: '/k', exists: true, token: { exp: 1691733798, iat: 1691730198, aud: Array.from({ length: 9 }, () => 'a'.repeat(900)) } }] };
    const r = parseSnapshot(JSON.stringify(doc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.files[0]!.redacted).toBe(true);
    expect(r.snapshot.probes[0]!.token).toEqual({ exp: 1691733798, iat: 1691730198, aud: Array.from({ length: 4 }, () => 'a'.repeat(256)) });
    expect(parseSnapshot(JSON.stringify({ ...doc, probes: [{ path: '/k', exists: true, token: 'eyJhbGciOi.eyJleHAiOjF9.sig' }] })).ok).toBe(false);
  });

  it('an older consumer\'s schema (without the new fields) drops them rather than failing', () => {
    const oldProbe = pathProbeSchema.omit({ token: true });
    const oldFile = snapshotFileSchema.omit({ redacted: true });
    expect(oldProbe.parse({ path: '/k', exists: true, token: { exp: 1 } })).toEqual({ path: '/k', exists: true });
    expect(oldFile.parse({ name: 'f', size: 1, content: 'x', redacted: true })).toEqual({ name: 'f', size: 1, content: 'x', truncated: false });
  });
});

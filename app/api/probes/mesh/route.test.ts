/**
 * The route's own gate: the shared access decision first, and nothing read
 * from the cache when it refuses (the real identities are in e2e/no-rbac).
 */
import { describe, expect, it, vi } from 'vitest';
import type { ClusterCache } from '@/lib/k8s/cache';

const state = vi.hoisted(() => ({ allow: false, read: 0 }));
vi.mock('@/lib/views/access', () => ({
  access: vi.fn(async () => (state.allow
    ? { ok: true, cache: { marker: 'cache' } as unknown as ClusterCache, user: {} }
    : { ok: false, response: Response.json({ error: 'viewer may not list nodes', code: 'forbidden' }, { status: 403 }) })),
}));
vi.mock('@/lib/views/probe-mesh', () => ({
  probeMeshView: vi.fn(() => {
    state.read++;
    return { configured: true, members: [{ name: 'node-a' }], cells: [] };
  }),
}));

vi.mock('@/lib/views/grid', () => ({ getGridStore: () => ({ fleet: { probes: { proberPodList: () => [] } } }) }));

const { GET } = await import('./route');

describe('GET /api/probes/mesh', () => {
  it('refuses an identity the access decision refuses, without reading the mesh', async () => {
    state.allow = false;
    const res = await GET(new Request('http://localhost/api/probes/mesh'));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('node-a');
    expect(state.read).toBe(0);
  });

  it('answers the view, uncached, once allowed', async () => {
    state.allow = true;
    const res = await GET(new Request('http://localhost/api/probes/mesh'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ members: [{ name: 'node-a' }] });
    expect(state.read).toBe(1);
  });
});

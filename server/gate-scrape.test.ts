import { describe, expect, it } from 'vitest';
import type { AuthMode } from '@/lib/auth/mode';
import { gate, type GateInput } from './gate';

const TOKEN: AuthMode = { name: 'token', origins: ['https://cni-health.example.com'] };
const PROXY: AuthMode = { name: 'proxy', origins: ['https://cni-health.example.com'], proxy: { trusted: [], userHeader: 'x-remote-user', groupHeader: 'x-remote-group' } };
// Prometheus scrapes the pod by its IP: the Host is that address, not a configured origin.
const scrape = (over: Partial<GateInput> = {}): GateInput => ({ path: '/api/metrics', url: '/api/metrics', host: '10.1.2.3:3000', hasSession: false, proxyUser: undefined, bearer: true, ...over });

describe('the gate and scrapers', () => {
  it.each([['token', TOKEN], ['proxy', PROXY]] as const)('%s mode: a bearer request for /api/metrics reaches the route, which reviews the token', (_n, mode) => {
    expect(gate(mode, scrape())).toEqual({ kind: 'pass' });
  });

  it('lets no other path through on a bearer header, and no metrics request without one', () => {
    expect(gate(TOKEN, scrape({ path: '/api/grid', url: '/api/grid' }))).toMatchObject({ kind: 'deny', status: 421 });
    expect(gate(TOKEN, scrape({ path: '/api/grid', url: '/api/grid', host: 'cni-health.example.com' }))).toMatchObject({ kind: 'deny', status: 401 });
    expect(gate(TOKEN, scrape({ bearer: false, host: 'cni-health.example.com' }))).toMatchObject({ kind: 'deny', status: 401 });
    expect(gate(PROXY, scrape({ bearer: false, host: 'cni-health.example.com' }))).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('keeps the loopback rule of demo and local mode, token or not', () => {
    expect(gate({ name: 'local' }, scrape())).toMatchObject({ kind: 'deny', status: 403 });
    expect(gate({ name: 'demo' }, scrape({ host: 'localhost:3000' }))).toEqual({ kind: 'pass' });
  });
});

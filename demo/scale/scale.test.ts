import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store';
import type { ConfigMapObject } from '../types';
import { startDemoCluster } from '../cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBrokenIndex, scaleNodePlans } from './fleet';
import { parseScaleOptions } from './options';

describe('scale mode', () => {
  it('plans unique EKS-style nodes, about 2% broken', () => {
    const plans = scaleNodePlans(4988, 12, 0.02);
    expect(new Set(plans.map((p) => p.name)).size).toBe(4988);
    const broken = plans.filter((p) => p.initial === 'nested-delegates').length;
    expect(broken / plans.length).toBeGreaterThan(0.015);
    expect(broken / plans.length).toBeLessThan(0.025);
    expect(isBrokenIndex(0, 0)).toBe(false);
  });

  it('reads the CLI flags, and none means the plain demo', () => {
    expect(parseScaleOptions({})).toBeUndefined();
    expect(parseScaleOptions({ nodes: '500', pods: '15000', events: '30000' })).toMatchObject({ nodes: 500, pods: 15000, events: 30000, eventRate: 0 });
    expect(() => parseScaleOptions({ nodes: 'many' })).toThrow(/--nodes/);
  });

  it('keeps sorted keys right across creates and deletes between reads', () => {
    const s = new ObjectStore({ initialRv: 0, historyLimit: 10 });
    const cm = (name: string): ConfigMapObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', uid: name, resourceVersion: '', creationTimestamp: '2025-01-01T00:00:00Z' }, data: {} });
    for (const n of ['c', 'a']) s.create('configmaps', cm(n));
    expect(s.list('configmaps').map((o) => o.metadata.name)).toEqual(['a', 'c']);
    s.create('configmaps', cm('b'));
    s.delete('configmaps', 'ns/a');
    s.create('configmaps', cm('a'));
    s.create('configmaps', cm('d'));
    s.delete('configmaps', 'ns/d');
    expect(s.list('configmaps').map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    s.expireAll();
    expect(s.changesSince('configmaps', s.currentRv() - 1)).toBeUndefined();
  });

  it('serves a small scaled cluster: every pod in one streamed list, pages that add up to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scale-test-'));
    const c = await startDemoCluster({ stateDir: dir, scale: { nodes: 40, pods: 600, events: 900, eventRate: 0, brokenRatio: 0.05 } });
    try {
      const headers = { authorization: `Bearer ${c.token}` };
      const all = (await (await fetch(`${c.url}/api/v1/pods`, { headers })).json()) as { items: unknown[] };
      expect(all.items.length).toBeGreaterThanOrEqual(590);
      let seen = 0;
      let cont = '';
      do {
        const page = (await (await fetch(`${c.url}/api/v1/pods?limit=100${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`, { headers })).json()) as { items: unknown[]; metadata: { continue?: string } };
        seen += page.items.length;
        cont = page.metadata.continue ?? '';
      } while (cont);
      expect(seen).toBe(all.items.length);
      const nodes = (await (await fetch(`${c.url}/api/v1/nodes`, { headers })).json()) as { items: unknown[] };
      expect(nodes.items).toHaveLength(40);
      const events = (await (await fetch(`${c.url}/api/v1/events?limit=1`, { headers })).json()) as { metadata: { remainingItemCount?: number } };
      expect((events.metadata.remainingItemCount ?? 0) + 1).toBeGreaterThanOrEqual(900);
    } finally {
      await c.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

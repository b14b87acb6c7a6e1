/**
 * A demo cluster in a temp state dir and the dashboard's cache against it
 * over real HTTP through client-node, synced: the setup of tests that need
 * the whole read path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { expect, vi } from 'vitest';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '@/demo/cluster';
import { createClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import type { InformerTuning } from '@/lib/k8s/informers';

export interface DemoCache { demo: DemoCluster; cache: ClusterCache; stop(): Promise<void> }

export async function startDemoCache(demoOpts: DemoClusterOptions = {}, tuning: Partial<InformerTuning> = {}): Promise<DemoCache> {
  const demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-test-')), ...demoOpts });
  const kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
  const cache = createClusterCache(kc, { name: 'test', server: demo.url, demo: true }, { namespace: 'cni-health', backoff: { initialMs: 20, maxMs: 200 }, ...tuning });
  await vi.waitFor(() => expect(cache.sync().every((s) => s.synced)).toBe(true), { timeout: 10_000, interval: 20 });
  return {
    demo,
    cache,
    stop: async () => {
      await cache.stop();
      await demo.dispose();
    },
  };
}

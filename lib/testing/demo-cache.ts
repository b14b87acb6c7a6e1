/**
 * A demo cluster in a temp state dir and the dashboard's cache against it
 * over real HTTP through client-node, synced: the setup of tests that need
 * the whole read path. The cache reads as the dashboard's least-privilege
 * service account, as `npm run demo` and an install do. No RBAC warm-up at
 * the first start unless a test asks (`rbacWarmupMs`): tests that restart
 * the cluster set it.
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
  const demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-test-')), rbacWarmupMs: 0, ...demoOpts });
  const kc = new KubeConfig();
  kc.loadFromFile(demo.demoModeKubeconfigPath);
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

/**
 * Next.js calls register() once per server process before serving: the
 * place to start the informers, so the cache is warm before the first page
 * and no request ever triggers a list; and to hand the server its fast
 * routes (lib/server/fast-routes.ts); and to decide where sessions,
 * operations and pending audit records live (lib/state/dashboard-state.ts)
 * before the first request needs them, and start the work one replica does
 * for all (lib/remediation/worker.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getClusterCache } = await import('./lib/k8s/cache');
  const handle = getClusterCache();
  if (!handle.ok) console.warn(`[cni-health] ${handle.reason}`);
  if (handle.ok) {
    const [{ startDashboardState }, { startWorker }] = await Promise.all([import('./lib/state/dashboard-state'), import('./lib/remediation/worker')]);
    const { cache } = handle;
    const namespace = process.env.CNI_HEALTH_NAMESPACE || 'cni-health';
    const state = await startDashboardState(cache.kubeConfig, namespace, cache.source === 'in-cluster service account');
    console.log(`[cni-health] state: ${state.storage === 'cluster' ? `in the cluster (Secrets and the Lease ${namespace}/cni-health-dashboard), replica ${state.identity}` : `in this process only: ${state.reason}`}`);
    const worker = startWorker(cache, state);
    // Hand the Lease over at once on a clean stop, rather than after it runs out.
    process.once('SIGTERM', () => void worker.stop());
  }
  const [{ installFastRoute }, { gridAnswer }, { diffAnswer }] = await Promise.all([
    import('./lib/server/fast-routes'),
    import('./lib/views/grid-response'),
    import('./lib/views/diff-response'),
  ]);
  installFastRoute('/api/grid', gridAnswer);
  installFastRoute('/api/diff', diffAnswer);
}

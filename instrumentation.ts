/**
 * Next.js calls register() once per server process before serving: the
 * place to start the informers, so the cache is warm before the first page
 * and no request ever triggers a list; and to hand the server its fast
 * routes (lib/server/fast-routes.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getClusterCache } = await import('./lib/k8s/cache');
  const handle = getClusterCache();
  if (!handle.ok) console.warn(`[cni-health] ${handle.reason}`);
  const [{ installFastRoute }, { gridAnswer }, { diffAnswer }] = await Promise.all([
    import('./lib/server/fast-routes'),
    import('./lib/views/grid-response'),
    import('./lib/views/diff-response'),
  ]);
  installFastRoute('/api/grid', gridAnswer);
  installFastRoute('/api/diff', diffAnswer);
}

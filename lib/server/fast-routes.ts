/**
 * Routes the dashboard's own server may answer before Next's router: hot,
 * read-only GETs whose answer is precomputed, where Next's per-request work
 * (about a millisecond here) would be most of the cost. The handlers are the
 * very functions the route handlers call, installed by instrumentation.ts
 * from inside Next's bundle and found here through globalThis, so both
 * paths run the same checks and give the same answer.
 */
export interface FastRouteHeaders { get(name: string): string | null }
export type FastRoute = (headers: FastRouteHeaders, url: URL) => Promise<Response>;

const KEY = Symbol.for('cni-health.fast-routes');
type Global = typeof globalThis & { [KEY]?: Map<string, FastRoute> };

export function installFastRoute(path: string, route: FastRoute): void {
  const g = globalThis as Global;
  (g[KEY] ??= new Map()).set(path, route);
}

export function fastRoute(path: string): FastRoute | undefined {
  return (globalThis as Global)[KEY]?.get(path);
}

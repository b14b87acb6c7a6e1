/**
 * Routes the dashboard's own server may answer before Next's router: hot,
 * read-only GETs whose answer is precomputed, where Next's per-request work
 * (about a millisecond here) would be most of the cost. The handlers are the
 * very functions the route handlers call, installed by instrumentation.ts
 * from inside Next's bundle and found here through globalThis, so both
 * paths run the same checks and give the same answer.
 */
export interface FastRouteHeaders { get(name: string): string | null }
/**
 * A route's answer as bytes the route already holds: no Web Response in
 * between, whose body would be encoded and copied on every request (for the
 * 5,000-node grid that was most of the route's cost).
 */
export interface FastAnswer { status: number; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> }
export type FastRoute = (headers: FastRouteHeaders, url: URL) => Promise<FastAnswer>;

/** The same answer as a Web Response, for the route handler. */
export function toResponse(a: FastAnswer): Response {
  return new Response(a.body ?? null, { status: a.status, headers: a.headers });
}

/** A Response (an error, say) as an answer: its body read once. */
export async function fromResponse(r: Response): Promise<FastAnswer> {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: r.status, headers, body: r.body ? new Uint8Array(await r.arrayBuffer()) : undefined };
}

const KEY = Symbol.for('cni-health.fast-routes');
type Global = typeof globalThis & { [KEY]?: Map<string, FastRoute> };

export function installFastRoute(path: string, route: FastRoute): void {
  const g = globalThis as Global;
  (g[KEY] ??= new Map()).set(path, route);
}

export function fastRoute(path: string): FastRoute | undefined {
  return (globalThis as Global)[KEY]?.get(path);
}

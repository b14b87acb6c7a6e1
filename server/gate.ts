/**
 * Who may reach what, before Next renders anything. In token mode every
 * page and API needs a session (pages go to /signin, APIs answer 401); in
 * proxy mode every request needs a user named by the trusted proxy. In demo
 * and local mode the Host must be loopback, so a DNS-rebinding page cannot
 * talk to the dashboard under a name of its own; in token and proxy mode it
 * must name one of the configured origins (CNI_HEALTH_HOSTS), checked before
 * anything else (421 Misdirected Request, RFC 9110 §15.5.20).
 */
import { hostAllowed, isLoopbackHost, type AuthMode } from '@/lib/auth/mode';
import { hostnameOf } from './headers';

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string }
  | { kind: 'deny'; status: 401 | 403 | 421; code: 'unauthenticated' | 'forbidden' | 'misdirected'; message: string };

export interface GateInput {
  path: string;
  /** Path and query, as the browser asked. */
  url: string;
  host: string | undefined;
  /** X-Forwarded-Host, present only when a trusted proxy sent it (server/headers.ts). */
  forwardedHost?: string;
  hasSession: boolean;
  proxyUser: string | undefined;
  /** The request carries `Authorization: Bearer`: on the metrics path, a scraper the route itself reviews. */
  bearer?: boolean;
}

const ALWAYS_PUBLIC = [/^\/_next\//, /^\/icon\.svg$/, /^\/favicon\.ico$/, /^\/api\/healthz$/];
const TOKEN_PUBLIC = [/^\/signin$/, /^\/api\/session(\/sign-out)?$/];

export const METRICS_PATH = '/api/metrics';

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

export function gate(mode: AuthMode, input: GateInput): GateDecision {
  if (mode.name === 'demo' || mode.name === 'local') {
    const host = hostnameOf(input.host);
    if (!host || !isLoopbackHost(host)) {
      return { kind: 'deny', status: 403, code: 'forbidden', message: `This dashboard has no sign-in and answers only to loopback names (localhost, 127.0.0.1); the request named "${input.host ?? ''}".` };
    }
    return { kind: 'pass' };
  }
  // The kubelet's httpGet probe names the pod IP as Host unless told
  // otherwise (core/v1 HTTPGetAction.host: "defaults to the pod IP"), and
  // healthz says nothing worth rebinding a name for.
  // A scraper reaches the pod by its IP, with a token of its own (not a cookie a
  // rebinding page could ride on); the route reviews it (lib/auth/scrape.ts).
  if (input.bearer && input.path === METRICS_PATH) return { kind: 'pass' };
  const named = (h: string | undefined): boolean => h === undefined || hostAllowed(h, mode.name === 'token' || mode.name === 'proxy' ? mode.origins : []);
  if ((mode.name === 'token' || mode.name === 'proxy') && input.path !== '/api/healthz' && (!input.host || !named(input.host) || !named(input.forwardedHost))) {
    return { kind: 'deny', status: 421, code: 'misdirected', message: 'This dashboard answers only to the names it is configured with (CNI_HEALTH_HOSTS).' };
  }
  if (ALWAYS_PUBLIC.some((r) => r.test(input.path))) return { kind: 'pass' };
  if (mode.name === 'token') {
    if (TOKEN_PUBLIC.some((r) => r.test(input.path)) || input.hasSession) return { kind: 'pass' };
    if (isApiPath(input.path)) return { kind: 'deny', status: 401, code: 'unauthenticated', message: 'sign in first: this dashboard acts with your own Kubernetes token' };
    return { kind: 'redirect', location: `/signin?next=${encodeURIComponent(input.url)}` };
  }
  if (mode.name === 'proxy' && !input.proxyUser) {
    return { kind: 'deny', status: 401, code: 'unauthenticated', message: 'No signed-in user: this dashboard expects its authenticating proxy to name you. Reach it through that proxy.' };
  }
  return { kind: 'pass' };
}

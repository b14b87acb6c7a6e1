/**
 * The sign-in mode the custom server chose at start (server/main.ts), for
 * the route handlers in the same process. Without the custom server (plain
 * `next dev`), the environment decides, and proxy mode believes nobody.
 */
import { parseOrigins, type AuthMode } from './mode';

const KEY = Symbol.for('cni-health.auth-mode');
type Global = typeof globalThis & { [KEY]?: AuthMode };

export function setAuthMode(mode: AuthMode | undefined): void {
  (globalThis as Global)[KEY] = mode;
}

/** undefined: no explicit mode; the cluster source decides between local and read-only. */
export function currentAuthMode(env: Record<string, string | undefined> = process.env): AuthMode | undefined {
  const set = (globalThis as Global)[KEY];
  if (set) return set;
  if (env.CNI_HEALTH_MODE === 'demo') return { name: 'demo' };
  const hosts = parseOrigins(env.CNI_HEALTH_HOSTS);
  const origins = hosts.ok ? hosts.origins : [];
  if (env.CNI_HEALTH_AUTH === 'token') return { name: 'token', origins };
  if (env.CNI_HEALTH_AUTH === 'proxy') return { name: 'proxy', proxy: { trusted: [], userHeader: 'X-Remote-User', groupHeader: 'X-Remote-Group' }, origins };
  return undefined;
}

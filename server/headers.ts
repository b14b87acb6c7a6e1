/**
 * What a request may claim about who sent it. Identity headers
 * (X-Remote-User / X-Remote-Group, kube-apiserver's requestheader names by
 * default) and X-Forwarded-* are believed only from the configured proxy
 * peers; from anyone else they are removed before Next sees the request.
 * The believed identity is handed on in internal headers stamped with the
 * process's mark (lib/auth/server-mark.ts), which are always stripped first.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { addressInCidrs, type AuthMode } from '@/lib/auth/mode';
import { MARK_HEADER, PROXY_GROUPS_HEADER, PROXY_USER_HEADER } from '@/lib/auth/server-mark';

export interface Claimed { headers: IncomingHttpHeaders; trustedPeer: boolean; user?: string }

/** Usernames and groups as a proxy names them: printable, bounded; anything else is not an identity. */
const NAME = /^[^\u0000-\u001f\u007f]{1,256}$/;
const MAX_GROUPS = 100;

export function filterClaims(
  headers: IncomingHttpHeaders,
  distinct: Record<string, string[] | undefined>,
  peer: string | undefined,
  mode: AuthMode,
  mark: string,
): Claimed {
  const out: IncomingHttpHeaders = { ...headers };
  for (const h of [MARK_HEADER, PROXY_USER_HEADER, PROXY_GROUPS_HEADER]) delete out[h];
  const proxy = mode.name === 'proxy' ? mode.proxy : undefined;
  const userHeader = (proxy?.userHeader ?? 'X-Remote-User').toLowerCase();
  const groupHeader = (proxy?.groupHeader ?? 'X-Remote-Group').toLowerCase();
  delete out[userHeader];
  delete out[groupHeader];
  const trustedPeer = proxy !== undefined && addressInCidrs(peer, proxy.trusted);
  if (!trustedPeer) {
    for (const name of Object.keys(out)) if (name.startsWith('x-forwarded-') || name === 'forwarded') delete out[name];
    return { headers: out, trustedPeer };
  }
  out[MARK_HEADER] = mark;
  const users = distinct[userHeader] ?? [];
  const user = users.length === 1 ? users[0]!.trim() : undefined;
  if (user && NAME.test(user)) {
    const groups = (distinct[groupHeader] ?? []).map((g) => g.trim()).filter((g) => NAME.test(g)).slice(0, MAX_GROUPS);
    // URI-encoded: names may be any Unicode, header values may not.
    out[PROXY_USER_HEADER] = encodeURIComponent(user);
    out[PROXY_GROUPS_HEADER] = encodeURIComponent(JSON.stringify(groups));
    return { headers: out, trustedPeer, user };
  }
  return { headers: out, trustedPeer };
}

/** The hostname of a Host header value (`localhost:3000`, `[::1]:3000`). */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(host) ?? /^([^:]+)(?::\d+)?$/.exec(host);
  return m?.[1];
}

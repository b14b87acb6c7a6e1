import 'server-only';
import type { AccessCheck } from '@/lib/model/calls';
import { canI } from './actions';
import type { UserContext } from './user';

/*
 * The cache is filled with the dashboard's own credentials, so in token and
 * proxy mode what a person may see is checked against their own RBAC: one
 * SelfSubjectAccessReview per resource the views are built from, asked as
 * them, remembered for READ_ACCESS_TTL_MS. Missing any of them refuses every view
 * (403 naming what is missing) rather than showing a partial fleet that
 * looks complete: a grid without pods or events would call broken nodes healthy.
 */

/**
 * How long a granted read is remembered: the same 10 s for which
 * kube-apiserver itself caches a successful token authentication
 * (TokenSuccessCacheTTL, pkg/kubeapiserver/options/authentication.go), so a
 * revoked token or a removed binding stops reading here about as soon as it
 * stops working against the API server, for five reviews per person per 10 s.
 */
export const READ_ACCESS_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;

export type ReadAccess = { ok: true } | { ok: false; status: 401 | 403 | 503; error: string };

interface Entry { at: number; answer: Promise<ReadAccess> }
const KEY = Symbol.for('cni-health.read-access');
type Global = typeof globalThis & { [KEY]?: Map<string, Entry> };

export function readChecks(namespace: string): AccessCheck[] {
  return [
    { verb: 'list', group: '', resource: 'nodes' },
    { verb: 'list', group: '', resource: 'pods' },
    { verb: 'list', group: '', resource: 'events' },
    { verb: 'list', group: 'apps', resource: 'daemonsets' },
    { verb: 'list', group: '', resource: 'configmaps', namespace },
  ];
}

const describe = (c: AccessCheck): string => `${c.verb} ${c.group ? `${c.resource}.${c.group}` : c.resource}${c.namespace ? ` in ${c.namespace}` : ''}`;

async function ask(user: UserContext, namespace: string): Promise<ReadAccess> {
  const answers = await Promise.all(readChecks(namespace).map(async (c) => ({ c, ...(await canI(user.kubeConfig, c)) })));
  const unauthorized = answers.find((a) => a.code === 401);
  if (unauthorized) return { ok: false, status: 401, error: 'your token was refused by the API server (expired or revoked): sign in again' };
  const failed = answers.find((a) => a.error);
  if (failed) return { ok: false, status: 503, error: `could not check your permissions: ${failed.error}` };
  const missing = answers.filter((a) => !a.allowed).map((a) => describe(a.c));
  if (missing.length > 0) return { ok: false, status: 403, error: `${user.identity.user} may not ${missing.join(', ')}; the dashboard shows the cluster only to people whose RBAC lets them read what it is built from` };
  return { ok: true };
}

export function readAccess(user: UserContext, namespace: string, now = Date.now()): Promise<ReadAccess> {
  if (!user.readGated) return Promise.resolve({ ok: true });
  const g = globalThis as Global;
  const cache = (g[KEY] ??= new Map());
  const hit = cache.get(user.readGated.key);
  if (hit && now - hit.at < READ_ACCESS_TTL_MS) return hit.answer;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const answer = ask(user, namespace);
  cache.set(user.readGated.key, { at: now, answer });
  // A failed check is not remembered: the next request asks again.
  void answer.then((a) => {
    if (!a.ok && a.status !== 403) cache.delete(user.readGated!.key);
  });
  return answer;
}

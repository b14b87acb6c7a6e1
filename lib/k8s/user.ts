import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import type { IdentityView } from '@/lib/model/identity';
import { currentAuthMode } from '@/lib/auth/current';
import type { AuthModeName } from '@/lib/auth/mode';
import { hasServerMark, PROXY_GROUPS_HEADER, PROXY_USER_HEADER } from '@/lib/auth/server-mark';
import { getSessionStore, sessionIdFromCookieHeader, type Session } from '@/lib/auth/sessions';
import type { ClusterCache } from './cache';
import { kubeConfigForToken, kubeConfigImpersonating } from './user-client';

/** Cookie that picks the demo identity; meaningless outside the demo. */
export const DEMO_USER_COOKIE = 'cni-health-demo-user';
const DEMO_CONTEXTS: Record<string, string> = { admin: 'cni-health-demo', viewer: 'cni-health-demo-viewer' };

export interface UserContext {
  /** Credentials of the person acting: every mutation and permission check runs with these. */
  kubeConfig: KubeConfig;
  identity: IdentityView;
  mayMutate: boolean;
  disabledReason?: string;
  /**
   * Token and proxy mode: what this person may read is their RBAC's call,
   * not the dashboard's (lib/k8s/read-access.ts); `key` names them for its cache.
   */
  readGated?: { key: string };
  /** Token mode: the session this request came with (lib/remediation/actor.ts records its object name, never the id). */
  sessionId?: string;
}

export type UserResult = { ok: true; user: UserContext } | { ok: false; error: string };

/** Just the request headers a user is resolved from (a Request's, or next/headers'). */
export interface HeaderSource { get(name: string): string | null }

const configs = new Map<string, KubeConfig>();
const tokenConfigs = new WeakMap<Session, KubeConfig>();
const MAX_PROXY_USERS = 1_000;

function withContext(base: KubeConfig, context: string): KubeConfig {
  const key = `${base.getCurrentCluster()?.server}|${context}`;
  let kc = configs.get(key);
  if (!kc) {
    kc = new KubeConfig();
    kc.loadFromString(base.exportConfig());
    kc.setCurrentContext(context);
    configs.set(key, kc);
  }
  return kc;
}

function demoCookie(headers: HeaderSource): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === DEMO_USER_COOKIE) return v;
  }
  return undefined;
}

export function modeOf(cache: ClusterCache): AuthModeName {
  if (cache.cluster.demo) return 'demo';
  return currentAuthMode()?.name ?? (cache.source === 'in-cluster service account' ? 'read-only' : 'local');
}

function tokenUser(cache: ClusterCache, headers: HeaderSource): UserResult {
  const store = getSessionStore();
  const session = store.get(sessionIdFromCookieHeader(headers.get('cookie')), Date.now());
  if (!session) return { ok: false, error: 'sign in first: this dashboard acts with your own Kubernetes token' };
  let kc = tokenConfigs.get(session);
  if (!kc) {
    // A 401 for this token ends its sessions: never a fallback to other credentials.
    kc = kubeConfigForToken(cache.kubeConfig, session.token, () => store.endToken(session.token));
    tokenConfigs.set(session, kc);
  }
  return {
    ok: true,
    user: {
      kubeConfig: kc,
      identity: { user: session.user.username, groups: session.user.groups, source: 'token', mode: 'token', canSignOut: true },
      mayMutate: true,
      readGated: { key: `session:${session.id}` },
      sessionId: session.id,
    },
  };
}

function proxyUser(cache: ClusterCache, headers: HeaderSource): UserResult {
  const rawUser = headers.get(PROXY_USER_HEADER);
  if (!hasServerMark(headers as Headers) || !rawUser) return { ok: false, error: 'no signed-in user: reach this dashboard through its authenticating proxy' };
  let user: string;
  let groups: string[];
  try {
    user = decodeURIComponent(rawUser);
    const parsed: unknown = JSON.parse(decodeURIComponent(headers.get(PROXY_GROUPS_HEADER) ?? '%5B%5D'));
    groups = Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return { ok: false, error: 'the proxy named a user the dashboard cannot read' };
  }
  const key = `proxy:${JSON.stringify([user, groups])}`;
  let kc = configs.get(key);
  if (!kc) {
    if (configs.size >= MAX_PROXY_USERS) configs.clear();
    kc = kubeConfigImpersonating(cache.kubeConfig, user, groups);
    configs.set(key, kc);
  }
  return { ok: true, user: { kubeConfig: kc, identity: { user, groups, source: 'proxy', mode: 'proxy' }, mayMutate: true, readGated: { key } } };
}

/**
 * Who acts, per mode (docs/security.md). Demo: the identity picked with the
 * cookie (admin or a read-only viewer). Local: the kubeconfig's user, the
 * person running the dashboard. Read-only: the service account, which never
 * acts. Token: the signed-in user's own token. Proxy: the user the trusted
 * proxy named, impersonated. Token and proxy without a user: not ok (401).
 */
export function requestUser(cache: ClusterCache, headers: HeaderSource, env: NodeJS.ProcessEnv = process.env): UserResult {
  const mode = modeOf(cache);
  if (mode === 'demo') {
    const cookieUser = demoCookie(headers);
    const user = cookieUser && Object.hasOwn(DEMO_CONTEXTS, cookieUser) ? cookieUser : 'admin';
    const context = DEMO_CONTEXTS[user]!;
    const hasContext = cache.kubeConfig.getContexts().some((c) => c.name === context);
    return {
      ok: true,
      user: {
        kubeConfig: hasContext ? withContext(cache.kubeConfig, context) : cache.kubeConfig,
        identity: { user, source: 'demo', mode: 'demo', choices: Object.keys(DEMO_CONTEXTS) },
        mayMutate: true,
      },
    };
  }
  if (mode === 'token') return tokenUser(cache, headers);
  if (mode === 'proxy') return proxyUser(cache, headers);
  if (mode === 'read-only') {
    return {
      ok: true,
      user: {
        kubeConfig: cache.kubeConfig,
        identity: { user: 'the dashboard\'s service account', source: 'in-cluster', mode: 'read-only' },
        mayMutate: false,
        disabledReason: 'Remediation is off: in a cluster, actions run as a signed-in user (CNI_HEALTH_AUTH=token or proxy), and the service account only reads.',
      },
    };
  }
  const name = cache.kubeConfig.getCurrentUser()?.name ?? 'kubeconfig user';
  const enabled = env.CNI_HEALTH_REMEDIATION === 'enabled';
  return {
    ok: true,
    user: {
      kubeConfig: cache.kubeConfig,
      identity: { user: name, source: 'kubeconfig', mode: 'local' },
      mayMutate: enabled,
      disabledReason: enabled ? undefined : 'Remediation is read-only by default. Set CNI_HEALTH_REMEDIATION=enabled to let the dashboard act with your kubeconfig credentials.',
    },
  };
}

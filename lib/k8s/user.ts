import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import type { IdentityView } from '@/lib/api/remediation';
import type { ClusterCache } from './cache';

/** Cookie that picks the demo identity; meaningless outside the demo. */
export const DEMO_USER_COOKIE = 'cni-health-demo-user';
const DEMO_CONTEXTS: Record<string, string> = { admin: 'cni-health-demo', viewer: 'cni-health-demo-viewer' };

export interface UserContext {
  /** Credentials of the person acting: every mutation and permission check runs with these. */
  kubeConfig: KubeConfig;
  identity: IdentityView;
  mayMutate: boolean;
  disabledReason?: string;
}

const configs = new Map<string, KubeConfig>();

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

/**
 * Who acts. In the demo, the identity picked with the cookie (admin or a
 * read-only viewer). With a local kubeconfig, its current user: the person
 * running the dashboard. In a cluster, the service account only reads; user
 * sign-in (token or authenticating proxy) is what lets people act there.
 */
export function userContext(cache: ClusterCache, cookieUser: string | undefined, env: NodeJS.ProcessEnv = process.env): UserContext {
  if (cache.cluster.demo) {
    const user = cookieUser && Object.hasOwn(DEMO_CONTEXTS, cookieUser) ? cookieUser : 'admin';
    const context = DEMO_CONTEXTS[user]!;
    const hasContext = cache.kubeConfig.getContexts().some((c) => c.name === context);
    return {
      kubeConfig: hasContext ? withContext(cache.kubeConfig, context) : cache.kubeConfig,
      identity: { user, source: 'demo', choices: Object.keys(DEMO_CONTEXTS) },
      mayMutate: true,
    };
  }
  if (cache.source === 'in-cluster service account') {
    return {
      kubeConfig: cache.kubeConfig,
      identity: { user: 'the dashboard\'s service account', source: 'in-cluster' },
      mayMutate: false,
      disabledReason: 'Remediation is off: in a cluster, actions run as the signed-in user, and the service account only reads.',
    };
  }
  const user = cache.kubeConfig.getCurrentUser()?.name ?? 'kubeconfig user';
  const enabled = env.CNI_HEALTH_REMEDIATION === 'enabled';
  return {
    kubeConfig: cache.kubeConfig,
    identity: { user, source: 'kubeconfig' },
    mayMutate: enabled,
    disabledReason: enabled ? undefined : 'Remediation is read-only by default. Set CNI_HEALTH_REMEDIATION=enabled to let the dashboard act with your kubeconfig credentials.',
  };
}

/**
 * RBAC for non-resource URLs (/healthz, /version, /metrics ...), as the RBAC
 * authorizer matches them (pkg/apis/rbac/v1/evaluation_helpers.go
 * `NonResourceURLMatches`: equal, or a rule ending in `*` is a prefix; `*`
 * alone matches every path), with the cluster's bootstrap bindings
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go):
 * system:discovery grants `get` on /api, /api/*, /apis, /apis/* ... to every
 * authenticated user, system:public-info-viewer the health and version
 * paths to everyone. Note what that means for a component's own metrics:
 * a SubjectAccessReview for the path `/api/metrics` is allowed for anyone
 * authenticated, so the dashboard asks about `/metrics`, as
 * controller-runtime's metrics filter and kube-rbac-proxy do.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
 */
import type { Decision, UserInfo } from './auth';

export interface NonResourceRule {
  /** The grant, as the authorizer's reason names it. */
  source: string;
  urls: readonly string[];
  verbs: readonly string[];
  users?: readonly string[];
  groups?: readonly string[];
}

/** Prometheus's service account as kube-prometheus names it; deploy/components/prometheus binds it. */
export const SCRAPER_USER = 'system:serviceaccount:monitoring:prometheus-k8s';

const HEALTH = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

export const NON_RESOURCE_RULES: readonly NonResourceRule[] = [
  { source: 'ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"', urls: [...HEALTH, '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'], verbs: ['get'], groups: ['system:authenticated'] },
  { source: 'ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"', urls: HEALTH, verbs: ['get'], groups: ['system:authenticated', 'system:unauthenticated'] },
  // deploy/components/prometheus/metrics-rbac.yaml, the grant a scraper needs.
  { source: 'ClusterRoleBinding "cni-health-metrics-reader" of ClusterRole "cni-health-metrics-reader" to ServiceAccount "prometheus-k8s/monitoring"', urls: ['/metrics'], verbs: ['get'], users: [SCRAPER_USER] },
  // The demo's admins are bound to cluster-admin, whose non-resource rule is `*`.
  { source: 'ClusterRoleBinding "cni-health-demo-remediators" of ClusterRole "cluster-admin" to Group "cni-health:remediators"', urls: ['*'], verbs: ['*'], users: ['admin'], groups: ['system:masters', 'cni-health:remediators'] },
];

export function urlMatches(ruleUrl: string, path: string): boolean {
  if (ruleUrl === '*' || ruleUrl === path) return true;
  return ruleUrl.endsWith('*') && path.startsWith(ruleUrl.slice(0, -1));
}

const matchesSubject = (r: NonResourceRule, u: Pick<UserInfo, 'username' | 'groups'>): boolean =>
  (r.users ?? []).includes(u.username) || (r.groups ?? []).some((g) => u.groups.includes(g));

/** The first rule that allows `verb` on `path` for this user, as the authorizer's visitor stops at the first. */
export function authorizeNonResource(u: Pick<UserInfo, 'username' | 'groups'>, verb: string, path: string): Decision {
  const rule = NON_RESOURCE_RULES.find((r) => matchesSubject(r, u) && (r.verbs.includes('*') || r.verbs.includes(verb)) && r.urls.some((url) => urlMatches(url, path)));
  return rule ? { allowed: true, reason: `RBAC: allowed by ${rule.source}` } : { allowed: false };
}

/**
 * The dashboard's service account as deploy/ installs it: least privilege,
 * matched rule by rule the way the RBAC authorizer matches them
 * (plugin/pkg/auth/authorizer/rbac/rbac.go `RuleAllows`, pkg/apis/rbac/v1/
 * evaluation_helpers.go: verb, API group, `resource/subresource`; a Role
 * only inside its own namespace). demo/rbac.test.ts checks these rules equal
 * deploy/base/dashboard-rbac.yaml, plus the impersonation binding
 * docs/security.md adds for proxy mode.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export interface RbacRule {
  /** Where the grant comes from, as the authorizer's reason names it (`RBAC: allowed by ...`). */
  source: string;
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
  /** A Role's namespace; undefined for a ClusterRole bound cluster-wide. */
  namespace?: string;
  /** Only these objects (rbac.go ResourceNameMatches): a request without a name (create, list) never matches. */
  resourceNames?: readonly string[];
}

export interface RuleRequest {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const SA = 'ServiceAccount "cni-health-dashboard/cni-health"';
const READ = ['get', 'list', 'watch'] as const;

export const DASHBOARD_RULES: readonly RbacRule[] = [
  { source: `ClusterRoleBinding "cni-health-dashboard-read" of ClusterRole "cni-health-dashboard-read" to ${SA}`, apiGroups: [''], resources: ['nodes', 'pods', 'events'], verbs: READ },
  { source: `ClusterRoleBinding "cni-health-dashboard-read" of ClusterRole "cni-health-dashboard-read" to ${SA}`, apiGroups: ['apps'], resources: ['daemonsets'], verbs: READ },
  { source: `RoleBinding "cni-health-dashboard-read/cni-health" of Role "cni-health-dashboard-read" to ${SA}`, namespace: 'cni-health', apiGroups: [''], resources: ['configmaps'], verbs: READ },
  // Its one write: the audit Events, in its own namespace (docs/remediation.md).
  { source: `RoleBinding "cni-health-dashboard-audit/cni-health" of Role "cni-health-dashboard-audit" to ${SA}`, namespace: 'cni-health', apiGroups: [''], resources: ['events'], verbs: ['create'] },
  // Its state, shared by its replicas (docs/install.md, "Two replicas"): sessions, operations, previews, the session key.
  { source: `RoleBinding "cni-health-dashboard-state/cni-health" of Role "cni-health-dashboard-state" to ${SA}`, namespace: 'cni-health', apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
  // Its leader election: create cannot be limited by name (RBAC docs, "Referring to resources"), get and update can.
  { source: `RoleBinding "cni-health-dashboard-state/cni-health" of Role "cni-health-dashboard-state" to ${SA}`, namespace: 'cni-health', apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { source: `RoleBinding "cni-health-dashboard-state/cni-health" of Role "cni-health-dashboard-state" to ${SA}`, namespace: 'cni-health', apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['cni-health-dashboard'] },
  // deploy/components/prometheus only: system:auth-delegator, to check a scraper's token and its right to /metrics.
  { source: `ClusterRoleBinding "cni-health-dashboard-auth-delegator" of ClusterRole "system:auth-delegator" to ${SA}`, apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { source: `ClusterRoleBinding "cni-health-dashboard-auth-delegator" of ClusterRole "system:auth-delegator" to ${SA}`, apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  // Proxy mode only (docs/security.md, "What the service account may do").
  { source: `ClusterRoleBinding "cni-health-dashboard-impersonate" of ClusterRole "cni-health-impersonator" to ${SA}`, apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
];

const has = (list: readonly string[], v: string): boolean => list.includes('*') || list.includes(v);

/** RuleAllows, plus the binding's scope: a RoleBinding grants nothing at the cluster scope or in another namespace. */
export function ruleAllows(rule: RbacRule, r: RuleRequest): boolean {
  if (rule.namespace !== undefined && r.namespace !== rule.namespace) return false;
  const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const named = !rule.resourceNames?.length || (r.name !== undefined && r.name !== '' && rule.resourceNames.includes(r.name));
  return has(rule.verbs, r.verb) && has(rule.apiGroups, r.group) && has(rule.resources, resource) && named;
}

/** The first rule that allows `r`, as the authorizer's visitor stops at the first: its reason, or undefined (no opinion). */
export function allowedBy(rules: readonly RbacRule[], r: RuleRequest): string | undefined {
  const rule = rules.find((x) => ruleAllows(x, r));
  return rule ? `RBAC: allowed by ${rule.source}` : undefined;
}

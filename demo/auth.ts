/**
 * Who is calling, and what they may do: bearer tokens for `admin` (bound to
 * cluster-admin), `viewer` (read-only) and the dashboard's service account
 * (reads, and impersonates users for proxy mode), users reached by
 * impersonation (Impersonate-User / Impersonate-Group), and an RBAC model
 * small enough to read at a glance. Denials are 403 Status bodies worded as the API server's
 * authorization filter words them (responsewriters.forbiddenMessage).
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authorizeAgent } from './agent-identity';
import { uidFor } from './builders/meta';
import { authorizeProber } from './prober-identity';
import { SCRAPER_USER } from './non-resource';
import { allowedBy, DASHBOARD_RULES } from './rbac';
import { ApiError, qualified, status } from './status';

export type Role = 'admin' | 'viewer' | 'dashboard' | 'agent' | 'prober' | 'nobody';

/** `extra` as the authenticator sets it (a pod-bound token's pod and node: demo/agent-identity.ts). */
export interface UserInfo { username: string; uid: string; groups: string[]; extra?: Record<string, string[]> }

export interface Identity { role: Role; token: string; user: UserInfo }

export const DASHBOARD_USER = 'system:serviceaccount:cni-health:cni-health-dashboard';

export function adminIdentity(token: string): Identity {
  return { role: 'admin', token, user: { username: 'admin', uid: uidFor('user:admin'), groups: ['system:masters', 'system:authenticated'] } };
}

export function viewerIdentity(token: string): Identity {
  return { role: 'viewer', token, user: { username: 'viewer', uid: uidFor('user:viewer'), groups: ['cni-health:viewers', 'system:authenticated'] } };
}

/**
 * A workload's service account token: authenticated, with no RBAC beyond
 * what every authenticated identity gets (the self reviews of
 * system:basic-user), as a pod's default service account has.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
 */
export function workloadIdentity(token: string): Identity {
  const username = 'system:serviceaccount:payments:default';
  return { role: 'nobody', token, user: { username, uid: uidFor(`user:${username}`), groups: ['system:serviceaccounts', 'system:serviceaccounts:payments', 'system:authenticated'] } };
}

/** Prometheus's service account (demo/non-resource.ts binds it to `get /metrics`); no resource RBAC. */
export function scraperIdentity(token: string): Identity {
  return { role: 'nobody', token, user: { username: SCRAPER_USER, uid: uidFor(`user:${SCRAPER_USER}`), groups: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'] } };
}

export function identities(adminToken: string, viewerToken: string, dashboardToken?: string): Identity[] {
  return [
    adminIdentity(adminToken),
    viewerIdentity(viewerToken),
    ...(dashboardToken ? [{
      role: 'dashboard' as const,
      token: dashboardToken,
      user: { username: DASHBOARD_USER, uid: uidFor(`user:${DASHBOARD_USER}`), groups: ['system:serviceaccounts', 'system:serviceaccounts:cni-health', 'system:authenticated'] },
    }] : []),
  ];
}

/**
 * Roles of impersonated users, by the demo's bindings: `admin` and the
 * groups `system:masters` and `cni-health:remediators` act; `viewer` and
 * `cni-health:viewers` read; anyone else may only ask about themselves.
 */
export function roleOf(username: string, groups: readonly string[]): Role {
  if (username === 'admin' || groups.includes('system:masters') || groups.includes('cni-health:remediators')) return 'admin';
  if (username === 'viewer' || groups.includes('cni-health:viewers')) return 'viewer';
  return 'nobody';
}

/**
 * The identity a request acts as after impersonation, as the API server's
 * impersonation filter decides it: the caller needs the `impersonate` verb
 * on `users` (and on `groups`, for each group), else 403; groups without a
 * user are a bad request. The result always carries system:authenticated.
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
export function impersonated(caller: Identity, headers: IncomingMessage['headersDistinct'], ctx: AuthzContext = RBAC_SYNCED): Identity {
  const users = headers['impersonate-user'] ?? [];
  const groups = headers['impersonate-group'] ?? [];
  if (users.length === 0) {
    if (groups.length > 0) throw new ApiError(status(400, 'BadRequest', 'requested [] without impersonating a user'));
    return caller;
  }
  const username = users[0]!;
  requireAllowed(caller, { verb: 'impersonate', group: '', resource: 'users', name: username }, ctx);
  for (const g of groups) requireAllowed(caller, { verb: 'impersonate', group: '', resource: 'groups', name: g }, ctx);
  const all = groups.includes('system:authenticated') ? [...groups] : [...groups, 'system:authenticated'];
  return { role: roleOf(username, all), token: '', user: { username, uid: uidFor(`user:${username}`), groups: all } };
}

/** Constant-time match of `Authorization: Bearer <token>` against every identity. */
export function authenticate(req: IncomingMessage, ids: readonly Identity[]): Identity | undefined {
  const got = Buffer.from(req.headers.authorization ?? '');
  let found: Identity | undefined;
  for (const id of ids) {
    const expected = Buffer.from(`Bearer ${id.token}`);
    if (got.length === expected.length && timingSafeEqual(got, expected)) found = id;
  }
  return found;
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface Decision { allowed: boolean; reason?: string }

const READ_VERBS = new Set(['get', 'list', 'watch']);
const SELF_REVIEWS = new Set(['authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews', 'authentication.k8s.io/selfsubjectreviews']);

/** What the authorizer knows at this instant, beside the request. */
export interface AuthzContext {
  /**
   * False while the RBAC authorizer's informers (roles, bindings) have not
   * synced after the API server started: every rule lookup finds nothing,
   * so only system:masters passes (the privileged-groups authorizer runs
   * before RBAC, pkg/kubeapiserver/authorizer/config.go). kubernetes#121635.
   */
  rbacSynced: boolean;
  /** The `forbid` fault: rules that no longer grant reads of these resources. */
  revoked?: (resource: string, verb: string) => boolean;
}

export const RBAC_SYNCED: AuthzContext = { rbacSynced: true };

export const isPrivileged = (id: Identity): boolean => id.user.groups.includes('system:masters');

/**
 * The authorizer's answer. A real authorizer with no matching rule has
 * "no opinion" and gives no reason, so a denial carries none either: the
 * dashboard words the reason itself.
 */
export function authorize(id: Identity, a: ResourceAttributes, ctx: AuthzContext = RBAC_SYNCED): Decision {
  if (isPrivileged(id)) return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-demo-admin" of ClusterRole "cluster-admin" to Group "system:masters"' };
  if (!ctx.rbacSynced || ctx.revoked?.(a.subresource ? `${a.resource}/${a.subresource}` : a.resource, a.verb)) return { allowed: false };
  if (a.verb === 'create' && !a.subresource && SELF_REVIEWS.has(`${a.group}/${a.resource}`)) {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' };
  }
  if (id.role === 'admin') return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-demo-remediators" of ClusterRole "cluster-admin" to Group "cni-health:remediators"' };
  if (id.role === 'dashboard') {
    const reason = allowedBy(DASHBOARD_RULES, a);
    return reason ? { allowed: true, reason } : { allowed: false };
  }
  if (id.role === 'agent') return authorizeAgent(a);
  if (id.role === 'prober') return authorizeProber(a);
  // The built-in `view` ClusterRole reads everything but Secrets (they would let a viewer escalate).
  // https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
  if (id.role === 'viewer' && READ_VERBS.has(a.verb) && a.resource !== 'secrets') {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-demo-viewer" of ClusterRole "view" to Group "cni-health:viewers"' };
  }
  return { allowed: false };
}

/**
 * Non-resource paths (discovery, /version, /healthz) are granted to every
 * authenticated user by RBAC too (system:discovery, system:public-info-viewer),
 * so they are denied alike until RBAC has synced. Worded as
 * responsewriters.forbiddenMessage words a path.
 */
export function requirePathAllowed(id: Identity, verb: string, path: string, ctx: AuthzContext): void {
  if (ctx.rbacSynced || isPrivileged(id)) return;
  throw new ApiError(status(403, 'Forbidden', `forbidden: User "${id.user.username}" cannot ${verb} path "${path}"`, {}));
}

export function forbiddenMessage(user: string, a: ResourceAttributes): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
}

/** errors.NewForbidden over the resource (not the subresource), as the authorization filter builds it. */
export function forbidden(user: string, a: ResourceAttributes): ApiError {
  const what = qualified(a.resource, a.group);
  const subject = a.name ? `${what} "${a.name}"` : what;
  return new ApiError(status(403, 'Forbidden', `${subject} is forbidden: ${forbiddenMessage(user, a)}`, {
    ...(a.name ? { name: a.name } : {}), ...(a.group ? { group: a.group } : {}), kind: a.resource,
  }));
}

/** Throws 403 unless `id` may do `a`. */
export function requireAllowed(id: Identity, a: ResourceAttributes, ctx: AuthzContext = RBAC_SYNCED): void {
  if (!authorize(id, a, ctx).allowed) throw forbidden(id.user.username, a);
}

/**
 * Who is calling, and what they may do: two bearer tokens, `admin` (bound to
 * cluster-admin) and `viewer` (read-only), and an RBAC model small enough to
 * read at a glance. Denials are 403 Status bodies worded as the API server's
 * authorization filter words them (responsewriters.forbiddenMessage).
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { uidFor } from './builders/meta';
import { ApiError, qualified, status } from './status';

export type Role = 'admin' | 'viewer';

export interface UserInfo { username: string; uid: string; groups: string[] }

export interface Identity { role: Role; token: string; user: UserInfo }

export function identities(adminToken: string, viewerToken: string): Identity[] {
  return [
    { role: 'admin', token: adminToken, user: { username: 'admin', uid: uidFor('user:admin'), groups: ['system:masters', 'system:authenticated'] } },
    { role: 'viewer', token: viewerToken, user: { username: 'viewer', uid: uidFor('user:viewer'), groups: ['cni-health:viewers', 'system:authenticated'] } },
  ];
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

/**
 * The RBAC authorizer's answer. A real authorizer with no matching rule has
 * "no opinion" and gives no reason, so a denial carries none either: the
 * dashboard words the reason itself.
 */
export function authorize(id: Identity, a: ResourceAttributes): Decision {
  if (id.role === 'admin') return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-demo-admin" of ClusterRole "cluster-admin" to Group "system:masters"' };
  if (a.verb === 'create' && !a.subresource && SELF_REVIEWS.has(`${a.group}/${a.resource}`)) {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' };
  }
  if (READ_VERBS.has(a.verb)) {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-demo-viewer" of ClusterRole "view" to User "viewer"' };
  }
  return { allowed: false };
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
export function requireAllowed(id: Identity, a: ResourceAttributes): void {
  if (!authorize(id, a).allowed) throw forbidden(id.user.username, a);
}

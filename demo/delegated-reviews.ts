/**
 * The review APIs a component asks about someone else, for delegated
 * authentication and authorization (what controller-runtime's metrics
 * filter and kube-rbac-proxy call; the caller needs ClusterRole
 * system:auth-delegator):
 * - authentication.k8s.io/v1 TokenReview: whose token is this?
 *   (pkg/registry/authentication/tokenreview/storage.go: an empty token is a
 *   400; an unknown one is `authenticated: false`, still 201; with no
 *   audiences asked for, the API server's own are checked and reported)
 * - authorization.k8s.io/v1 SubjectAccessReview: may this user do this?
 *   (pkg/apis/authorization/validation: exactly one of resourceAttributes
 *   and nonResourceAttributes, a user or a group)
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#webhook-token-authentication
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 */
import { AGENT_USER } from './agent-identity';
import { authorize, DASHBOARD_USER, isPrivileged, roleOf, type AuthzContext, type Identity, type Role, type UserInfo } from './auth';
import { authorizeNonResource } from './non-resource';
import { expectKind } from './reviews';
import { badRequest, invalid } from './status';
import type { JsonObject } from './types';

/** The audience of every token the demo issues (a kube-apiserver's --api-audiences default: its issuer). */
export const API_AUDIENCES = ['https://kubernetes.default.svc.cluster.local'];

const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function tokenReview(ids: readonly Identity[]): (caller: Identity, body: unknown) => Record<string, unknown> {
  return (_caller, body) => {
    const review = expectKind(body, 'authentication.k8s.io/v1', 'TokenReview');
    const spec = isObj(review.spec) ? review.spec : {};
    const token = str(spec.token);
    if (!token) throw badRequest('token is required for TokenReview in authentication');
    const wanted = strings(spec.audiences);
    const audiences = wanted.length === 0 ? API_AUDIENCES : wanted.filter((a) => API_AUDIENCES.includes(a));
    // Minted tokens that were revoked are gone from `ids`, as a deleted service account's token stops authenticating.
    const id = ids.find((i) => i.token !== '' && i.token === token);
    const answer = (status: Record<string, unknown>): Record<string, unknown> => ({ kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status });
    if (!id) return answer({ authenticated: false, user: {}, error: '[invalid bearer token, token lookup failed]' });
    if (audiences.length === 0) return answer({ authenticated: false, user: {}, error: '[invalid bearer token, token audiences is invalid]' });
    const { username, uid, groups, extra } = id.user;
    return answer({ authenticated: true, user: { username, uid, groups, ...(extra ? { extra } : {}) }, audiences });
  };
}

/** The demo role RBAC gives this subject, by name and groups, as RBAC knows subjects. */
function subjectRole(u: UserInfo): Role {
  if (u.username === DASHBOARD_USER) return 'dashboard';
  if (u.username === AGENT_USER) return 'agent';
  return roleOf(u.username, u.groups);
}

export function subjectAccessReview(_caller: Identity, body: unknown, ctx: AuthzContext): Record<string, unknown> {
  const review = expectKind(body, 'authorization.k8s.io/v1', 'SubjectAccessReview');
  const spec = isObj(review.spec) ? review.spec : {};
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  const errs = [];
  if (isObj(ra) === isObj(nra)) errs.push({ type: 'FieldValueInvalid' as const, field: 'spec.resourceAttributes', detail: '"null": exactly one of nonResourceAttributes or resourceAttributes must be specified' });
  const user: UserInfo = { username: str(spec.user), uid: str(spec.uid), groups: strings(spec.groups) };
  if (!user.username && user.groups.length === 0) errs.push({ type: 'FieldValueInvalid' as const, field: 'spec.user', detail: '"": at least one of user or group must be specified' });
  if (errs.length > 0) throw invalid('SubjectAccessReview', 'authorization.k8s.io', '', errs);
  const subject: Identity = { role: subjectRole(user), token: '', user };
  let decision;
  if (isObj(ra)) {
    decision = authorize(subject, {
      verb: str(ra.verb), group: str(ra.group), resource: str(ra.resource),
      ...(str(ra.subresource) ? { subresource: str(ra.subresource) } : {}),
      ...(str(ra.namespace) ? { namespace: str(ra.namespace) } : {}),
      ...(str(ra.name) ? { name: str(ra.name) } : {}),
    }, ctx);
  } else {
    const verb = str(isObj(nra) ? nra.verb : '');
    const path = str(isObj(nra) ? nra.path : '');
    decision = isPrivileged(subject) ? authorize(subject, { verb, group: '', resource: '' }, ctx) : ctx.rbacSynced ? authorizeNonResource(user, verb, path) : { allowed: false };
  }
  return {
    kind: 'SubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

/**
 * The two review APIs a client asks about itself; nothing is stored, the
 * answer is the created object (201).
 * - authorization.k8s.io/v1 SelfSubjectAccessReview: may I do this?
 * - authentication.k8s.io/v1 SelfSubjectReview: who am I?
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 */
import { authorize, isPrivileged, RBAC_SYNCED, type AuthzContext, type Identity, type ResourceAttributes } from './auth';
import { authorizeNonResource } from './non-resource';
import { badRequest, invalid } from './status';
import type { JsonObject } from './types';

const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function expectKind(body: unknown, apiVersion: string, kind: string): JsonObject {
  if (!isObj(body)) throw badRequest(`the body of the request was not a ${kind}`);
  if (body.kind !== undefined && body.kind !== kind) throw badRequest(`${kind} in version "v1" cannot be handled as a ${String(body.kind)}`);
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`);
  return body;
}

/** `ctx`: the same authorizer state the request itself was authorized with (a `forbid` fault shows here as RBAC would). */
export function selfSubjectAccessReview(id: Identity, body: unknown, ctx: AuthzContext = RBAC_SYNCED): Record<string, unknown> {
  const review = expectKind(body, 'authorization.k8s.io/v1', 'SelfSubjectAccessReview');
  const spec = isObj(review.spec) ? review.spec : {};
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (isObj(ra) === isObj(nra)) {
    throw invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [{ type: 'FieldValueInvalid', field: 'spec.resourceAttributes', detail: `"null": exactly one of nonResourceAttributes or resourceAttributes must be specified` }]);
  }
  let decision;
  if (isObj(ra)) {
    const attrs: ResourceAttributes = {
      verb: str(ra.verb), group: str(ra.group), resource: str(ra.resource),
      ...(str(ra.subresource) ? { subresource: str(ra.subresource) } : {}),
      ...(str(ra.namespace) ? { namespace: str(ra.namespace) } : {}),
      ...(str(ra.name) ? { name: str(ra.name) } : {}),
    };
    decision = authorize(id, attrs, ctx);
  } else {
    // Non-resource URLs (/healthz, /version, /api...): the bootstrap discovery roles, and what is bound beside them.
    decision = isPrivileged(id) ? authorize(id, { verb: '*', group: '', resource: '' }, ctx) : ctx.rbacSynced ? authorizeNonResource(id.user, str(isObj(nra) ? nra.verb : ''), str(isObj(nra) ? nra.path : '')) : { allowed: false };
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

export function selfSubjectReview(id: Identity, body: unknown): Record<string, unknown> {
  expectKind(body, 'authentication.k8s.io/v1', 'SelfSubjectReview');
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: id.user.username, uid: id.user.uid, groups: id.user.groups, ...(id.user.extra ? { extra: id.user.extra } : {}) } },
  };
}

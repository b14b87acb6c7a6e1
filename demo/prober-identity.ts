/**
 * The data-plane probers as the API server sees them: one ServiceAccount,
 * each pod with its own pod-bound token whose user info names the pod's node
 * (extras authentication.kubernetes.io/node-name and node-uid, KEP-4193,
 * Kubernetes 1.30+), exactly as the snapshot agents (demo/agent-identity.ts).
 * RBAC is the shipped Role (deploy/probes/prober-rbac.yaml); what RBAC cannot
 * say (which report is its own), the shipped admission policy does
 * (deploy/probes/prober-policy.yaml, run by demo/writes/agent-admission.ts).
 * https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens
 */
import { MESH_CONFIGMAP } from '@/lib/probes/mesh-set';
import { PROBER_APP } from '@/lib/probes/names';
import { AGENT_NAMESPACE, NODE_NAME_EXTRA, NODE_UID_EXTRA } from './agent-identity';
import { uidFor } from './builders/meta';
import type { Decision, Identity, ResourceAttributes } from './auth';

export const PROBER_USER = `system:serviceaccount:${AGENT_NAMESPACE}:${PROBER_APP}`;

/** The identity of the prober pod on `node` (a token '' is never matched by bearer authentication). */
export function proberIdentity(node: { name: string; uid: string }, token = ''): Identity {
  return {
    role: 'prober',
    token,
    user: {
      username: PROBER_USER,
      uid: uidFor(`user:${PROBER_USER}`),
      groups: ['system:serviceaccounts', `system:serviceaccounts:${AGENT_NAMESPACE}`, 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/pod-name': [`${PROBER_APP}-${uidFor(node.name).slice(0, 5)}`],
        [NODE_NAME_EXTRA]: [node.name],
        [NODE_UID_EXTRA]: [node.uid],
      },
    },
  };
}

const POD_VERBS = new Set(['get', 'list', 'watch']);
const CONFIGMAP_VERBS = new Set(['get', 'create', 'update']);

/** The shipped prober Role and node-read ClusterRole, as the RBAC authorizer answers them. */
export function authorizeProber(a: ResourceAttributes): Decision {
  const inNamespace = a.group === '' && !a.subresource && a.namespace === AGENT_NAMESPACE;
  // list/watch of ConfigMaps only by the mesh's name (resourceNames; a metadata.name field selector names it).
  const meshRead = a.resource === 'configmaps' && (a.verb === 'list' || a.verb === 'watch') && a.name === MESH_CONFIGMAP;
  if (inNamespace && ((a.resource === 'pods' && POD_VERBS.has(a.verb)) || (a.resource === 'configmaps' && CONFIGMAP_VERBS.has(a.verb)) || meshRead)) {
    return { allowed: true, reason: `RBAC: allowed by RoleBinding "${PROBER_APP}/${AGENT_NAMESPACE}" of Role "${PROBER_APP}" to ServiceAccount "${PROBER_APP}/${AGENT_NAMESPACE}"` };
  }
  if (a.group === '' && a.resource === 'nodes' && !a.subresource && a.verb === 'get') {
    return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${PROBER_APP}-node-read" of ClusterRole "${PROBER_APP}-node-read" to ServiceAccount "${PROBER_APP}/${AGENT_NAMESPACE}"` };
  }
  return { allowed: false };
}

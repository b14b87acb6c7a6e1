/**
 * The snapshot agents as the API server sees them: one ServiceAccount,
 * each pod with its own pod-bound token, whose user info carries the pod's
 * node (extras authentication.kubernetes.io/node-name and node-uid,
 * KEP-4193, Kubernetes 1.30+). RBAC is the shipped Role
 * (deploy/base/agent-rbac.yaml), plus the opt-in Node condition's
 * `patch nodes/status` (deploy/components/node-condition), which the demo
 * installs; what RBAC cannot say, the shipped admission policies do
 * (demo/writes/agent-admission.ts).
 * https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens
 */
import { uidFor } from './builders/meta';
import type { Decision, Identity, ResourceAttributes } from './auth';

export const AGENT_NAMESPACE = 'cni-health';
export const AGENT_USER = `system:serviceaccount:${AGENT_NAMESPACE}:cni-health-agent`;
export const NODE_NAME_EXTRA = 'authentication.kubernetes.io/node-name';
export const NODE_UID_EXTRA = 'authentication.kubernetes.io/node-uid';

/** The identity of the agent pod on `node` (a token '' is never matched by bearer authentication). */
export function agentIdentity(node: { name: string; uid: string }, token = ''): Identity {
  return {
    role: 'agent',
    token,
    user: {
      username: AGENT_USER,
      uid: uidFor(`user:${AGENT_USER}`),
      groups: ['system:serviceaccounts', `system:serviceaccounts:${AGENT_NAMESPACE}`, 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/pod-name': [`cni-health-agent-${uidFor(node.name).slice(0, 5)}`],
        [NODE_NAME_EXTRA]: [node.name],
        [NODE_UID_EXTRA]: [node.uid],
      },
    },
  };
}

const AGENT_CONFIGMAP_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'delete']);

/** The shipped agent Role and node-read ClusterRole, as the RBAC authorizer answers them. */
export function authorizeAgent(a: ResourceAttributes): Decision {
  if (a.group === '' && a.resource === 'configmaps' && !a.subresource && a.namespace === AGENT_NAMESPACE && AGENT_CONFIGMAP_VERBS.has(a.verb)) {
    return { allowed: true, reason: `RBAC: allowed by RoleBinding "cni-health-agent/${AGENT_NAMESPACE}" of Role "cni-health-agent" to ServiceAccount "cni-health-agent/${AGENT_NAMESPACE}"` };
  }
  if (a.group === '' && a.resource === 'nodes' && !a.subresource && a.verb === 'get') {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-agent-node-read" of ClusterRole "cni-health-agent-node-read" to ServiceAccount "cni-health-agent/cni-health"' };
  }
  if (a.group === '' && a.resource === 'nodes' && a.subresource === 'status' && a.verb === 'patch') {
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-agent-node-condition" of ClusterRole "cni-health-agent-node-condition" to ServiceAccount "cni-health-agent/cni-health"' };
  }
  return { allowed: false };
}

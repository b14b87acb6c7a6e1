/**
 * The agent's ValidatingAdmissionPolicy (deploy/base/agent-policy.yaml),
 * its CEL evaluated against crafted admission requests: an agent writes
 * only its own node's snapshot and answers only its own node's repair
 * requests; a token without the node name writes nothing.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateAll, loadAdmissionPolicies, type AdmissionRequest, type Operation } from './admission-policy';

const policies = loadAdmissionPolicies(fileURLToPath(new URL('./base/agent-policy.yaml', import.meta.url)));
const AGENT = 'system:serviceaccount:cni-health:cni-health-agent';

const agentOn = (node: string | undefined, uid = `uid-${node}`): AdmissionRequest['userInfo'] => ({
  username: AGENT,
  groups: ['system:serviceaccounts', 'system:serviceaccounts:cni-health', 'system:authenticated'],
  extra: node === undefined ? {} : { 'authentication.kubernetes.io/node-name': [node], 'authentication.kubernetes.io/node-uid': [uid], 'authentication.kubernetes.io/pod-name': ['cni-health-agent-x'] },
});

function snapshot(node: string, over: { name?: string; annotation?: string; owner?: { name: string; uid: string }; labels?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: over.name ?? `cni-snapshot-${node}`, namespace: 'cni-health',
      labels: over.labels ?? { 'cni-health.io/snapshot': 'v1alpha1', 'app.kubernetes.io/name': 'cni-health-agent' },
      annotations: { 'cni-health.io/node': over.annotation ?? node },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', ...(over.owner ?? { name: node, uid: `uid-${node}` }) }],
    },
    data: { 'snapshot.json': `{"node":"${node}"}` },
  };
}

function repairRequest(node: string, status?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: `cni-repair-${node}-x7k2p`, namespace: 'cni-health', labels: { 'cni-health.io/repair-request': 'v1alpha1', 'cni-health.io/node-hash': '3f1c0e7a9b2d4c6e' }, annotations: { 'cni-health.io/node': node } },
    data: { 'request.json': `{"node":"${node}"}`, ...(status ? { 'status.json': status } : {}) },
  };
}

function request(operation: Operation, userInfo: AdmissionRequest['userInfo'], object: unknown, oldObject: unknown = null, namespace = 'cni-health'): AdmissionRequest {
  return { operation, resource: { group: '', version: 'v1', resource: 'configmaps' }, namespace, userInfo, object, oldObject };
}

const verdict = (r: AdmissionRequest): string => {
  const d = evaluateAll(policies, r);
  return d.allowed ? 'allowed' : `${d.code} ${d.message.replace(/^.*denied request: /, '')}`;
};

describe('the agent admission policy', () => {
  it('lets an agent create, update and delete its own node\'s snapshot', () => {
    const own = snapshot('n1');
    expect(verdict(request('CREATE', agentOn('n1'), own))).toBe('allowed');
    expect(verdict(request('UPDATE', agentOn('n1'), { ...own, data: { 'snapshot.json': '{}' } }, own))).toBe('allowed');
    expect(verdict(request('DELETE', agentOn('n1'), null, own))).toBe('allowed');
  });

  it('refuses another node\'s snapshot however it is dressed: name, annotation, owner, or turning it into its own', () => {
    expect(verdict(request('CREATE', agentOn('n1'), snapshot('n2')))).toBe('422 the agent may write only ConfigMaps annotated cni-health.io/node with its own node');
    expect(verdict(request('CREATE', agentOn('n1'), snapshot('n2', { annotation: 'n1', owner: { name: 'n1', uid: 'uid-n1' } })))).toBe('422 the agent may write only the snapshot named cni-snapshot-<its node>');
    expect(verdict(request('CREATE', agentOn('n1'), snapshot('n1', { owner: { name: 'n2', uid: 'uid-n2' } })))).toBe('422 a snapshot may be owned only by the agent\'s own Node');
    expect(verdict(request('CREATE', agentOn('n1'), snapshot('n1', { owner: { name: 'n1', uid: 'uid-of-an-earlier-n1' } })))).toBe('422 a snapshot may be owned only by the agent\'s own Node');
    expect(verdict(request('UPDATE', agentOn('n1'), snapshot('n2', { annotation: 'n1', name: 'cni-snapshot-n2' }), snapshot('n2')))).toMatch(/^422 /);
    expect(verdict(request('DELETE', agentOn('n1'), null, snapshot('n2')))).toBe('422 the agent may write only ConfigMaps annotated cni-health.io/node with its own node');
  });

  it('fails closed without the node name in the token (API server before 1.30, a legacy Secret token)', () => {
    expect(verdict(request('CREATE', agentOn(undefined), snapshot('n1')))).toBe(
      '422 the agent\'s token names no node (user extra authentication.kubernetes.io/node-name): Kubernetes 1.30 or later and a pod-bound service account token are required');
  });

  it('refuses anything that is not a snapshot or a repair request, and turning one into the other', () => {
    const plain = { metadata: { name: 'x', namespace: 'cni-health', annotations: { 'cni-health.io/node': 'n1' } }, data: {} };
    expect(verdict(request('CREATE', agentOn('n1'), plain))).toBe('422 the agent writes only snapshot ConfigMaps and answers repair requests');
    const asRepair = { ...snapshot('n1'), metadata: { ...(snapshot('n1').metadata as object), labels: { 'cni-health.io/repair-request': 'v1alpha1' } } };
    expect(verdict(request('UPDATE', agentOn('n1'), asRepair, snapshot('n1')))).toBe('422 the agent writes only snapshot ConfigMaps and answers repair requests');
  });

  it('lets an agent answer and garbage-collect only its own node\'s repair requests, never create or rewrite one', () => {
    const ask = repairRequest('n1');
    const answered = repairRequest('n1', '{"phase":"Succeeded"}');
    expect(verdict(request('UPDATE', agentOn('n1'), answered, ask))).toBe('allowed');
    expect(verdict(request('DELETE', agentOn('n1'), null, answered))).toBe('allowed');
    expect(verdict(request('CREATE', agentOn('n1'), ask))).toBe('422 agents answer repair requests, they never create them');
    expect(verdict(request('UPDATE', agentOn('n2'), repairRequest('n1', '{}'), ask))).toMatch(/^422 the agent may write only ConfigMaps annotated/);
    expect(verdict(request('DELETE', agentOn('n2'), null, ask))).toMatch(/^422 the agent may write only ConfigMaps annotated/);
    const rewritten = { ...answered, data: { 'request.json': '{"node":"n1","file":"10-aws.conflist"}', 'status.json': '{}' } };
    expect(verdict(request('UPDATE', agentOn('n1'), rewritten, ask))).toBe('422 an agent may only add status.json to its own node\'s repair request, once');
    expect(verdict(request('UPDATE', agentOn('n1'), repairRequest('n1', '{"phase":"Failed"}'), answered))).toBe('422 an agent may only add status.json to its own node\'s repair request, once');
  });

  it('lets nobody but agents write snapshots: not operators (who may create ConfigMaps there for repair requests), not other service accounts', () => {
    const alice = { username: 'alice', groups: ['cni-health-operators', 'system:authenticated'] };
    const refused = '422 only the cni-health agents write snapshot ConfigMaps (label cni-health.io/snapshot, name cni-snapshot-*)';
    expect(verdict(request('CREATE', alice, snapshot('n2')))).toBe(refused);
    expect(verdict(request('CREATE', { username: 'system:serviceaccount:cni-health:cni-health-dashboard', groups: [] }, snapshot('n2')))).toBe(refused);
    // Squatting the name without the label, or stripping the label off a real one.
    expect(verdict(request('CREATE', alice, { metadata: { name: 'cni-snapshot-n2', namespace: 'cni-health' }, data: {} }))).toBe(refused);
    expect(verdict(request('UPDATE', alice, { ...snapshot('n2'), metadata: { name: 'cni-snapshot-n2', namespace: 'cni-health' } }, snapshot('n2')))).toBe(refused);
    // What is left to RBAC: repair requests, deleting, cluster admins, the garbage collector, other namespaces.
    expect(verdict(request('CREATE', alice, repairRequest('n1')))).toBe('allowed');
    expect(verdict(request('DELETE', alice, null, snapshot('n2')))).toBe('allowed');
    expect(verdict(request('CREATE', { username: 'root', groups: ['system:masters'] }, snapshot('n2')))).toBe('allowed');
    expect(verdict(request('UPDATE', { username: 'system:serviceaccount:kube-system:generic-garbage-collector', groups: [] }, { ...snapshot('n2'), metadata: { ...(snapshot('n2').metadata as object), ownerReferences: [] } }, snapshot('n2')))).toBe('allowed');
    expect(verdict(request('CREATE', alice, snapshot('n2'), null, 'elsewhere'))).toBe('allowed');
    expect(verdict(request('CREATE', agentOn('n1'), snapshot('n2'), null, 'elsewhere'))).toBe('allowed');
  });

  it('words a denial as the API server does', () => {
    const d = evaluateAll(policies, request('CREATE', agentOn('n1'), snapshot('n2')));
    expect(d).toEqual({
      allowed: false, code: 422, reason: 'Invalid',
      message: 'configmaps "cni-snapshot-n2" is forbidden: ValidatingAdmissionPolicy \'cni-health-agent-own-node\' with binding \'cni-health-agent-own-node\' denied request: the agent may write only ConfigMaps annotated cni-health.io/node with its own node',
    });
  });
});

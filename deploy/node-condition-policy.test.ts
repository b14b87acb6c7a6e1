/**
 * The Node condition policy (deploy/components/node-condition), its CEL run
 * against crafted status writes: an agent may change its own node's
 * CNIHealthy condition and nothing else; every other change, on its node or
 * another, is refused, whichever field it hides in.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll, loadAdmissionPolicies, type AdmissionRequest } from './admission-policy';

const policies = loadAdmissionPolicies(fileURLToPath(new URL('./components/node-condition/node-condition-policy.yaml', import.meta.url)));
const AGENT = 'system:serviceaccount:cni-health:cni-health-agent';

const agentOn = (node: string | undefined): AdmissionRequest['userInfo'] => ({
  username: AGENT,
  groups: ['system:serviceaccounts', 'system:serviceaccounts:cni-health', 'system:authenticated'],
  extra: node === undefined ? {} : { 'authentication.kubernetes.io/node-name': [node], 'authentication.kubernetes.io/node-uid': [`uid-${node}`] },
});

type Node = Record<string, unknown> & { metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> & { conditions: Record<string, unknown>[] } };

function aNode(name: string): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'eu-west-1a' }, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: { podCIDR: '10.244.1.0/24', taints: [] },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' }, allocatable: { cpu: '3900m', memory: '15Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '10.0.1.17' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { kubeletVersion: 'v1.31.2', bootID: 'b1' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false' },
      ],
    },
  };
}

const cni = (status = 'False', over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'CNIHealthy', status, reason: 'MultusNestedDelegates', message: '00-multus.conf nests Multus inside itself',
  lastHeartbeatTime: '2026-12-06T10:00:00Z', lastTransitionTime: '2026-12-06T10:00:00Z', ...over,
});

/** The node with its CNIHealthy condition set (merged by type, as the strategic merge patch does). */
function withCondition(n: Node, c: Record<string, unknown>): Node {
  const out = structuredClone(n);
  const i = out.status.conditions.findIndex((x) => x.type === 'CNIHealthy');
  if (i >= 0) out.status.conditions[i] = c;
  else out.status.conditions.push(c);
  return out;
}

const statusWrite = (user: AdmissionRequest['userInfo'], object: Node, oldObject: Node): AdmissionRequest =>
  ({ operation: 'UPDATE', resource: { group: '', version: 'v1', resource: 'nodes' }, subResource: 'status', userInfo: user, object, oldObject });

const verdict = (r: AdmissionRequest): string => {
  const d = evaluateAll(policies, r);
  return d.allowed ? 'allowed' : `${d.code} ${d.message.replace(/^.*denied request: /, '')}`;
};

describe('the Node condition admission policy', () => {
  it('lets an agent add and then change its own node\'s CNIHealthy condition', () => {
    const n1 = aNode('n1');
    const first = withCondition(n1, cni('False'));
    expect(verdict(statusWrite(agentOn('n1'), first, n1))).toBe('allowed');
    expect(verdict(statusWrite(agentOn('n1'), withCondition(first, cni('True', { reason: 'CNIConfigHealthy' })), first))).toBe('allowed');
  });

  it('refuses another node\'s status, and a token without a node name', () => {
    const n2 = aNode('n2');
    expect(verdict(statusWrite(agentOn('n1'), withCondition(n2, cni()), n2))).toBe('422 the agent may write the status of its own Node only');
    expect(verdict(statusWrite(agentOn(undefined), withCondition(aNode('n1'), cni()), aNode('n1')))).toMatch(/^422 the agent's token names no node/);
  });

  it('refuses marking its node Ready, removing a condition, changing capacity, addresses, labels or annotations', () => {
    const n1 = aNode('n1');
    const ready = withCondition(n1, cni());
    ready.status.conditions[1] = { type: 'Ready', status: 'True', reason: 'KubeletReady' };
    expect(verdict(statusWrite(agentOn('n1'), ready, n1))).toBe('422 the agent may change only the CNIHealthy condition');
    const dropped = withCondition(n1, cni());
    dropped.status.conditions.splice(0, 1);
    expect(verdict(statusWrite(agentOn('n1'), dropped, n1))).toBe('422 the agent may change only the CNIHealthy condition');
    const bigger = withCondition(n1, cni());
    bigger.status.capacity = { cpu: '64', memory: '16Gi', pods: '110' };
    expect(verdict(statusWrite(agentOn('n1'), bigger, n1))).toBe('422 the agent may change only the CNIHealthy condition, not the rest of the Node\'s status');
    const moved = withCondition(n1, cni());
    moved.status.addresses = [{ type: 'InternalIP', address: '10.9.9.9' }];
    expect(verdict(statusWrite(agentOn('n1'), moved, n1))).toMatch(/not the rest of the Node's status$/);
    const relabelled = withCondition(n1, cni());
    relabelled.metadata.labels = { 'node-role.kubernetes.io/control-plane': '' };
    expect(verdict(statusWrite(agentOn('n1'), relabelled, n1))).toBe('422 the agent may not change the Node\'s metadata or spec');
    const annotated = withCondition(n1, cni());
    delete annotated.metadata.annotations;
    expect(verdict(statusWrite(agentOn('n1'), annotated, n1))).toBe('422 the agent may not change the Node\'s metadata or spec');
  });

  it('refuses a malformed CNIHealthy: two of them, a made-up status, no reason, an oversized message', () => {
    const n1 = aNode('n1');
    const twice = withCondition(n1, cni());
    twice.status.conditions.push(cni('True'));
    const bad = '422 the CNIHealthy condition must be one condition with status True, False or Unknown, a reason of at most 64 characters and a message of at most 1024';
    expect(verdict(statusWrite(agentOn('n1'), twice, n1))).toBe(bad);
    expect(verdict(statusWrite(agentOn('n1'), withCondition(n1, cni('Maybe')), n1))).toBe(bad);
    const { reason: _r, ...noReason } = cni();
    expect(verdict(statusWrite(agentOn('n1'), withCondition(n1, noReason), n1))).toBe(bad);
    expect(verdict(statusWrite(agentOn('n1'), withCondition(n1, cni('False', { message: 'x'.repeat(1025) })), n1))).toBe(bad);
  });

  it('refuses any change outside CNIHealthy, whatever field it is in (property)', () => {
    const fields = ['capacity', 'allocatable', 'phase', 'addresses', 'daemonEndpoints', 'nodeInfo', 'images', 'volumesInUse', 'volumesAttached', 'config', 'runtimeHandlers'];
    // A null field is an absent one once the API server has decoded it: not a change.
    fc.assert(fc.property(fc.constantFrom(...fields), fc.jsonValue().filter((v) => v !== null), (field, value) => {
      const n1 = aNode('n1');
      const next = withCondition(n1, cni());
      next.status[field] = value;
      fc.pre(JSON.stringify(next.status[field]) !== JSON.stringify(n1.status[field]));
      return verdict(statusWrite(agentOn('n1'), next, n1)).startsWith('422 ');
    }), { numRuns: 200 });
  });

  it('refuses writing its own condition onto any other node name (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,30}[a-z0-9])?$/), (other) => {
      fc.pre(other !== 'n1');
      const n = aNode(other);
      return verdict(statusWrite(agentOn('n1'), withCondition(n, cni()), n)) === '422 the agent may write the status of its own Node only';
    }), { numRuns: 200 });
  });

  it('applies to the status subresource only, and to the agent only', () => {
    const n1 = aNode('n1');
    const ready = withCondition(n1, cni());
    ready.metadata.labels = {};
    // The main resource is outside this policy (RBAC gives the agent no write there).
    expect(verdict({ ...statusWrite(agentOn('n1'), ready, n1), subResource: undefined })).toBe('allowed');
    // The kubelet and node controllers write node status too.
    expect(verdict(statusWrite({ username: 'system:node:n1', groups: ['system:nodes'] }, ready, n1))).toBe('allowed');
  });

  it('words a denial as the API server does', () => {
    const n2 = aNode('n2');
    expect(evaluateAll(policies, statusWrite(agentOn('n1'), withCondition(n2, cni()), n2))).toEqual({
      allowed: false, code: 422, reason: 'Invalid',
      message: 'nodes "n2" is forbidden: ValidatingAdmissionPolicy \'cni-health-agent-node-condition\' with binding \'cni-health-agent-node-condition\' denied request: the agent may write the status of its own Node only',
    });
  });
});

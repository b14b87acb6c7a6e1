/**
 * The prober's ValidatingAdmissionPolicies (deploy/probes/prober-policy.yaml),
 * their CEL evaluated against crafted admission requests: a prober writes
 * only its own node's report, and nobody else writes reports.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateAll, loadAdmissionPolicies, type AdmissionRequest, type Operation } from './admission-policy';

const policies = loadAdmissionPolicies(fileURLToPath(new URL('./probes/prober-policy.yaml', import.meta.url)));
const PROBER = 'system:serviceaccount:cni-health:cni-health-prober';

const proberOn = (node: string | undefined): AdmissionRequest['userInfo'] => ({
  username: PROBER,
  groups: ['system:serviceaccounts', 'system:serviceaccounts:cni-health', 'system:authenticated'],
  extra: node === undefined ? {} : { 'authentication.kubernetes.io/node-name': [node], 'authentication.kubernetes.io/node-uid': [`uid-${node}`] },
});

function report(node: string, over: { name?: string; annotation?: string; owner?: string; labels?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: over.name ?? `cni-probe-${node}`, namespace: 'cni-health',
      labels: over.labels ?? { 'cni-health.io/probe': 'v1', 'app.kubernetes.io/name': 'cni-health-prober' },
      annotations: { 'cni-health.io/node': over.annotation ?? node },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: over.owner ?? node, uid: `uid-${over.owner ?? node}` }],
    },
    data: { 'probe.json': `{"node":"${node}"}` },
  };
}

const request = (operation: Operation, userInfo: AdmissionRequest['userInfo'], object: unknown, oldObject: unknown = null): AdmissionRequest =>
  ({ operation, resource: { group: '', version: 'v1', resource: 'configmaps' }, namespace: 'cni-health', userInfo, object, oldObject });

const verdict = (r: AdmissionRequest): string => {
  const d = evaluateAll(policies, r);
  return d.allowed ? 'allowed' : `${d.code} ${d.message.replace(/^.*denied request: /, '')}`;
};

describe('the prober admission policies', () => {
  it('let a prober create and update its own node\'s report', () => {
    expect(verdict(request('CREATE', proberOn('n1'), report('n1')))).toBe('allowed');
    expect(verdict(request('UPDATE', proberOn('n1'), report('n1'), report('n1')))).toBe('allowed');
  });

  it('refuse another node\'s report however it is dressed', () => {
    expect(verdict(request('CREATE', proberOn('n1'), report('n2')))).toBe('422 the prober may write only the report named cni-probe-<its node>');
    expect(verdict(request('CREATE', proberOn('n1'), report('n1', { annotation: 'n2' })))).toBe('422 a probe report must be annotated cni-health.io/node with the prober\'s own node');
    expect(verdict(request('CREATE', proberOn('n1'), report('n1', { owner: 'n2' })))).toBe('422 a probe report may be owned only by the prober\'s own Node');
    expect(verdict(request('CREATE', proberOn('n1'), report('n1', { labels: { 'cni-health.io/probe': 'v1', 'cni-health.io/snapshot': 'v1alpha1' } })))).toBe('422 the prober writes only probe reports (label cni-health.io/probe)');
  });

  it('fails closed without the node name in the token', () => {
    expect(verdict(request('CREATE', proberOn(undefined), report('n1')))).toMatch(/^422 the prober's token names no node/);
  });

  it('refuses probe reports from anyone but the probers, and lets admins through', () => {
    const operator = { username: 'alice', groups: ['system:authenticated'], extra: {} };
    expect(verdict(request('CREATE', operator, report('n1')))).toBe('422 only the cni-health probers write probe reports (label cni-health.io/probe, name cni-probe-*)');
    expect(verdict(request('CREATE', operator, report('n1', { name: 'other', labels: { 'cni-health.io/probe': 'v1' } })))).toMatch(/^422 only the cni-health probers/);
    expect(verdict(request('CREATE', { username: 'root', groups: ['system:masters'], extra: {} }, report('n1')))).toBe('allowed');
  });
});

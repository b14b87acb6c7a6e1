/**
 * The kustomizations rendered and every object checked against the API
 * schema of its kind (deploy/schema.ts), then the properties the install
 * promises: a ClusterIP-only dashboard that cannot write to its own image,
 * an agent on every node with Guaranteed QoS that mounts the host
 * read-only unless the repair overlay says otherwise.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderKustomization, type KubeObject } from './render';
import { validateManifest } from './schema';

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));
const base = renderKustomization(`${DEPLOY}base`);
const repair = renderKustomization(`${DEPLOY}overlays/repair`);
const remediation = renderKustomization(`${DEPLOY}remediation`);
const monitoring = renderKustomization(`${DEPLOY}overlays/monitoring`);
const nodeCondition = renderKustomization(`${DEPLOY}overlays/node-condition`);

type Spec = Record<string, unknown>;
interface Container { name: string; env?: { name: string; value?: string }[]; resources?: { requests?: Spec; limits?: Spec }; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[]; securityContext?: Spec }
interface PodSpec { containers: Container[]; initContainers?: Container[]; tolerations?: Spec[]; priorityClassName?: string; hostNetwork?: boolean; serviceAccountName?: string; securityContext?: Spec; volumes?: { name: string; hostPath?: { path: string } }[] }

const find = (objs: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
};
const podSpec = (o: KubeObject): PodSpec => (o.spec as { template: { spec: PodSpec } }).template.spec;
const mounts = (o: KubeObject): Record<string, boolean | undefined> =>
  Object.fromEntries((podSpec(o).containers[0]?.volumeMounts ?? []).map((m) => [m.mountPath, m.readOnly]));
const env = (o: KubeObject, name: string): string | undefined => podSpec(o).containers[0]?.env?.find((e) => e.name === name)?.value;

describe('deploy/ manifests', () => {
  it.each([['base', base], ['overlays/repair', repair], ['remediation', remediation], ['overlays/monitoring', monitoring], ['overlays/node-condition', nodeCondition]])('%s: every object is valid for its kind', (_name, objs) => {
    expect(objs.length).toBeGreaterThan(0);
    expect(objs.map((o) => [`${o.kind}/${o.metadata.name}`, validateManifest(o)])).toEqual(objs.map((o) => [`${o.kind}/${o.metadata.name}`, []]));
  });

  it('the schema check catches a misspelt field, a missing required one and a wrong type', () => {
    const ds = structuredClone(find(base, 'DaemonSet', 'cni-health-agent'));
    const c = podSpec(ds).containers[0] as unknown as Record<string, unknown>;
    (c.volumeMounts as Record<string, unknown>[])[0]!.readonly = true;
    delete c.name;
    c.args = 'not-a-list';
    const errors = validateManifest(ds);
    expect(errors).toEqual([
      'schema: data/spec/template/spec/containers/0 must have required property name, data/spec/template/spec/containers/0/args must be array',
      'spec.template.spec.containers[0].volumeMounts[0]: unknown field "readonly" in V1VolumeMount',
      'spec.template.spec.containers[0].args: expected a list',
    ]);
  });

  it('puts every namespaced object in cni-health', () => {
    for (const o of [...base, ...remediation].filter((x) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'].includes(x.kind))) {
      expect([o.kind, o.metadata.name, o.metadata.namespace]).toEqual([o.kind, o.metadata.name, 'cni-health']);
    }
  });

  it('runs the agent on every node, Guaranteed, system-node-critical, host network, reading the host read-only', () => {
    const ds = find(base, 'DaemonSet', 'cni-health-agent');
    const spec = podSpec(ds);
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.serviceAccountName).toBe('cni-health-agent');
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
      expect(c.resources?.requests).toEqual(c.resources?.limits);
      expect(Object.keys(c.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(spec.volumes?.map((v) => v.hostPath?.path)).toEqual(['/etc/cni/net.d', '/opt/cni/bin']);
    expect(mounts(ds)).toEqual({ '/host/etc/cni/net.d': true, '/host/opt/cni/bin': true });
    expect(env(ds, 'AGENT_REPAIR')).toBe('disabled');
    expect(podSpec(ds).containers[0]?.env?.find((e) => e.name === 'NODE_NAME')).toEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('binds the agent to its node in the base install: the policy fails closed, names the agent\'s service account, and is bound to cni-health', () => {
    const policy = find(base, 'ValidatingAdmissionPolicy', 'cni-health-agent-own-node');
    const binding = find(base, 'ValidatingAdmissionPolicyBinding', 'cni-health-agent-own-node');
    const sa = find(base, 'ServiceAccount', 'cni-health-agent');
    expect(policy.spec).toMatchObject({ failurePolicy: 'Fail', matchConditions: [{ expression: `request.userInfo.username == 'system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}'` }] });
    expect(binding.spec).toEqual({ policyName: 'cni-health-agent-own-node', validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cni-health' } } } });
    expect(find(repair, 'ValidatingAdmissionPolicy', 'cni-health-agent-own-node')).toEqual(policy);
    expect(find(base, 'ValidatingAdmissionPolicyBinding', 'cni-health-snapshots-from-agents').spec).toMatchObject({ policyName: 'cni-health-snapshots-from-agents', validationActions: ['Deny'] });
  });

  it('the repair overlay changes only the agent: its config mount read-write and repair enabled', () => {
    const ds = find(repair, 'DaemonSet', 'cni-health-agent');
    expect(mounts(ds)).toEqual({ '/host/etc/cni/net.d': false, '/host/opt/cni/bin': true });
    expect(env(ds, 'AGENT_REPAIR')).toBe('enabled');
    const others = (objs: KubeObject[]): KubeObject[] => objs.filter((o) => o.kind !== 'DaemonSet');
    expect(others(repair)).toEqual(others(base));
  });

  it('the node-condition overlay turns the condition on in the agent and adds only its RBAC and policy; off in the base', () => {
    expect(env(find(base, 'DaemonSet', 'cni-health-agent'), 'AGENT_NODE_CONDITION')).toBeUndefined();
    const ds = find(nodeCondition, 'DaemonSet', 'cni-health-agent');
    expect(env(ds, 'AGENT_NODE_CONDITION')).toBe('enabled');
    expect(mounts(ds)).toEqual(mounts(find(base, 'DaemonSet', 'cni-health-agent')));
    const id = (o: KubeObject): string => `${o.kind}/${o.metadata.name}`;
    const added = nodeCondition.filter((o) => !base.some((b) => id(b) === id(o))).map(id).sort();
    expect(added).toEqual(['ClusterRole/cni-health-agent-node-condition', 'ClusterRoleBinding/cni-health-agent-node-condition', 'ValidatingAdmissionPolicy/cni-health-agent-node-condition', 'ValidatingAdmissionPolicyBinding/cni-health-agent-node-condition']);
    const policy = find(nodeCondition, 'ValidatingAdmissionPolicy', 'cni-health-agent-node-condition');
    expect(policy.spec).toMatchObject({ failurePolicy: 'Fail', matchConstraints: { resourceRules: [{ resources: ['nodes/status'], operations: ['UPDATE'] }] } });
  });

  it('serves the dashboard on a ClusterIP only, as a non-root user with a read-only root filesystem', () => {
    const svcs = [...base, ...repair].filter((o) => o.kind === 'Service');
    expect(svcs.map((s) => (s.spec as { type?: string }).type)).toEqual(['ClusterIP', 'ClusterIP']);
    const dep = find(base, 'Deployment', 'cni-health-dashboard');
    const spec = podSpec(dep);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(spec.serviceAccountName).toBe('cni-health-dashboard');
    expect(spec.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(spec.containers[0]?.resources?.requests).toBeDefined();
    expect(spec.containers[0]?.resources?.limits).toBeDefined();
    expect(spec.containers[0]).toMatchObject({ readinessProbe: { httpGet: { path: '/api/healthz' } }, livenessProbe: { tcpSocket: { port: 'http' } } });
  });

  it('runs two dashboard replicas, spread over nodes, with a budget that keeps one through voluntary disruptions', () => {
    const dep = find(base, 'Deployment', 'cni-health-dashboard');
    expect((dep.spec as { replicas: number }).replicas).toBe(2);
    const labels = (dep.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(podSpec(dep)).toMatchObject({ topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } }] });
    const pdb = find(base, 'PodDisruptionBudget', 'cni-health-dashboard');
    expect(pdb.metadata.namespace).toBe('cni-health');
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: labels } });
  });
});

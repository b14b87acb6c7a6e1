/**
 * One fix must not undo another: every DaemonSet plan keeps the pods' QoS
 * class (or, for the QoS plan, reaches Guaranteed), says so in the plan, and
 * two fixes applied in either order never bring the QoS finding back.
 * Plans are applied to the model the way the API server's strategic merge
 * applies them (containers merged by name; resources and args replaced).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multusDaemonSetFindings } from '@/lib/health/daemonset';
import { podQosClass, quantityNano } from '@/lib/health/qos';
import type { ContainerSpecSummary, DaemonSetModel, ResourceList } from '@/lib/model/daemonset';
import { rolledOut } from '@/lib/testing/models';
import { planCleanupOnExit, planGuaranteedQos, planWaitForPrimary } from './daemonset-plans';
import type { Plan } from './plan';

const IMAGE = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0';

function multusDs(main: { requests: ResourceList; limits: ResourceList }, init: { requests: ResourceList; limits: ResourceList }): DaemonSetModel {
  return {
    namespace: 'kube-system', name: 'kube-multus-ds', uid: 'u', resourceVersion: '1', labels: {}, ...rolledOut(12),
    containers: [{
      name: 'kube-multus', image: IMAGE, command: ['/thin_entrypoint'], args: ['--multus-conf-file=auto', '--multus-autoconfig-dir=/host/etc/cni/net.d', '--cni-conf-dir=/host/etc/cni/net.d'],
      ...main, volumeMounts: [{ name: 'cni', mountPath: '/host/etc/cni/net.d', readOnly: false }],
    }],
    initContainers: [{ name: 'install-multus-binary', image: IMAGE, command: ['/install_multus'], args: ['--type', 'thin'], ...init }],
  };
}

interface PatchContainer { name: string; image?: string; command?: string[]; args?: string[]; resources?: { requests?: ResourceList; limits?: ResourceList } }

function merge(list: readonly ContainerSpecSummary[], patch: readonly PatchContainer[] | undefined): ContainerSpecSummary[] {
  const out = list.map((c) => ({ ...c }));
  for (const p of patch ?? []) {
    const i = out.findIndex((c) => c.name === p.name);
    const base: ContainerSpecSummary = i >= 0 ? out[i]! : { name: p.name, image: p.image ?? '', command: [], args: [], requests: {}, limits: {} };
    const next = { ...base, ...(p.command ? { command: p.command } : {}), ...(p.args ? { args: p.args } : {}), ...(p.resources ? { requests: p.resources.requests ?? {}, limits: p.resources.limits ?? {} } : {}) };
    if (i >= 0) out[i] = next;
    else out.push(next);
  }
  return out;
}

/** The DaemonSet after the API server applied the plan's strategic-merge patch (a new generation). */
function applied(ds: DaemonSetModel, plan: Plan): DaemonSetModel {
  let out = ds;
  for (const call of plan.calls) {
    const spec = (call.body as { spec: { template: { spec: { containers?: PatchContainer[]; initContainers?: PatchContainer[] } } } }).spec.template.spec;
    out = { ...out, generation: out.generation + 1, resourceVersion: `${Number(out.resourceVersion) + 1}`, containers: merge(out.containers, spec.containers), initContainers: merge(out.initContainers, spec.initContainers) };
  }
  return out;
}

const PLANS: Record<string, (ds: DaemonSetModel) => Plan> = {
  qos: (ds) => planGuaranteedQos(ds),
  cleanup: (ds) => planCleanupOnExit(ds),
  wait: (ds) => planWaitForPrimary(ds, '10-aws.conflist'),
};
const qosOf = (ds: DaemonSetModel): string => podQosClass(ds.containers, ds.initContainers);
const qosFinding = (ds: DaemonSetModel): boolean => multusDaemonSetFindings(ds).some((f) => f.ruleId === 'multus-ds-not-guaranteed');

const qty = fc.constantFrom(undefined, '50m', '100m', '200m', '64Mi', '100Mi', '200Mi');
const resources = fc.record({ requests: fc.record({ cpu: qty, memory: qty }), limits: fc.record({ cpu: qty, memory: qty }) })
  .filter((r) => (['cpu', 'memory'] as const).every((k) => {
    const req = quantityNano(r.requests[k]);
    const lim = quantityNano(r.limits[k]);
    return req === undefined || lim === undefined || req <= lim;
  }));
const guaranteed = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } };
const daemonsets = fc.oneof(
  fc.tuple(resources, resources).map(([m, i]) => multusDs(m, i)),
  fc.constant(multusDs(guaranteed, guaranteed)),
  fc.constant(multusDs({ requests: {}, limits: {} }, { requests: {}, limits: {} })),
);

describe('DaemonSet plans and the QoS class', () => {
  it('the demo\'s case: waiting for the primary CNI keeps a Guaranteed pod Guaranteed, and says so', () => {
    const ds = multusDs(guaranteed, guaranteed);
    const plan = planWaitForPrimary(ds, '10-aws.conflist');
    expect(plan.qos).toEqual({ before: 'Guaranteed', after: 'Guaranteed' });
    const init = (plan.calls[0]!.body as { spec: { template: { spec: { initContainers: PatchContainer[] } } } }).spec.template.spec.initContainers[0]!;
    expect(init.resources).toEqual(guaranteed);
    expect(qosFinding(applied(ds, plan))).toBe(false);
  });

  it('every plan states the class its patch really leaves, and only the QoS plan changes it (to Guaranteed)', () => {
    fc.assert(fc.property(daemonsets, fc.constantFrom(...Object.keys(PLANS)), (ds, name) => {
      const plan = PLANS[name]!(ds);
      if (plan.blocked) return;
      const after = applied(ds, plan);
      expect(plan.qos).toEqual({ before: qosOf(ds), after: qosOf(after) });
      expect(qosOf(after)).toBe(name === 'qos' ? 'Guaranteed' : qosOf(ds));
    }));
  });

  it('applying fixes in any order never brings the QoS finding back once the QoS fix is in', () => {
    const orders = [['qos', 'wait'], ['wait', 'qos'], ['qos', 'cleanup', 'wait'], ['wait', 'cleanup', 'qos'], ['cleanup', 'qos', 'wait']];
    fc.assert(fc.property(daemonsets, fc.constantFrom(...orders), (start, order) => {
      let ds = start;
      let fixed = false;
      for (const name of order) {
        const plan = PLANS[name]!(ds);
        if (!plan.blocked) ds = applied(ds, plan);
        fixed ||= name === 'qos';
        if (fixed) expect(qosFinding(ds)).toBe(false);
      }
    }));
  });

  it('refuses QoS values Kubernetes would not count as limits', () => {
    const plan = planGuaranteedQos(multusDs(guaranteed, guaranteed), { cpu: '0', memory: '100Mi' });
    expect(plan.blocked).toMatch(/Burstable, not Guaranteed/);
  });
});

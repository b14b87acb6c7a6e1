import { describe, expect, it } from 'vitest';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { rolledOut } from '@/lib/testing/models';
import { accessChecks, planDigest } from './plan';
import { CLEANUP_FLAG, planCleanupOnExit, planGuaranteedQos, planWaitForPrimary } from './daemonset-plans';

function multusDs(image = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', over: Partial<DaemonSetModel> = {}): DaemonSetModel {
  return {
    namespace: 'kube-system', name: 'kube-multus-ds', uid: 'u', resourceVersion: '4711', labels: {},
    containers: [{
      name: 'kube-multus', image, command: ['/thin_entrypoint'],
      args: ['--multus-conf-file=auto', '--multus-autoconfig-dir=/host/etc/cni/net.d', '--cni-conf-dir=/host/etc/cni/net.d'],
      requests: {}, limits: {},
      volumeMounts: [{ name: 'cni', mountPath: '/host/etc/cni/net.d', readOnly: false }, { name: 'cnibin', mountPath: '/host/opt/cni/bin', readOnly: false }],
    }],
    initContainers: [{ name: 'install-multus-binary', image, command: ['/install_multus'], args: ['--type', 'thin'], requests: {}, limits: {} }],
    ...rolledOut(12),
    ...over,
  };
}

describe('planGuaranteedQos', () => {
  it('sets requests = limits on every container, guarded by the resourceVersion', () => {
    const plan = planGuaranteedQos(multusDs());
    expect(plan.blocked).toBeUndefined();
    expect(plan.confirmText).toBe('kube-multus-ds');
    expect(plan.calls).toHaveLength(1);
    const res = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } };
    expect(plan.calls[0]!.body).toEqual({
      metadata: { resourceVersion: '4711' },
      spec: { template: { spec: { containers: [{ name: 'kube-multus', resources: res }], initContainers: [{ name: 'install-multus-binary', resources: res }] } } },
    });
    expect(accessChecks(plan)).toEqual([{ verb: 'patch', group: 'apps', resource: 'daemonsets', subresource: undefined, namespace: 'kube-system', name: 'kube-multus-ds' }]);
  });

  it('takes edited values and refuses ones that are not quantities', () => {
    expect(JSON.stringify(planGuaranteedQos(multusDs(), { cpu: '200m', memory: '128Mi' }).calls[0]!.body)).toContain('"cpu":"200m","memory":"128Mi"');
    expect(planGuaranteedQos(multusDs(), { cpu: '1; rm -rf /' }).blocked).toContain('not Kubernetes quantities');
  });
});

describe('planCleanupOnExit', () => {
  it('says an upgrade is needed before v4.1.0', () => {
    expect(planCleanupOnExit(multusDs()).blocked).toMatch(/upgrade to v4\.1\.0/);
    expect(planCleanupOnExit(multusDs('multus-cni:latest')).blocked).toMatch(/Cannot read a version/);
  });

  it('adds the flag to the whole args list on v4.1.0 and later, once', () => {
    const plan = planCleanupOnExit(multusDs('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.3'));
    const body = plan.calls[0]!.body as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
    expect(body.spec.template.spec.containers[0]!.args).toEqual(['--multus-conf-file=auto', '--multus-autoconfig-dir=/host/etc/cni/net.d', '--cni-conf-dir=/host/etc/cni/net.d', CLEANUP_FLAG]);
    const done = multusDs('multus-cni:v4.2.0');
    done.containers[0]!.args.push(CLEANUP_FLAG);
    expect(planCleanupOnExit(done).blocked).toContain('already');
  });
});

describe('planWaitForPrimary', () => {
  it('adds an initContainer that waits for the primary file on the Multus CNI mount', () => {
    const plan = planWaitForPrimary(multusDs(), '10-aws.conflist');
    const body = plan.calls[0]!.body as { spec: { template: { spec: { initContainers: Array<{ command: string[]; volumeMounts: unknown[] }> } } } };
    const init = body.spec.template.spec.initContainers[0]!;
    expect(init.command[2]).toContain('until [ -f /host/etc/cni/net.d/10-aws.conflist ]');
    expect(init.volumeMounts).toEqual([{ name: 'cni', mountPath: '/host/etc/cni/net.d', readOnly: true }]);
  });

  it('refuses a file name that could break out of the shell command', () => {
    expect(planWaitForPrimary(multusDs(), '10-aws.conflist ]; rm -rf / #').blocked).toBeDefined();
    expect(planWaitForPrimary(multusDs(), undefined).blocked).toBeDefined();
  });
});

describe('planDigest', () => {
  it('changes when what would be sent changes, not otherwise', () => {
    const a = planGuaranteedQos(multusDs());
    expect(planDigest(a)).toBe(planDigest(planGuaranteedQos(multusDs())));
    expect(planDigest(a)).not.toBe(planDigest(planGuaranteedQos(multusDs(undefined, { resourceVersion: '4712' }))));
  });
});

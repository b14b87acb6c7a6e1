/**
 * Plans that patch the Multus DaemonSet: the fixes that stop the incident
 * from happening again at the next boot. Each is a strategic-merge patch
 * (containers merge by name) carrying the object's resourceVersion, so a
 * concurrent change makes the API server answer 409 and we re-plan rather
 * than overwrite someone else's edit.
 * No plan lowers the pods' QoS class (one fix must not undo another): each
 * states the class before and after, computed from the template it leaves
 * (lib/health/qos.ts), and the QoS plan refuses values that would not make
 * the pods Guaranteed.
 */
import { imageVersion, isMultusDaemonSet, MULTUS_MIN_RECOMMENDED } from '@/lib/health/daemonset';
import { podQosClass } from '@/lib/health/qos';
import type { ContainerSpecSummary, DaemonSetModel, ResourceList } from '@/lib/model/daemonset';
import type { Plan } from './plan';
import { resolvedMaxUnavailable } from './rollout';

export const CLEANUP_FLAG = '--cleanup-config-on-exit=true';
export const DEFAULT_MULTUS_RESOURCES = { cpu: '100m', memory: '100Mi' } as const;

export function findMultusDaemonSet(daemonsets: readonly DaemonSetModel[]): DaemonSetModel | undefined {
  return daemonsets.find(isMultusDaemonSet);
}

const qosOf = (containers: readonly ContainerSpecSummary[], init: readonly ContainerSpecSummary[]): ReturnType<typeof podQosClass> => podQosClass(containers, init);

function base(ds: DaemonSetModel, action: Plan['action']): Plan {
  const unchanged = qosOf(ds.containers, ds.initContainers);
  return {
    action,
    scope: 'cluster',
    target: { kind: 'DaemonSet', namespace: ds.namespace, name: ds.name },
    calls: [],
    skipped: [],
    warnings: rolloutWarnings(ds, action),
    confirmText: ds.name,
    verify: { kind: 'daemonset-rolled', namespace: ds.namespace, name: ds.name },
    qos: { before: unchanged, after: unchanged },
  };
}

/**
 * Every patch here restarts each Multus pod. A Multus that does not remove
 * its config on exit leaves its generated file behind, and the restarted pod
 * may wrap that file instead of the primary config: the incident itself.
 */
function rolloutWarnings(ds: DaemonSetModel, action: Plan['action']): string[] {
  const c = ds.containers.find((x) => /multus/i.test(x.image)) ?? ds.containers[0];
  const cleans = c?.args.some((a) => a.startsWith('--cleanup-config-on-exit')) ?? false;
  const restarts = `Each Multus pod restarts, ${pace(ds)}, on ${ds.desired} nodes; the operation follows the rollout until every pod is updated and available.`;
  if (cleans || action === 'multus-cleanup-on-exit') return [restarts];
  return [
    restarts,
    'This Multus does not remove its config on exit: a restarted pod can wrap its own leftover 00-multus.conf and break pod networking on that node, as in the incident. Enable --cleanup-config-on-exit (Multus v4.1.0+) first where you can, and watch the rollout.',
  ];
}

/** How the DaemonSet controller will roll the pods: maxUnavailable as it resolves it (lib/remediation/rollout.ts). */
function pace(ds: DaemonSetModel): string {
  if (ds.updateStrategy.type === 'OnDelete') return 'only when each is deleted (updateStrategy OnDelete)';
  const n = resolvedMaxUnavailable(ds);
  return `${n === 1 ? 'one node' : `${n} nodes`} at a time (maxUnavailable ${ds.updateStrategy.maxUnavailable})`;
}

function patchCall(ds: DaemonSetModel, id: string, template: unknown, description: string): Plan['calls'][number] {
  return {
    id,
    verb: 'patch',
    target: { group: 'apps', resource: 'daemonsets', namespace: ds.namespace, name: ds.name },
    patchType: 'strategic-merge',
    body: { metadata: { resourceVersion: ds.resourceVersion }, spec: { template: { spec: template } } },
    description,
  };
}

const mainContainer = (ds: DaemonSetModel): ContainerSpecSummary | undefined => ds.containers.find((c) => /multus/i.test(c.image)) ?? ds.containers[0];

function isOlder(v: readonly number[], than: readonly number[]): boolean {
  const i = v.findIndex((n, k) => n !== than[k]);
  return i >= 0 && v[i]! < than[i]!;
}

const QUANTITY = /^([0-9]+(\.[0-9]+)?)(m|Ki|Mi|Gi|k|M|G)?$/;

export function planGuaranteedQos(ds: DaemonSetModel, resources: { cpu?: string; memory?: string } = {}): Plan {
  const plan = base(ds, 'multus-guaranteed-qos');
  const cpu = resources.cpu ?? DEFAULT_MULTUS_RESOURCES.cpu;
  const memory = resources.memory ?? DEFAULT_MULTUS_RESOURCES.memory;
  if (!QUANTITY.test(cpu) || !QUANTITY.test(memory)) return { ...plan, blocked: `"${cpu}" / "${memory}" are not Kubernetes quantities (e.g. 100m, 100Mi).` };
  // Guaranteed QoS needs requests = limits on every container, init containers included.
  const res = { requests: { cpu, memory }, limits: { cpu, memory } };
  const after = qosOf(ds.containers.map((c) => ({ ...c, ...res })), ds.initContainers.map((c) => ({ ...c, ...res })));
  if (after !== 'Guaranteed') return { ...plan, qos: { before: plan.qos!.before, after }, blocked: `${cpu} CPU / ${memory} memory would make the pods ${after}, not Guaranteed: Kubernetes counts only limits above zero.` };
  plan.qos = { before: plan.qos!.before, after };
  const containers = ds.containers.map((c) => ({ name: c.name, resources: res }));
  const initContainers = ds.initContainers.map((c) => ({ name: c.name, resources: res }));
  plan.calls.push(patchCall(ds, 'patch-resources', initContainers.length ? { containers, initContainers } : { containers },
    `Set requests = limits = ${cpu} CPU, ${memory} memory on ${[...ds.containers, ...ds.initContainers].map((c) => c.name).join(', ')} of ${ds.namespace}/${ds.name}; its pods roll ${pace(ds)}.`));
  return plan;
}

export function planCleanupOnExit(ds: DaemonSetModel): Plan {
  const plan = base(ds, 'multus-cleanup-on-exit');
  const c = mainContainer(ds);
  if (!c) return { ...plan, blocked: 'The Multus DaemonSet has no container.' };
  const version = imageVersion(c.image);
  const min = MULTUS_MIN_RECOMMENDED.join('.');
  if (!version) return { ...plan, blocked: `Cannot read a version from the image ${c.image}; --cleanup-config-on-exit needs Multus v${min} or later.` };
  if (isOlder(version, MULTUS_MIN_RECOMMENDED)) return { ...plan, blocked: `Multus ${version.join('.')} does not know --cleanup-config-on-exit: upgrade to v${min} or later first (see "Upgrade Multus").` };
  if (c.args.some((a) => a.startsWith('--cleanup-config-on-exit'))) return { ...plan, blocked: 'Multus already has --cleanup-config-on-exit.' };
  // A strategic merge replaces a container's `args` list whole: send all of them.
  plan.calls.push(patchCall(ds, 'patch-args', { containers: [{ name: c.name, args: [...c.args, CLEANUP_FLAG] }] },
    `Add ${CLEANUP_FLAG} to container ${c.name} of ${ds.namespace}/${ds.name}; its pods roll ${pace(ds)}.`));
  return plan;
}

/**
 * An initContainer that blocks until the primary CNI config exists, so
 * Multus never starts (and never wraps anything) before it. It reuses the
 * Multus image and its CNI config mount.
 */
export function planWaitForPrimary(ds: DaemonSetModel, primaryFile: string | undefined): Plan {
  const plan = base(ds, 'multus-wait-for-primary-cni');
  const c = mainContainer(ds);
  if (!c) return { ...plan, blocked: 'The Multus DaemonSet has no container.' };
  if (!primaryFile || !/^[A-Za-z0-9._-]+$/.test(primaryFile)) return { ...plan, blocked: 'No primary CNI config file name is known from the nodes\' snapshots.' };
  const confArg = c.args.find((a) => a.startsWith('--multus-autoconfig-dir=') || a.startsWith('--cni-conf-dir='));
  const confDir = confArg?.split('=')[1];
  const mount = (c.volumeMounts ?? []).find((m) => confDir && (m.mountPath.replace(/\/$/, '') === confDir.replace(/\/$/, '')));
  if (!confDir || !mount) return { ...plan, blocked: 'Cannot tell where the Multus container mounts the CNI config directory (no --multus-autoconfig-dir or --cni-conf-dir with a matching volume mount).' };
  if (ds.initContainers.some((i) => i.name === 'wait-for-primary-cni')) return { ...plan, blocked: 'The DaemonSet already has the wait-for-primary-cni initContainer.' };
  const path = `${confDir.replace(/\/$/, '')}/${primaryFile}`;
  const resources = waitResources(ds, c);
  const init = {
    name: 'wait-for-primary-cni',
    image: c.image,
    command: ['/bin/sh', '-c', `until [ -f ${path} ]; do echo "waiting for ${path}"; sleep 1; done`],
    volumeMounts: [{ name: mount.name, mountPath: mount.mountPath, readOnly: true }],
    ...(resources ? { resources: { requests: resources, limits: resources } } : {}),
  };
  const summary: ContainerSpecSummary = { name: init.name, image: init.image, command: init.command, args: [], requests: resources ?? {}, limits: resources ?? {} };
  plan.qos = { before: plan.qos!.before, after: qosOf(ds.containers, [...ds.initContainers, summary]) };
  plan.calls.push(patchCall(ds, 'patch-init', { initContainers: [init] },
    `Add initContainer wait-for-primary-cni to ${ds.namespace}/${ds.name}: Multus starts only once ${primaryFile} exists; its pods roll ${pace(ds)}.`));
  return plan;
}

/**
 * The wait container's resources. In a Guaranteed pod every container, init
 * containers included, needs cpu and memory limits equal to its requests,
 * or the pod falls to Burstable; it gets the Multus container's, which
 * cost no extra room on the node: the scheduler counts
 * max(largest init container, sum of app containers)
 * (https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers).
 * A Burstable or BestEffort pod keeps its class without any.
 */
function waitResources(ds: DaemonSetModel, main: ContainerSpecSummary): Required<ResourceList> | undefined {
  if (qosOf(ds.containers, ds.initContainers) !== 'Guaranteed') return undefined;
  const cpu = main.limits.cpu;
  const memory = main.limits.memory;
  return cpu && memory ? { cpu, memory } : undefined;
}

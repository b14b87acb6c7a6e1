/**
 * Multus DaemonSet hygiene: the settings that make the boot race of
 * DESIGN.md survivable. Fleet-level facts (one DaemonSet, every node): they
 * never make a healthy node degraded on their own.
 * - Guaranteed QoS (requests = limits for cpu and memory on every container)
 *   keeps the Multus pod from being evicted/OOM-killed first:
 *   https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 * - `--cleanup-config-on-exit=true` removes 00-multus.conf when the pod
 *   exits, so a restart cannot wrap a stale copy (Multus v4.1.0+ thin):
 *   https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md
 * - an initContainer (or readiness indicator) that waits for the primary CNI
 *   config before Multus generates its own.
 */
import type { ContainerSpecSummary, DaemonSetModel } from '@/lib/model/daemonset';
import { notGuaranteedBecause, podQosClass } from './qos';
import { finding } from './rules/types';
import type { Finding } from './types';

export const MULTUS_MIN_RECOMMENDED = [4, 1, 0] as const;

export function isMultusDaemonSet(ds: DaemonSetModel): boolean {
  return /multus/i.test(ds.name) || ds.containers.some((c) => /multus/i.test(c.image));
}

/** Kubernetes quantity to a number (cores or bytes); undefined when unparseable. */
export function parseQuantity(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q.trim());
  if (!m) return undefined;
  const units: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const n = Number(m[1]);
  return Number.isFinite(n) ? n * units[m[2] ?? '']! : undefined;
}

/** Version from an image tag (`...multus-cni:v4.0.2-thick`); undefined for `latest`, `snapshot`, digests. */
export function imageVersion(image: string): [number, number, number] | undefined {
  const tag = /:v?(\d+)\.(\d+)(?:\.(\d+))?[^/:@]*$/.exec(image.split('@')[0] ?? image);
  return tag ? [Number(tag[1]), Number(tag[2]), Number(tag[3] ?? 0)] : undefined;
}

const older = (v: readonly number[], than: readonly number[]): boolean => {
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (than[i] ?? 0)) return (v[i] ?? 0) < (than[i] ?? 0);
  return false;
};

const argsOf = (c: ContainerSpecSummary): string => [...c.command, ...c.args].join(' ');

function waitsForPrimary(ds: DaemonSetModel): boolean {
  const waitingInit = ds.initContainers.some((c) => {
    const text = argsOf(c);
    return /\b(until|while|wait|sleep|inotifywait|timeout)\b/.test(text) && /(net\.d|conflist|\.conf\b|readiness)/.test(text);
  });
  return waitingInit || ds.containers.some((c) => /--readiness-indicator-file|readinessindicatorfile/i.test(argsOf(c)));
}

export function multusDaemonSetFindings(ds: DaemonSetModel): Finding[] {
  const ref = `${ds.namespace}/${ds.name}`;
  const main = ds.containers.find((c) => /multus/i.test(c.image)) ?? ds.containers[0];
  const out: Finding[] = [];
  if (podQosClass(ds.containers, ds.initContainers) !== 'Guaranteed') {
    const why = [...ds.containers, ...ds.initContainers].map(notGuaranteedBecause).find((x) => x !== undefined) ?? 'requests and limits differ';
    out.push(finding({
      ruleId: 'multus-ds-not-guaranteed',
      severity: 'warning',
      title: `Multus DaemonSet ${ref} is not Guaranteed QoS`,
      explanation: 'Without requests equal to limits for cpu and memory on every container, the Multus pod is among the first evicted or OOM-killed under memory pressure, and a Multus pod that dies can leave a stale config that its restart wraps (self-nesting).',
      evidence: [{ message: `QoS class ${podQosClass(ds.containers, ds.initContainers)}: ${why}` }],
      remediations: ['multus-guaranteed-qos'],
    }));
  }
  const version = main ? imageVersion(main.image) : undefined;
  if (version && older(version, MULTUS_MIN_RECOMMENDED)) {
    out.push(finding({
      ruleId: 'multus-ds-old-version',
      severity: 'warning',
      title: `Multus ${version.join('.')} is older than ${MULTUS_MIN_RECOMMENDED.join('.')}`,
      explanation: 'Versions before 4.1.0 cannot remove their generated config on exit (--cleanup-config-on-exit), which is what lets a restart wrap its own stale config.',
      evidence: [{ message: `image ${main!.image}` }],
      remediations: ['upgrade-multus'],
    }));
  }
  const cleanup = main && /--cleanup-config-on-exit(=true)?(\s|$)/.test(`${argsOf(main)} `);
  if (main && !cleanup) {
    const tooOld = version !== undefined && older(version, MULTUS_MIN_RECOMMENDED);
    out.push(finding({
      ruleId: 'multus-ds-no-cleanup-on-exit',
      severity: 'warning',
      title: `Multus DaemonSet ${ref} does not clean up its config on exit`,
      explanation: `Without --cleanup-config-on-exit=true, 00-multus.conf stays on the node when the Multus pod dies; a restart (or node reboot) then finds it first and wraps it inside itself.${tooOld ? ` Version ${version.join('.')} needs an upgrade to ${MULTUS_MIN_RECOMMENDED.join('.')} first.` : ''}`,
      evidence: [{ message: `container ${main.name} args: ${argsOf(main) || '(none)'}` }],
      remediations: tooOld ? ['upgrade-multus', 'multus-cleanup-on-exit'] : ['multus-cleanup-on-exit'],
    }));
  }
  if (!waitsForPrimary(ds)) {
    out.push(finding({
      ruleId: 'multus-ds-no-primary-wait',
      severity: 'warning',
      title: `Multus DaemonSet ${ref} does not wait for the primary CNI config`,
      explanation: 'At node boot Multus can start before the primary CNI has written its config and generate 00-multus.conf from whatever sorts first. An initContainer that waits for the primary config (or a readiness indicator file) closes that race.',
      evidence: [{ message: `initContainers: ${ds.initContainers.map((c) => c.name).join(', ') || 'none'}` }],
      remediations: ['multus-wait-for-primary-cni'],
    }));
  }
  return out;
}

export function daemonSetFindings(daemonsets: readonly DaemonSetModel[]): Finding[] {
  return daemonsets.filter(isMultusDaemonSet).flatMap(multusDaemonSetFindings);
}

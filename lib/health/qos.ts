/**
 * A pod's QoS class from its containers' resources, as the API server
 * computes it (pkg/apis/core/helper/qos/qos.go, ComputePodQOS) over app and
 * init containers alike:
 * - BestEffort: no positive cpu or memory request or limit anywhere;
 * - Guaranteed: every container has positive cpu and memory limits, and the
 *   summed requests equal the summed limits for cpu and memory;
 * - Burstable: anything else.
 * A template's container with a limit and no request gets request = limit
 * when the pod is created (SetDefaults_Pod, pkg/apis/core/v1/defaults.go),
 * so that is applied first. Pod-level resources (spec.resources, the
 * PodLevelResources feature) are not in the slim model and not considered.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 * Quantities are compared exactly, in nano units, as resource.Quantity does.
 */
import type { ResourceList } from '@/lib/model/daemonset';
import type { QosClass } from '@/lib/model/pod';

export interface ResourcesOf {
  name: string;
  requests: ResourceList;
  limits: ResourceList;
}

const NANO = 10n ** 9n;
/** Nano units per one of each suffix. */
const SUFFIX: Record<string, bigint> = {
  n: 1n, u: 1_000n, m: 1_000_000n, '': NANO,
  k: 10n ** 12n, M: 10n ** 15n, G: 10n ** 18n, T: 10n ** 21n, P: 10n ** 24n, E: 10n ** 27n,
  Ki: 1024n * NANO, Mi: 1024n ** 2n * NANO, Gi: 1024n ** 3n * NANO, Ti: 1024n ** 4n * NANO, Pi: 1024n ** 5n * NANO, Ei: 1024n ** 6n * NANO,
};
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d{1,3}))?$/;

/** A Kubernetes quantity in nano units (rounded up, as the API server rounds below its precision); undefined when it is not one. */
export function quantityNano(q: string | undefined): bigint | undefined {
  if (q === undefined || q.length > 64) return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const [whole = '', frac = ''] = (m[2] ?? '').split('.');
  const digits = BigInt(`${whole}${frac}` || '0');
  let num = digits * (m[4] !== undefined ? NANO : SUFFIX[m[3] ?? '']!);
  let den = 10n ** BigInt(frac.length);
  const exp = m[4] !== undefined ? Number(m[4]) : 0;
  if (exp > 0) num *= 10n ** BigInt(exp);
  else if (exp < 0) den *= 10n ** BigInt(-exp);
  const v = (num + den - 1n) / den;
  return m[1] === '-' ? -v : v;
}

const RESOURCES = ['cpu', 'memory'] as const;
const positive = (q: string | undefined): bigint | undefined => {
  const v = quantityNano(q);
  return v !== undefined && v > 0n ? v : undefined;
};

/** Why this container keeps the pod from Guaranteed, or undefined when it does not. */
export function notGuaranteedBecause(c: ResourcesOf): string | undefined {
  for (const r of RESOURCES) {
    const limit = positive(c.limits[r]);
    if (limit === undefined) return `container ${c.name} has no ${r} limit`;
    const request = c.requests[r] === undefined ? limit : quantityNano(c.requests[r]);
    if (request !== limit) return `container ${c.name}: ${r} request ${c.requests[r]} is not its limit ${c.limits[r]}`;
  }
  return undefined;
}

export function podQosClass(containers: readonly ResourcesOf[], initContainers: readonly ResourcesOf[]): QosClass {
  const all = [...containers, ...initContainers];
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const add = (m: Map<string, bigint>, r: string, v: bigint | undefined): void => {
    if (v !== undefined) m.set(r, (m.get(r) ?? 0n) + v);
  };
  for (const c of all) {
    let limitsFound = 0;
    for (const r of RESOURCES) {
      const limit = positive(c.limits[r]);
      add(requests, r, positive(c.requests[r] ?? c.limits[r]));
      add(limits, r, limit);
      if (limit !== undefined) limitsFound++;
    }
    if (limitsFound < RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && [...requests].every(([r, v]) => limits.get(r) === v) && requests.size === limits.size) return 'Guaranteed';
  return 'Burstable';
}

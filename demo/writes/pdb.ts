/**
 * PodDisruptionBudget arithmetic, as the disruption controller computes
 * status (pkg/controller/disruption): expected pods are the selected,
 * non-terminal pods; healthy ones are Ready; percentages round up.
 */
import { iso } from '../builders/meta';
import type { IntOrString, Labels, PodDisruptionBudgetObject, PodObject } from '../types';

export function selectsLabels(matchLabels: Labels | undefined, labels: Labels | undefined): boolean {
  const want = Object.entries(matchLabels ?? {});
  return want.length > 0 && want.every(([k, v]) => labels?.[k] === v);
}

function scaled(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

const isReady = (p: PodObject): boolean => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

export type DisruptionStatus = Omit<PodDisruptionBudgetObject['status'], 'conditions' | 'observedGeneration'>;

export function disruptionStatus(pdb: PodDisruptionBudgetObject, pods: readonly PodObject[]): DisruptionStatus {
  const selected = pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && selectsLabels(pdb.spec.selector?.matchLabels, p.metadata.labels)
    && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  const expectedPods = selected.length;
  const currentHealthy = selected.filter((p) => isReady(p) && !p.metadata.deletionTimestamp).length;
  const desiredHealthy = pdb.spec.maxUnavailable !== undefined
    ? Math.max(0, expectedPods - scaled(pdb.spec.maxUnavailable, expectedPods))
    : scaled(pdb.spec.minAvailable ?? 0, expectedPods);
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) };
}

/** The whole status as the controller writes it, with its DisruptionAllowed condition. */
export function pdbStatus(pdb: PodDisruptionBudgetObject, pods: readonly PodObject[], at: number): PodDisruptionBudgetObject['status'] {
  const s = disruptionStatus(pdb, pods);
  const allowed = s.disruptionsAllowed > 0;
  const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const same = prev && (prev.status === 'True') === allowed;
  return {
    ...s,
    observedGeneration: pdb.metadata.generation ?? 1,
    conditions: [{
      type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: '', lastTransitionTime: same ? prev.lastTransitionTime ?? iso(at) : iso(at),
    }],
  };
}

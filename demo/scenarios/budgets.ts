/**
 * PodDisruptionBudgets of the scenario: the one EKS's CoreDNS add-on ships,
 * and the payments team's, which protects a workload with a stuck replica,
 * so an eviction of one of its running pods is refused (429).
 */
import { DAY, objectMeta } from '../builders/meta';
import type { ObjectStore } from '../store';
import type { PodDisruptionBudgetObject } from '../types';
import { pdbStatus } from '../writes/pdb';

function budget(namespace: string, name: string, createdAt: number, spec: PodDisruptionBudgetObject['spec'], manager: string): PodDisruptionBudgetObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta({
      name, namespace, createdAt, generation: 1, labels: { 'app.kubernetes.io/name': name },
      managers: [{ manager, apiVersion: 'policy/v1', time: createdAt, fields: { 'f:spec': { 'f:selector': {} } } }],
    }),
    spec,
    status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1, conditions: [] },
  };
}

export function seedBudgets(store: ObjectStore, now: number): void {
  const pods = store.list('pods');
  for (const pdb of [
    budget('kube-system', 'coredns', now - 23 * DAY, { maxUnavailable: 1, selector: { matchLabels: { app: 'coredns' } } }, 'eks'),
    budget('payments', 'payments-api', now - 20 * DAY, { minAvailable: 4, selector: { matchLabels: { app: 'payments-api' } } }, 'argocd-controller'),
  ]) {
    pdb.status = pdbStatus(pdb, pods, now - DAY);
    store.create('poddisruptionbudgets', pdb);
  }
}

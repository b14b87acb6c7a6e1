/**
 * One dashboard replica's state as an install has it (docs/fault-tolerance.md):
 * the Secrets of its namespace, its own operation ledger and, by default, its
 * own Lease elector. Tests make two of these against one demo cluster to play
 * two replicas in one process.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LeaderElector, leaseLock } from '@/lib/k8s/lease';
import { secretRecords } from '@/lib/k8s/records';
import type { DashboardState } from '@/lib/state/dashboard-state';
import { OperationLedger } from '@/lib/state/operations';

export function replicaState(kc: KubeConfig, namespace: string, identity: string, opts: { elector?: boolean } = {}): DashboardState {
  const records = secretRecords(kc, namespace);
  const state: DashboardState = { storage: 'cluster', identity, namespace, records, ledger: new OperationLedger(records, identity) };
  if (opts.elector === false) return state;
  const elector = new LeaderElector({ lock: leaseLock(kc, namespace, 'cni-health-dashboard'), identity, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, now: Date.now });
  return { ...state, elector };
}

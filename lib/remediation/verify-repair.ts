/**
 * Whether an un-nested node recovered: its config is no longer self-nested,
 * it is not broken, no pod on it is stuck, and its pod network answers where
 * probed. Not "healthy": the repair restarts nothing, so findings about the
 * Multus pod's past (an OOMKilled last termination) or the DaemonSet's
 * settings stay, rightly, as warnings the repair neither caused nor fixes.
 * Pure: the caller passes the node's fresh diagnosis.
 */
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import type { Verification } from './plan';

export type RepairVerification = Extract<Verification, { kind: 'config-repaired' }>;

export function repairVerificationState(d: NodeDiagnosis | undefined, v: RepairVerification): { done: boolean; seen: string } {
  if (!d) return { done: false, seen: 'node not found' };
  const nested = d.findings.some((f) => f.ruleId === v.ruleId);
  const net = d.dataPlane?.verdict?.state;
  const netOk = net === undefined || net === 'ok';
  const missing = d.partial.length;
  return {
    done: !nested && d.verdict !== 'broken' && d.stuck.length === 0 && netOk,
    seen: [
      nested ? `${v.ruleId} still there` : 'config no longer self-nested',
      d.verdict,
      `${d.stuck.length} stuck pod${d.stuck.length === 1 ? '' : 's'}`,
      ...(missing > 0 ? [`${missing} pod${missing === 1 ? '' : 's'} missing a secondary network`] : []),
      ...(net ? [`pod network ${net === 'ok' ? 'answers' : net}`] : []),
    ].join(', '),
  };
}

export function describeRepairVerification(v: RepairVerification): string {
  return `${v.node} no longer self-nested, not broken, with no stuck pods (and its pod network answering its peers, where probed)`;
}

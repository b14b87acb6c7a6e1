/**
 * Which remediation may be offered for which finding: only one that
 * addresses the finding's cause, as the catalogue declares (`fixes`). A
 * finding's cause is the finding another one names as its cause (a
 * crash-looping primary agent behind a missing config), else the finding
 * itself and the sandbox-failure signatures its evidence matched.
 */
import type { Finding } from '@/lib/health/types';
import { remediationInfo } from './catalogue';

export function causesOf(f: Pick<Finding, 'ruleId' | 'evidence' | 'cause'>): string[] {
  if (f.cause) return [f.cause.ruleId];
  return [f.ruleId, ...new Set(f.evidence.flatMap((e) => (e.signature ? [`signature:${e.signature}`] : [])))];
}

export function addresses(remediation: string, f: Pick<Finding, 'ruleId' | 'evidence' | 'cause'>): boolean {
  const info = remediationInfo(remediation);
  if (!info) return false;
  return causesOf(f).some((c) => info.fixes.includes(c));
}

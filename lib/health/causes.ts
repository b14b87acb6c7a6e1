/**
 * Findings that are consequences of another finding on the same node. A
 * primary CNI agent that is down explains a missing config, a kubelet
 * reporting the network plugin not ready, Multus waiting for the primary
 * config or its readiness file, and sandboxes failing for want of a network:
 * those findings name it as their cause and offer its fix (restarting the
 * agent) rather than fixes for their symptoms.
 */
import { SIGNATURES } from './signatures';
import type { Finding } from './types';

const AGENT_DOWN = 'primary-cni-agent';
export const CAUSED_BY_AGENT: ReadonlySet<string> = new Set([
  'cni-config-missing', 'network-plugin-not-ready', 'multus-primary-missing', 'multus-readiness-indicator-missing',
]);
const SIGNATURE_RULE = new Map(SIGNATURES.map((s) => [s.id, s.relatedRule]));
/** Sandbox failures that say the primary CNI's agent is not serving (lib/health/signatures.ts). */
const AGENT_SIGNATURES: ReadonlySet<string> = new Set([
  'cni-not-initialized', 'aws-ipamd-unreachable', 'calico-node-not-running', 'cilium-agent-unreachable',
  'flannel-subnet-env-missing', 'antrea-agent-unreachable', 'weave-unreachable', 'multus-readiness-indicator', 'multus-no-default-network',
]);

function causedByAgent(f: Finding): boolean {
  if (CAUSED_BY_AGENT.has(f.ruleId)) return true;
  // Sandboxes that fail because there is no primary network at all.
  return f.ruleId === 'pod-sandbox-failing' && f.evidence.some((e) => e.signature !== undefined && (CAUSED_BY_AGENT.has(SIGNATURE_RULE.get(e.signature) ?? '') || AGENT_SIGNATURES.has(e.signature)));
}

export function linkCauses(findings: Finding[]): Finding[] {
  const agent = findings.find((f) => f.ruleId.startsWith(AGENT_DOWN) && f.severity === 'error');
  if (!agent) return findings;
  // A consequence is fixed by fixing its cause: it offers the cause's remediations, not its own.
  return findings.map((f) => (f !== agent && causedByAgent(f) ? { ...f, cause: { ruleId: agent.ruleId, title: agent.title }, remediations: [...agent.remediations] } : f));
}

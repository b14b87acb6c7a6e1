/**
 * A remediation plan: exactly which API calls an action will make, so the
 * user can read them before anything runs, the server can dry-run each one,
 * and a permission check can be asked for each verb and resource.
 */
import type { RemediationId, RemediationScope } from './catalogue';
import type { AccessCheck, PlannedCall } from '@/lib/model/calls';
import type { QosClass } from '@/lib/model/pod';

export type { AccessCheck, ApiGroup, PatchType, PlannedCall, ResourceRef } from '@/lib/model/calls';

export type Verification =
  | { kind: 'node-healthy'; node: string }
  /** The finding the repair addresses is gone, the node is not broken and nothing on it is stuck (verify-repair.ts). */
  | { kind: 'config-repaired'; node: string; ruleId: string }
  | { kind: 'node-schedulable'; node: string; schedulable: boolean }
  /** The evicted pods are gone and no pod on the node is missing a secondary network. */
  | { kind: 'pods-reattached'; node: string; uids: string[] }
  | { kind: 'daemonset-rolled'; namespace: string; name: string }
  /** A new pod of the agent's DaemonSet on the node (not `replacedUid`) running and ready, and a primary CNI config on the node. */
  | { kind: 'primary-agent-ready'; node: string; namespace: string; daemonSet: string; replacedUid: string };

export interface Plan {
  action: RemediationId;
  scope: RemediationScope;
  target: { kind: 'Node' | 'DaemonSet'; namespace?: string; name: string };
  calls: PlannedCall[];
  /** Things deliberately left alone, with why; `choosable` ones (bare pods) may be included by name. */
  skipped: Array<{ what: string; why: string; choosable?: boolean }>;
  /** Risks the user should read before confirming. */
  warnings: string[];
  /** Set when a precondition fails: the action cannot run, and this says why. */
  blocked?: string;
  /** What the user types to confirm a disruptive action (the node's or DaemonSet's name). */
  confirmText?: string;
  verify?: Verification;
  /** A DaemonSet plan's effect on its pods' QoS class (lib/health/qos), shown in the preview. */
  qos?: { before: QosClass; after: QosClass };
}

/** The SelfSubjectAccessReview questions a plan raises: one per distinct verb and resource. */
export function accessChecks(plan: Plan): AccessCheck[] {
  const seen = new Map<string, AccessCheck>();
  for (const c of plan.calls) {
    const check: AccessCheck = {
      verb: c.verb,
      group: c.target.group,
      resource: c.target.resource,
      subresource: c.target.subresource,
      namespace: c.target.namespace,
      // A create names no object, except on a subresource (pods/eviction of that pod).
      name: c.verb === 'create' && !c.target.subresource ? undefined : c.target.name,
    };
    seen.set(JSON.stringify(check), check);
  }
  return [...seen.values()];
}

/**
 * A digest of what a plan would do. The preview shows one plan; execution
 * re-plans from fresh state and refuses when the digest differs, so nobody
 * applies something other than what they read.
 */
export function planDigest(plan: Plan): string {
  const canon = JSON.stringify({ a: plan.action, t: plan.target, c: plan.calls.map((c) => [c.id, c.verb, c.target, c.patchType, c.body]) });
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < canon.length; i++) {
    const ch = canon.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

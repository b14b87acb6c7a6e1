/**
 * The simulated agents' opt-in Node condition: on in the demo, so broken
 * nodes show CNIHealthy=False. Each node's agent computes it from the
 * snapshot it has just published (lib/health/node-condition.ts, the code the
 * real agent runs) and writes it the way the real one does: a strategic
 * merge patch of the status subresource, as that node's agent identity,
 * through the demo's write path (RBAC aside: the agent holds it), so the
 * shipped Node condition policy judges every write.
 */
import { snapshotSchema, type SnapshotInput } from '@/lib/cni/snapshot';
import { agentDiagnosis, CNI_CONDITION_TYPE, conditionFor, conditionPatch, nextCondition } from '@/lib/health/node-condition';
import type { ConditionStatus } from '@/lib/model/node';
import { agentIdentity } from '../agent-identity';
import { KINDS } from '../kinds';
import type { ObjectStore } from '../store';
import { patchObject } from '../writes/engine';

/** The real agent's default heartbeat (agent/config.ts). */
const HEARTBEAT_MS = 5 * 60_000;

interface StoredCondition { type: string; status: ConditionStatus; reason?: string; message?: string; lastTransitionTime?: string; lastHeartbeatTime?: string }

export function publishNodeCondition(store: ObjectStore, node: { name: string; uid: string }, doc: SnapshotInput, at: number): void {
  const stored = store.get('nodes', node.name);
  if (!stored) return;
  const d = agentDiagnosis(node, snapshotSchema.parse(doc), at);
  const previous = ((stored.status as { conditions?: StoredCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === CNI_CONDITION_TYPE);
  const next = nextCondition(previous, conditionFor(d.verdict, d.findings, undefined), at, HEARTBEAT_MS);
  if (!next.write) return;
  // The demo's agents have been running all along: a first condition dates from the revision that made the node what it is.
  const condition = next.why === 'new' && doc.observedAt ? { ...next.condition, lastTransitionTime: doc.observedAt } : next.condition;
  patchObject(
    { store, now: () => at, admission: { refuseDryRun: false }, user: agentIdentity(node).user },
    { kind: KINDS.nodes, name: node.name, dryRun: false, fieldManager: 'cni-health-agent', subresource: 'status' },
    'application/strategic-merge-patch+json', conditionPatch(condition) as never,
  );
}

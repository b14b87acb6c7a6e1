/**
 * Plans for node-scoped actions. Pure: the caller passes the node's
 * diagnosis and the request's identity; nothing here reads the cluster.
 */
import { isMultusConfig } from '@/lib/cni/multus';
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import { REPAIRABLE_FILES, repairRequestConfigMap, unnestRequest } from './protocol';
import type { Plan, PlannedCall } from './plan';

export interface RequestContext {
  /** Random id (1-16 lowercase letters or digits) minted at preview time, reused on execution (and so in the plan's digest). */
  id: string;
  at: string;
  by: string;
  /** The dashboard's namespace, where repair requests live. */
  namespace: string;
  sha256Hex: (s: string) => string;
}

const deleteWithUid = (uid: string): unknown => ({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } });

function deletePodCall(id: string, pod: { namespace: string; name: string; uid: string }, description: string): PlannedCall {
  return { id, verb: 'delete', target: { group: '', resource: 'pods', namespace: pod.namespace, name: pod.name }, body: deleteWithUid(pod.uid), description };
}

/**
 * The Eviction API rather than a plain delete: it honours
 * PodDisruptionBudgets, so a refusal (429) is reported instead of an outage.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/
 */
function evictPodCall(id: string, pod: { namespace: string; name: string; uid: string }, description: string): PlannedCall {
  return {
    id,
    verb: 'create',
    target: { group: '', resource: 'pods', subresource: 'eviction', namespace: pod.namespace, name: pod.name },
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace }, deleteOptions: { preconditions: { uid: pod.uid } } },
    description,
  };
}

function base(d: NodeDiagnosis, action: Plan['action']): Plan {
  return { action, scope: 'node', target: { kind: 'Node', name: d.node.name }, calls: [], skipped: [], warnings: [], confirmText: d.node.name, verify: { kind: 'node-healthy', node: d.node.name } };
}

export function planRestartMultusPod(d: NodeDiagnosis): Plan {
  const plan = base(d, 'restart-multus-pod');
  const pod = d.multusPod;
  if (!pod) return { ...plan, blocked: 'No Multus pod runs on this node.' };
  if (d.findings.some((f) => f.ruleId === 'multus-nested-delegates')) {
    plan.warnings.push('This node\'s generated Multus config is self-nested. A restarted Multus wraps the first config it finds, which is that same file: restarting alone makes the nesting deeper. Use "Repair the node\'s CNI config" instead.');
  }
  plan.calls.push(deletePodCall('delete-multus-pod', pod, `Delete pod ${pod.namespace}/${pod.name} (only this pod, uid ${pod.uid.slice(0, 8)}); its DaemonSet ${pod.owner?.name ?? ''} recreates it.`));
  return plan;
}

/**
 * Un-nest the self-nested generated Multus config in place, through the
 * node's agent, and restart nothing. Moving the file aside and restarting
 * Multus (protocol v1alpha1) left the runtime on the primary config alone
 * until Multus wrote its config again, and every sandbox created in that
 * time came up without its secondary networks (multus-cni#1527). Restarting
 * Multus at all is what nests it (thin before multus-cni#1142 wraps its own
 * file; thick removes its file on exit: pkg/server/config/manager.go), and a
 * running Multus does not rewrite 00-multus.conf from itself: thin sleeps
 * after writing it, or with --cleanup-config-on-exit regenerates it from the
 * primary config; thick watches only the primary config (docs/repair-protocol.md,
 * "The window", with the one case not verified).
 */
export function planRepairNodeCniConfig(d: NodeDiagnosis, req: RequestContext): Plan {
  const plan = base(d, 'repair-node-cni-config');
  const snap = d.snapshot?.snapshot;
  const effective = d.config?.effective;
  if (!snap || !d.config) return { ...plan, blocked: 'The node has no readable CNI snapshot, so the file to repair cannot be named.' };
  if (!effective?.json || !isMultusConfig(effective.json)) return { ...plan, blocked: 'The config the runtime uses is not a Multus config; there is no generated Multus config to repair.' };
  const primary = d.config.entries.find((e) => e !== effective && e.load.ok && e.json && !isMultusConfig(e.json));
  if (!primary) return { ...plan, blocked: 'No primary CNI config is present on the node yet. Fix the primary CNI first.' };
  if (!(REPAIRABLE_FILES as readonly string[]).includes(effective.name)) return { ...plan, blocked: `${effective.name} is not a file the agent may rewrite (only ${REPAIRABLE_FILES.join(', ')}).` };
  const { sha256: sha, content } = effective.file;
  if (!sha) return { ...plan, blocked: `The snapshot has no sha256 for ${effective.name}, so the agent cannot check it rewrites the file you previewed.` };
  // The preview must show the exact bytes the agent will write: only a whole, unredacted copy of the file gives them.
  if (content === undefined || effective.file.truncated || effective.file.redacted || req.sha256Hex(content) !== sha) {
    return { ...plan, blocked: `The snapshot does not hold ${effective.name} whole and unaltered (cut at the size cap, redacted, or not matching its sha256), so the repaired content cannot be previewed.` };
  }
  const path = `${snap.confDir.replace(/\/+$/, '')}/${effective.name}`;
  const built = unnestRequest({ node: d.node.name, content, requestedBy: req.by, requestedAt: req.at, reason: `multus-nested-delegates; primary config ${primary.name} present` }, req.sha256Hex);
  if (!built.ok) {
    return { ...plan, blocked: `${effective.name} cannot be repaired in place: ${built.reason}. Moving it aside instead would leave the node on ${primary.name} alone until Multus writes its config again, and pods created meanwhile would miss their secondary networks.` };
  }
  const request = repairRequestConfigMap(built.request, { suffix: req.id, sha256Hex: req.sha256Hex, namespace: req.namespace });
  plan.calls.push({
    id: 'create-repair-request',
    verb: 'create',
    target: { group: '', resource: 'configmaps', namespace: req.namespace, name: request.metadata.name },
    body: request,
    description: `Ask the snapshot agent on ${d.node.name} to replace ${path} (sha256 ${sha.slice(0, 12)}…, ${built.result.depth} Multus levels) in one rename with its innermost Multus level (sha256 ${built.result.sha256.slice(0, 12)}…, shown below), only if the file is still the one previewed; the nested file is kept in ${snap.confDir.replace(/\/+$/, '')}/.cni-health-backup/. Multus is not restarted: a restart is what nests it.`,
    awaitRepairStatus: true,
    fileChange: { node: d.node.name, path, sha256: sha, after: { content: built.result.content, sha256: built.result.sha256 }, depth: built.result.depth },
  });
  plan.verify = { kind: 'config-repaired', node: d.node.name, ruleId: 'multus-nested-delegates' };
  return plan;
}

/** Deletes the node's stuck pods that a controller owns; bare pods only when chosen by name. */
export function planDeleteStuckPods(d: NodeDiagnosis, chosenBarePods: readonly string[] = []): Plan {
  const plan = base(d, 'delete-stuck-pods');
  for (const s of d.stuck) {
    const key = `${s.pod.namespace}/${s.pod.name}`;
    const owned = s.pod.owner?.controller === true;
    if (owned && s.pod.owner?.kind === 'DaemonSet') {
      plan.skipped.push({ what: key, why: 'a DaemonSet pod: it would be recreated on this same node and fail the same way; repair the node instead' });
    } else if (owned || chosenBarePods.includes(key)) {
      plan.calls.push(evictPodCall(`evict-${key}`, s.pod, `Evict pod ${key}${owned ? `; its ${s.pod.owner!.kind} creates a replacement` : ' (a bare pod: it will NOT come back)'}.`));
    } else {
      plan.skipped.push({ what: key, why: 'a bare pod with no controller: deleting it loses it; choose it explicitly to delete it', choosable: true });
    }
  }
  // The reasons themselves, not a "see why": a blocked action's preview cannot be opened. Bare
  // pods are chosen in the preview, so with one to choose the preview must stay open.
  if (plan.calls.length === 0 && !plan.skipped.some((s) => s.choosable)) plan.blocked = d.stuck.length === 0 ? 'No pod on this node is stuck.' : `Every stuck pod here is skipped: ${skippedSummary(plan.skipped)}.`;
  return plan;
}

function skippedSummary(skipped: Plan['skipped']): string {
  const daemon = skipped.filter((s) => !s.choosable).length;
  const bare = skipped.length - daemon;
  return [
    daemon > 0 ? `${daemon} ${daemon === 1 ? 'is a DaemonSet pod' : 'are DaemonSet pods'} (recreated on this same node, ${daemon === 1 ? 'it' : 'they'} would fail the same way: repair the node instead)` : undefined,
    bare > 0 ? `${bare} ${bare === 1 ? 'is a bare pod' : 'are bare pods'} with no controller (deleting one loses it)` : undefined,
  ].filter(Boolean).join('; ');
}

export function planCordon(d: NodeDiagnosis, unschedulable: boolean): Plan {
  const plan: Plan = {
    action: unschedulable ? 'cordon-node' : 'uncordon-node',
    scope: 'node',
    target: { kind: 'Node', name: d.node.name },
    calls: [],
    skipped: [],
    warnings: [],
    verify: { kind: 'node-schedulable', node: d.node.name, schedulable: !unschedulable },
  };
  if (d.node.unschedulable === unschedulable) return { ...plan, blocked: unschedulable ? 'The node is already cordoned.' : 'The node is not cordoned.' };
  plan.calls.push({
    id: unschedulable ? 'cordon' : 'uncordon',
    verb: 'patch',
    target: { group: '', resource: 'nodes', name: d.node.name },
    patchType: 'strategic-merge',
    body: { spec: { unschedulable: unschedulable ? true : null } },
    description: unschedulable ? `Mark ${d.node.name} unschedulable (kubectl cordon).` : `Mark ${d.node.name} schedulable again (kubectl uncordon).`,
  });
  return plan;
}

/**
 * Recreating pods that run without the secondary networks they asked for.
 * CNI ADD runs once per sandbox, so the only way to attach the missing
 * networks is a new pod; an eviction (which honours PodDisruptionBudgets)
 * lets the pod's controller create it, and Multus, now in effect, sets up
 * every network. Pure: the caller passes the node's diagnosis.
 */
import { isMultusConfig } from '@/lib/cni/multus';
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import type { Plan } from './plan';

/** https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/ */
function evictCall(pod: { namespace: string; name: string; uid: string }, description: string): Plan['calls'][number] {
  return {
    id: `evict-${pod.namespace}/${pod.name}`,
    verb: 'create',
    target: { group: '', resource: 'pods', subresource: 'eviction', namespace: pod.namespace, name: pod.name },
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace }, deleteOptions: { preconditions: { uid: pod.uid } } },
    description,
  };
}

export function planRecreatePartialPods(d: NodeDiagnosis): Plan {
  const uids = d.partial.filter((p) => p.pod.owner?.controller === true).map((p) => p.pod.uid);
  const plan: Plan = {
    action: 'recreate-partially-attached-pods',
    scope: 'node',
    target: { kind: 'Node', name: d.node.name },
    calls: [],
    skipped: [],
    warnings: [],
    confirmText: d.node.name,
    verify: { kind: 'pods-reattached', node: d.node.name, uids },
  };
  if (d.partial.length === 0) return { ...plan, blocked: 'No pod on this node is missing a secondary network.' };
  // Recreated now, they would start on the primary network only, again.
  const effective = d.config?.effective;
  if (!effective?.json || !isMultusConfig(effective.json)) {
    return { ...plan, blocked: `Multus's config is not the one the container runtime uses on this node${effective ? ` (it uses ${effective.name})` : ''}: recreated pods would start without their secondary networks again. Let Multus write its config first (is its pod running?).` };
  }
  if (d.multusPod && (d.multusPod.phase !== 'Running' || !d.multusPod.ready)) {
    plan.warnings.push(`The Multus pod ${d.multusPod.namespace}/${d.multusPod.name} is not ready: Multus may remove its config when it restarts, and pods created meanwhile miss their networks again.`);
  }
  for (const p of d.partial) {
    const key = `${p.pod.namespace}/${p.pod.name}`;
    const owner = p.pod.owner;
    if (owner?.controller) {
      plan.calls.push(evictCall(p.pod, `Evict pod ${key} (missing ${p.missing.map((m) => m.name).join(', ')}); its ${owner.kind} ${owner.name} creates a replacement that gets all its networks.`));
    } else {
      plan.skipped.push({ what: key, why: 'a bare pod with no controller: evicting it would lose it. Recreate it by hand (kubectl get pod -o yaml, delete, apply).' });
    }
  }
  if (plan.calls.length === 0) plan.blocked = 'Every pod missing a network here is a bare pod: recreate them by hand (see why).';
  return plan;
}

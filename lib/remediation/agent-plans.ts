/**
 * Restarting the primary CNI agent's pod on one node: delete exactly that
 * pod (uid precondition), so its DaemonSet creates a fresh one. A new pod
 * starts at once, without the kubelet's crash-loop back-off (up to five
 * minutes between restarts of a container:
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts),
 * and the agent writes the node's CNI config when it starts. Pure.
 */
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import type { Plan } from './plan';

export function planRestartPrimaryCniPod(d: NodeDiagnosis): Plan {
  const node = d.node.name;
  const plan: Plan = { action: 'restart-primary-cni-pod', scope: 'node', target: { kind: 'Node', name: node }, calls: [], skipped: [], warnings: [], confirmText: node };
  const pa = d.primaryAgent;
  if (!pa) return { ...plan, blocked: 'No primary CNI agent (aws-node, calico-node, cilium, kube-flannel, ovnkube-node...) was found on this node or in the cluster.' };
  const pod = pa.pod;
  if (!pod) return { ...plan, blocked: `No ${pa.agent.label} pod runs on this node, so there is nothing to restart: find out why its DaemonSet places none here.` };
  const owner = pod.owner;
  if (owner?.kind !== 'DaemonSet' || !owner.controller) return { ...plan, blocked: `${pod.namespace}/${pod.name} is not controlled by a DaemonSet: deleted, it would not come back.` };
  if (!d.findings.some((f) => f.ruleId === 'primary-cni-agent-unhealthy' && f.severity === 'error')) {
    plan.warnings.push(`${pod.name} is running and ready. While it restarts, new pods on ${node} wait for their network for a few seconds.`);
  }
  plan.calls.push({
    id: 'delete-agent-pod',
    verb: 'delete',
    target: { group: '', resource: 'pods', namespace: pod.namespace, name: pod.name },
    body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.uid } },
    description: `Delete pod ${pod.namespace}/${pod.name} (only this pod, uid ${pod.uid.slice(0, 8)}); its DaemonSet ${owner.name} creates a new ${pa.agent.label} pod on ${node}.`,
  });
  plan.verify = { kind: 'primary-agent-ready', node, namespace: pod.namespace, daemonSet: owner.name, replacedUid: pod.uid };
  return plan;
}

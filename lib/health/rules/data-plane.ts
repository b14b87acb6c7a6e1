/**
 * Rules on the data-plane probes (lib/probes): whether pods on the node can
 * be reached and can reach the cluster, confirmed by several peers, and what
 * it means when the config says broken but the probes pass. Docs:
 * docs/data-plane.md.
 */
import type { PeerFailure } from '@/lib/probes/verdict';
import type { Evidence } from '../types';
import { finding, plural, type Rule } from './types';

/** A prober pod younger than this may still be starting; older and without a sandbox, it is a finding. */
export const PROBER_START_GRACE_MS = 2 * 60_000;

const peerEvidence = (f: PeerFailure, verb: string): Evidence => ({
  message: `${verb} ${f.peer}${f.zone ? ` (${f.zone})` : ''}${f.error ? `: ${f.error}` : ''}`,
  at: f.since,
});

export const dataPlaneRule: Rule = ({ fleet, stuck, now }) => {
  const probes = fleet?.dataPlane;
  if (!probes) return [];
  const v = probes.verdict;
  const out = [];
  if (probes.proberPod && now - Date.parse(probes.proberPod.since) > PROBER_START_GRACE_MS) {
    const pod = probes.proberPod;
    out.push(finding({
      ruleId: 'data-plane-prober-no-sandbox',
      severity: 'warning',
      title: 'The network prober cannot start on this node',
      explanation: 'The cni-health prober is an ordinary pod on the pod network. It is not running here'
        + `${pod.waitingReason ? ` (${pod.waitingReason})` : ''}, which usually means the CNI cannot give new pods a network on this node. Probes of this node are unavailable until it starts.`,
      evidence: [{ pod: `${pod.namespace}/${pod.name}`, message: `phase ${pod.phase}`, at: pod.since }],
    }));
  }
  if (!v) return out;
  if (v.state === 'unreachable') {
    out.push(finding({
      ruleId: 'data-plane-unreachable',
      severity: 'error',
      title: `Pods on this node cannot be reached (${plural(v.failedByCount, 'peer')} fail)`,
      explanation: `Every node that probes this one over the pod network fails to reach it (${v.failedByCount} of ${v.probedBy}), and none succeeds. `
        + 'Its pods are cut off whatever their config says: look at the node\'s routes, the overlay or tunnel interface, host firewall rules and kube-proxy or eBPF datapath state.',
      evidence: v.failedBy.map((f) => peerEvidence(f, 'not reachable from')),
    }));
  } else if (v.state === 'outbound') {
    const local = [v.dns && !v.dns.ok ? { message: `cluster DNS (kubernetes.default) fails${v.dns.error ? `: ${v.dns.error}` : ''}`, at: v.dns.since } : undefined,
      v.kubernetesService && !v.kubernetesService.ok ? { message: `the kubernetes Service's ClusterIP fails${v.kubernetesService.error ? `: ${v.kubernetesService.error}` : ''}`, at: v.kubernetesService.since } : undefined]
      .filter((e): e is { message: string; at: string } => e !== undefined);
    out.push(finding({
      ruleId: 'data-plane-outbound',
      severity: 'error',
      title: 'Pods on this node cannot reach the cluster',
      explanation: 'The prober on this node fails checks that pass from other nodes: '
        + `${v.cannotReach.length > 0 ? `${plural(v.cannotReach.length, 'peer')} that others reach` : ''}${v.cannotReach.length > 0 && local.length > 0 ? ', and ' : ''}${local.length > 0 ? 'cluster DNS or the API Service' : ''}. `
        + 'Pods here lose DNS and service traffic: check kube-proxy (or the eBPF replacement) on this node, its routes and the CNI agent.',
      evidence: [...local, ...v.cannotReach.map((f) => peerEvidence(f, 'cannot reach'))],
    }));
  } else if (v.state === 'partial') {
    const zones = v.zonePaths;
    out.push(finding({
      ruleId: zones.length > 0 ? 'data-plane-zone-path' : 'data-plane-partial',
      severity: 'warning',
      title: zones.length > 0 ? `Pod traffic between this node and ${zones.join(', ')} fails` : `Some peers cannot reach pods on this node (${v.failedByCount})`,
      explanation: zones.length > 0
        ? 'Probes between this zone and the other fail as a whole while both zones work inside: the path between zones is broken (routes, security groups or network ACLs, a transit or peering link), not this node.'
        : 'Several peers fail to reach this node while others succeed: a path-specific problem (MTU, a firewall rule, an asymmetric route).',
      evidence: v.failedBy.map((f) => peerEvidence(f, 'not reachable from')),
    }));
  } else if (v.state === 'ok' && stuck.length > 0 && v.probedBy > 0) {
    out.push(finding({
      ruleId: 'data-plane-working',
      severity: 'info',
      title: 'Running pods\' network works here',
      explanation: `Probes to and from this node pass (${v.probedBy} peers reach it): the pods that already run are fine. What fails is setting up new pods\' networks, so only new pods are stuck.`,
      evidence: [],
    }));
  }
  return out;
};

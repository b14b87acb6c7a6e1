/**
 * IP address exhaustion and leaks, as they show in sandbox failures: which
 * IPAM ran out, how many pods on the node it keeps from starting, and what
 * to do about it. The messages are the IPAMs' own (lib/health/signatures.ts);
 * sources are linked beside each in docs/diagnosis.md and ipam.test.ts.
 */
import { matchSignature } from '../signatures';
import { finding, plural, type NodeContext, type Rule } from './types';
import type { Evidence, Finding } from '../types';

export type IpamKind = 'aws-vpc-cni' | 'calico-ipam' | 'host-local' | 'cilium-ipam' | 'whereabouts';

interface IpamInfo {
  label: string;
  explanation: string;
  /** Manual steps, in order; the dashboard cannot safely free addresses itself. */
  steps: string[];
}

const INFO: Record<IpamKind, IpamInfo> = {
  'aws-vpc-cni': {
    label: 'AWS VPC CNI (ipamd)',
    explanation: 'ipamd has no free address to give: the node\'s ENIs are full (instance ENI/IP limit) or EC2 refuses more addresses from the subnet (InsufficientCidrBlocks: no free contiguous /28 for prefix delegation).',
    steps: [
      'Check ipamd on the node: /var/log/aws-routed-eni/ipamd.log for InsufficientCidrBlocks / InsufficientFreeAddressesInSubnet.',
      'Compare the node\'s pod count with its max-pods for the instance type; lower max-pods or use a larger instance.',
      'Free or add subnet space: a subnet CIDR reservation for prefix delegation, a larger or additional subnet (custom networking).',
    ],
  },
  'calico-ipam': {
    label: 'Calico IPAM',
    explanation: 'Calico IPAM found no free address in the node\'s affine blocks and could not claim a new block (IP pool exhausted, per-host block limit, or strict affinity). Addresses of deleted pods that were never released (leaks) make this happen long before the pool is really full.',
    steps: [
      'Run `calicoctl ipam show --show-blocks` to see block usage; `calicoctl ipam check` to find leaked addresses.',
      'Release leaks with `calicoctl ipam release` (from the check\'s report), or add an IP pool / enlarge the block size.',
    ],
  },
  'host-local': {
    label: 'host-local IPAM',
    explanation: 'host-local keeps one file per allocated address in /var/lib/cni/networks/<network>/ on the node. When pods die without a CNI DEL (runtime crash, unclean reboot), their files stay and the range fills up with addresses no pod uses.',
    steps: [
      'On the node, compare `ls /var/lib/cni/networks/<network>/ | wc -l` with the number of pods running there (each file holds the container id it belongs to).',
      'Drain the node, stop the kubelet and container runtime, remove the stale files (those whose container id no longer exists), start them again and uncordon.',
    ],
  },
  'cilium-ipam': {
    label: 'Cilium IPAM',
    explanation: 'cilium-agent has no free address in the node\'s pod CIDR (cluster-pool or Kubernetes host-scope IPAM).',
    steps: ['Check `cilium status --all-addresses` on the node\'s cilium-agent; enlarge the pod CIDR per node or reduce max pods.'],
  },
  whereabouts: {
    label: 'Whereabouts (secondary network)',
    explanation: 'Whereabouts found no free address in the secondary network\'s range. Reservations of pods deleted while Whereabouts was not running are not released, so the range fills with addresses of pods that no longer exist.',
    steps: [
      'List the range\'s reservations: `kubectl get ippools.whereabouts.cni.cncf.io -A -o yaml` and `kubectl get overlappingrangeipreservations -A`.',
      'Delete reservations whose pod no longer exists (or run the whereabouts reconciler), or widen the range in the NetworkAttachmentDefinition.',
    ],
  },
};

const BY_SIGNATURE: Record<string, IpamKind | ((m: string) => IpamKind)> = {
  'aws-ip-exhausted': 'aws-vpc-cni',
  'aws-subnet-exhausted': 'aws-vpc-cni',
  'calico-ipam-exhausted': 'calico-ipam',
  'whereabouts-exhausted': 'whereabouts',
  'ip-range-exhausted': (m) => (/cilium|postIpamFailure/i.test(m) ? 'cilium-ipam' : 'host-local'),
};

/** Which IPAM ran out, from a sandbox-failure message, if it says so. */
export function ipamOf(message: string): IpamKind | undefined {
  const sig = matchSignature(message);
  const k = sig ? BY_SIGNATURE[sig.id] : undefined;
  return typeof k === 'function' ? k(message) : k;
}

const MAX_EVIDENCE = 5;

interface Hit { kind: IpamKind; evidence: Evidence; pod?: string }

function hitsOf(ctx: NodeContext): Hit[] {
  const out: Hit[] = [];
  for (const s of ctx.stuck) {
    const kind = s.lastMessage ? ipamOf(s.lastMessage) : undefined;
    const pod = `${s.pod.namespace}/${s.pod.name}`;
    if (kind) out.push({ kind, pod, evidence: { pod, message: s.lastMessage!.slice(0, 2048) } });
  }
  // Offline bundles carry messages without pods (and live nodes never have messages).
  if (ctx.stuck.length === 0) {
    for (const m of ctx.messages ?? []) {
      const kind = ipamOf(m);
      if (kind) out.push({ kind, evidence: { message: m.slice(0, 2048) } });
    }
  }
  return out;
}

export const ipamExhaustedRule: Rule = (ctx) => {
  const byKind = new Map<IpamKind, Hit[]>();
  for (const h of hitsOf(ctx)) byKind.set(h.kind, [...(byKind.get(h.kind) ?? []), h]);
  const out: Finding[] = [];
  for (const [kind, hits] of byKind) {
    const info = INFO[kind];
    const pods = new Set(hits.flatMap((h) => (h.pod ? [h.pod] : []))).size;
    const subject = pods > 0 ? plural(pods, 'pod') : plural(hits.length, 'sandbox failure');
    out.push(finding({
      ruleId: 'ipam-exhausted',
      severity: 'error',
      title: `${info.label} is out of addresses on this node: ${subject} cannot start`,
      explanation: `${info.explanation} Manual steps: ${info.steps.map((s, i) => `(${i + 1}) ${s}`).join(' ')}`,
      evidence: hits.slice(0, MAX_EVIDENCE).map((h) => ({ ...h.evidence, signature: matchSignature(h.evidence.message ?? '')?.id })),
      remediations: [],
    }));
  }
  return out;
};

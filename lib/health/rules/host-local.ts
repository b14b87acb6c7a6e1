/**
 * Leaked host-local reservations: far more reservation files than pods on
 * the node that could hold them. Each pod holds one address per range of a
 * network, so the pods on the node bound what a healthy directory holds;
 * counting every pod not finished (host-network ones included) only makes
 * the bound looser. Live only: the count of pods comes from the cluster.
 * Sources: agent/ipam-scan.ts.
 */
import { finding, type Rule } from './types';
import type { Finding } from '../types';

/** Stale files tolerated: pods deleted a moment ago, and their DEL still running. */
const MIN_LEAKED = 16;

export const hostLocalLeakRule: Rule = ({ snapshot, podCount }) => {
  const hl = snapshot?.snapshot?.hostLocal;
  if (!hl || podCount === undefined) return [];
  const out: Finding[] = [];
  for (const n of hl.networks) {
    const reserved = Math.max(n.v4, n.v6);
    const leaked = reserved - podCount;
    if (leaked < Math.max(MIN_LEAKED, podCount)) continue;
    const path = `${hl.dir.replace(/\/+$/, '')}/${n.name}`;
    out.push(finding({
      ruleId: 'host-local-addresses-leaked',
      severity: 'warning',
      title: `host-local holds ${reserved} addresses in ${n.name} for ${podCount} pods on this node`,
      explanation: `host-local keeps one file per allocated address in ${path}/. At least ${leaked} of them belong to pods that no longer exist (they died without a CNI DEL: runtime crash, unclean reboot), and when the range is full every new pod fails with "no IP addresses available in range set". Manual steps: drain the node, stop the kubelet and the container runtime, remove the files whose container id (their content) no longer exists, start them again and uncordon.`,
      evidence: [{ message: `${path}: ${n.v4} IPv4 and ${n.v6} IPv6 reservation files; ${podCount} pods on the node` }],
    }));
  }
  return out;
};

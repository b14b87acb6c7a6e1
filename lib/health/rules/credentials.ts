/**
 * The API token a CNI plugin reads from its kubeconfig (Multus thin:
 * multus.d/multus.kubeconfig; Calico: calico-kubeconfig). Expired, every
 * sandbox fails: Multus "error getting pod: Unauthorized"
 * (k8snetworkplumbingwg/multus-cni#852, rancher/rke2#9313 where a 1-hour
 * token is never refreshed), Calico "connection is unauthorized". The agent
 * publishes only the token's exp/iat/aud claims (lib/cni/token-claims.ts).
 * Refreshers renew well before expiry (the kubelet at 80% of a projected
 * token's life, calico-node with a quarter of its 24 h left), so a token in
 * its last tenth is not being refreshed.
 */
import { hostPath } from '@/lib/cni/multus';
import type { JsonValue } from '@/lib/cni/json';
import { finding, type Rule } from './types';
import type { Finding } from '../types';

const MIN_WARNING_MS = 10 * 60_000;
const MAX_DEPTH = 32;

interface Reference { path: string; jsonPath: string; owner: 'multus' | 'calico' | 'other' }

function ownerOf(obj: Record<string, unknown>): Reference['owner'] {
  const t = typeof obj.type === 'string' ? obj.type : '';
  return t.startsWith('multus') ? 'multus' : t === 'calico' || t === 'calico-ipam' ? 'calico' : 'other';
}

/** Every `kubeconfig` path in the config, with where it is and which plugin's object names it. */
function references(json: JsonValue): Reference[] {
  const out: Reference[] = [];
  const walk = (v: unknown, path: string, owner: Reference['owner'], depth: number): void => {
    if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, owner, depth + 1));
      return;
    }
    const obj = v as Record<string, unknown>;
    const own = ownerOf(obj) === 'other' ? owner : ownerOf(obj);
    for (const [k, x] of Object.entries(obj)) {
      if (k.toLowerCase() === 'kubeconfig' && typeof x === 'string' && x.startsWith('/')) out.push({ path: x, jsonPath: `${path}.${k}`, owner: own });
      else walk(x, `${path}.${k}`, own, depth + 1);
    }
  };
  walk(json, '$', 'other', 0);
  return out;
}

const PLUGIN = { multus: 'Multus', calico: 'Calico', other: 'The CNI plugin' } as const;
const FIX = { multus: ['restart-multus-pod'], calico: ['restart-primary-cni-pod'], other: ['restart-primary-cni-pod'] } as const;

export const tokenExpiryRule: Rule = ({ config, snapshot, now }) => {
  const eff = config?.effective;
  const snap = snapshot?.snapshot;
  if (!eff?.json || !snap) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of references(eff.json)) {
    const probe = snap.probes.find((p) => hostPath(p.path) === hostPath(ref.path));
    const exp = probe?.token?.exp;
    if (!probe?.exists || exp === undefined || seen.has(ref.path)) continue;
    seen.add(ref.path);
    const expMs = exp * 1000;
    const iat = probe.token?.iat;
    const window = Math.max(MIN_WARNING_MS, iat !== undefined && exp > iat ? (expMs - iat * 1000) / 10 : 0);
    const expired = expMs <= now;
    if (!expired && expMs - now > window) continue;
    const who = PLUGIN[ref.owner];
    out.push(finding({
      ruleId: 'cni-kubeconfig-token-expired',
      severity: expired ? 'error' : 'warning',
      title: expired ? `${who}'s API token on this node has expired` : `${who}'s API token on this node expires in ${Math.max(1, Math.round((expMs - now) / 60_000))} minutes`,
      explanation: `${who} reads pods from the API server with the token in ${ref.path}. ${expired ? 'It has expired, so every new pod sandbox on this node fails with "Unauthorized"' : 'It is in the last tenth of its life and has not been renewed; when it expires every new pod sandbox on this node fails with "Unauthorized"'}. ${ref.owner === 'multus' ? 'Multus (thin) writes this kubeconfig from its own service-account token when its pod starts; restarting the Multus pod writes a fresh one. If it keeps expiring, enable the kubeconfig refresh or use Multus thick.' : 'Its agent (calico-node) renews it while it runs and can reach the API server; check and restart that pod.'}`,
      evidence: [{ file: eff.name, jsonPath: ref.jsonPath, message: `${ref.path}: token ${expired ? 'expired' : 'expires'}`, at: new Date(expMs).toISOString() }],
      remediations: [...FIX[ref.owner]],
    }));
  }
  return out;
};

/**
 * Which sign-in mode the dashboard runs in, decided once at start from the
 * environment, and the combinations it refuses to start with. Pure: the
 * caller says where the cluster configuration comes from.
 *
 *   demo      `npm run demo`: no sign-in, loopback only
 *   local     your own kubeconfig on your laptop: no sign-in, loopback only
 *   read-only in a cluster (service account) without CNI_HEALTH_AUTH: nobody acts
 *   token     users sign in with a bearer token; every call runs with it
 *   proxy     a trusted authenticating proxy names the user; the server impersonates them
 */
import { isIP } from 'node:net';

export type AuthModeName = 'demo' | 'local' | 'read-only' | 'token' | 'proxy';

export interface ProxySettings {
  /** Peers (addresses or CIDRs) whose identity and X-Forwarded-* headers are believed. */
  trusted: Cidr[];
  userHeader: string;
  groupHeader: string;
}

export type AuthMode =
  | { name: 'demo' | 'local' | 'read-only' | 'token' }
  | { name: 'proxy'; proxy: ProxySettings };

export interface Cidr { family: 4 | 6; bits: bigint; prefix: number }

export interface ModeInput {
  env: Record<string, string | undefined>;
  /** The address the server will listen on. */
  host: string;
  /** Where the cluster configuration comes from: the in-cluster service account or a kubeconfig. */
  source: 'in-cluster' | 'kubeconfig' | 'none';
}

export type ModeResult = { ok: true; mode: AuthMode } | { ok: false; reason: string };

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function toBits(address: string): { family: 4 | 6; bits: bigint } | undefined {
  const v = isIP(address);
  if (v === 4) {
    const parts = address.split('.').map(Number);
    return { family: 4, bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (v === 6) {
    // An IPv4-mapped IPv6 peer (::ffff:10.0.0.1) is the IPv4 address it maps.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return toBits(mapped[1]!);
    const [head = '', tail = ''] = address.split('::');
    const h = head ? head.split(':') : [];
    const t = address.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    if (groups.length !== 8) return undefined;
    return { family: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n) };
  }
  return undefined;
}

/** `10.0.0.0/8`, `192.168.1.10`, `fd00::/8`; undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const parsed = toBits(addr);
  if (!parsed) return undefined;
  const max = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { family: parsed.family, bits: parsed.bits, prefix };
}

export function addressInCidrs(address: string | undefined, cidrs: readonly Cidr[]): boolean {
  if (!address) return false;
  const a = toBits(address);
  if (!a) return false;
  return cidrs.some((c) => {
    if (c.family !== a.family) return false;
    const width = BigInt(c.family === 4 ? 32 : 128);
    const shift = width - BigInt(c.prefix);
    return a.bits >> shift === c.bits >> shift;
  });
}

// Header names as kube-apiserver's --requestheader-username-headers defaults name them.
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

export function resolveAuthMode({ env, host, source }: ModeInput): ModeResult {
  const auth = env.CNI_HEALTH_AUTH?.trim() || undefined;
  const demo = env.CNI_HEALTH_MODE === 'demo';
  const loopbackOnly = (what: string): ModeResult | undefined =>
    isLoopbackHost(host) ? undefined : { ok: false, reason: `${what} has no sign-in, so it listens on loopback only; refusing to listen on "${host}". Set CNI_HEALTH_AUTH=token or proxy to serve other machines (docs/security.md).` };

  if (demo) {
    if (auth) return { ok: false, reason: `CNI_HEALTH_MODE=demo and CNI_HEALTH_AUTH=${auth} do not mix: the demo has its own identities.` };
    return loopbackOnly('The demo') ?? { ok: true, mode: { name: 'demo' } };
  }
  if (auth === undefined) {
    if (source === 'in-cluster') return { ok: true, mode: { name: 'read-only' } };
    return loopbackOnly('Local mode (your kubeconfig)') ?? { ok: true, mode: { name: 'local' } };
  }
  if (auth === 'token') return { ok: true, mode: { name: 'token' } };
  if (auth === 'proxy') {
    const list = (env.CNI_HEALTH_PROXY_ADDRESSES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) return { ok: false, reason: 'CNI_HEALTH_AUTH=proxy needs CNI_HEALTH_PROXY_ADDRESSES: the addresses or CIDRs of the authenticating proxy (e.g. 10.0.3.7 or 10.0.3.0/28). Headers naming a user are believed from those peers only.' };
    const trusted: Cidr[] = [];
    for (const item of list) {
      const cidr = parseCidr(item);
      if (!cidr) return { ok: false, reason: `CNI_HEALTH_PROXY_ADDRESSES: "${item}" is not an IP address or CIDR.` };
      if (cidr.prefix === 0) return { ok: false, reason: `CNI_HEALTH_PROXY_ADDRESSES: "${item}" trusts every address, so anyone could name any user.` };
      trusted.push(cidr);
    }
    const userHeader = env.CNI_HEALTH_PROXY_USER_HEADER?.trim() || 'X-Remote-User';
    const groupHeader = env.CNI_HEALTH_PROXY_GROUP_HEADER?.trim() || 'X-Remote-Group';
    for (const h of [userHeader, groupHeader]) if (!HEADER_NAME.test(h)) return { ok: false, reason: `"${h}" is not a valid header name.` };
    return { ok: true, mode: { name: 'proxy', proxy: { trusted, userHeader, groupHeader } } };
  }
  return { ok: false, reason: `CNI_HEALTH_AUTH must be "token" or "proxy" (got "${auth}"). Leave it unset for local use or a read-only in-cluster dashboard.` };
}

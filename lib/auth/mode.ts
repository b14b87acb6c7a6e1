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

/**
 * Token and proxy mode serve other machines, so they name the origins people
 * reach them at (CNI_HEALTH_HOSTS, e.g. `https://cni-health.example.com`):
 * the Host allow-list, and what a mutating request's Origin must equal,
 * scheme and port included.
 */
export type AuthMode =
  | { name: 'demo' | 'local' | 'read-only' }
  | { name: 'token'; origins: string[] }
  | { name: 'proxy'; proxy: ProxySettings; origins: string[] };

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

const MAPPED_PREFIX = 0xffffn << 32n;

/**
 * `10.0.0.0/8`, `192.168.1.10`, `fd00::/8`; undefined when it is neither.
 * A range inside the IPv4-mapped block (`::ffff:0:0/96`, RFC 4291 §2.5.5.2)
 * is the IPv4 range it maps: Node reports IPv4 peers of a dual-stack socket
 * in that form, and they are matched as IPv4.
 */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  // Written as IPv6 (::ffff:10.0.0.0/104), its prefix counts IPv6 bits.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  const v4 = mapped ? toBits(mapped[1]!) : undefined;
  const parsed = mapped ? v4 && { family: 6 as const, bits: MAPPED_PREFIX | v4.bits } : toBits(addr);
  if (!parsed) return undefined;
  const max = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  if (parsed.family === 6 && prefix >= 96 && parsed.bits >> 32n === MAPPED_PREFIX >> 32n) return { family: 4, bits: parsed.bits & 0xffffffffn, prefix: prefix - 96 };
  return { family: parsed.family, bits: parsed.bits, prefix };
}

/**
 * Whether the ranges together cover every address of a family (0.0.0.0/1
 * plus 128.0.0.0/1 trusts as many peers as 0.0.0.0/0): the union of their
 * intervals, merged, is computed rather than any spelling matched.
 */
export function coversAFamily(cidrs: readonly Cidr[]): 4 | 6 | undefined {
  for (const family of [4, 6] as const) {
    const width = family === 4 ? 32n : 128n;
    const ranges = cidrs.filter((c) => c.family === family).map((c) => {
      const shift = width - BigInt(c.prefix);
      const start = (c.bits >> shift) << shift;
      return [start, start + (1n << shift)] as const;
    }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let covered = 0n;
    for (const [start, end] of ranges) {
      if (start > covered) break;
      if (end > covered) covered = end;
    }
    if (covered === 1n << width) return family;
  }
  return undefined;
}

/**
 * CNI_HEALTH_HOSTS: comma-separated origins (`https://dash.example.com`,
 * `http://10.0.0.5:3000`), each only a scheme, a host and maybe a port.
 */
export function parseOrigins(text: string | undefined): { ok: true; origins: string[] } | { ok: false; reason: string } {
  const list = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const origins: string[] = [];
  for (const item of list) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return { ok: false, reason: `CNI_HEALTH_HOSTS: "${item}" is not a URL; write each as https://name[:port].` };
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash || !url.hostname) {
      return { ok: false, reason: `CNI_HEALTH_HOSTS: "${item}" must be just a scheme, a host and maybe a port (https://name[:port]).` };
    }
    origins.push(url.origin);
  }
  return { ok: true, origins };
}

/** A Host header value as the URL parser reads it for that scheme (default port dropped), or undefined when it is not one. */
export function normalHost(host: string | undefined, protocol: string): string | undefined {
  if (!host || !/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) return undefined;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** Whether a Host header names one of the configured origins. */
export function hostAllowed(host: string | undefined, origins: readonly string[]): boolean {
  return origins.some((o) => {
    const u = new URL(o);
    return normalHost(host, u.protocol) === u.host;
  });
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
  const hosts = parseOrigins(env.CNI_HEALTH_HOSTS);
  if (!hosts.ok) return hosts;
  if ((auth === 'token' || auth === 'proxy') && hosts.origins.length === 0) {
    return { ok: false, reason: `CNI_HEALTH_AUTH=${auth} needs CNI_HEALTH_HOSTS: the origins people reach the dashboard at (e.g. https://cni-health.example.com). Requests naming any other Host are refused, and a mutating request's Origin must be one of them.` };
  }
  const { origins } = hosts;
  if (auth === 'token') return { ok: true, mode: { name: 'token', origins } };
  if (auth === 'proxy') {
    const list = (env.CNI_HEALTH_PROXY_ADDRESSES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) return { ok: false, reason: 'CNI_HEALTH_AUTH=proxy needs CNI_HEALTH_PROXY_ADDRESSES: the addresses or CIDRs of the authenticating proxy (e.g. 10.0.3.7 or 10.0.3.0/28). Headers naming a user are believed from those peers only.' };
    const trusted: Cidr[] = [];
    for (const item of list) {
      const cidr = parseCidr(item);
      if (!cidr) return { ok: false, reason: `CNI_HEALTH_PROXY_ADDRESSES: "${item}" is not an IP address or CIDR.` };
      trusted.push(cidr);
    }
    const everyone = coversAFamily(trusted);
    if (everyone) return { ok: false, reason: `CNI_HEALTH_PROXY_ADDRESSES: together these ranges trust every IPv${everyone} address, so anyone could name any user.` };
    const userHeader = env.CNI_HEALTH_PROXY_USER_HEADER?.trim() || 'X-Remote-User';
    const groupHeader = env.CNI_HEALTH_PROXY_GROUP_HEADER?.trim() || 'X-Remote-Group';
    for (const h of [userHeader, groupHeader]) if (!HEADER_NAME.test(h)) return { ok: false, reason: `"${h}" is not a valid header name.` };
    return { ok: true, mode: { name: 'proxy', proxy: { trusted, userHeader, groupHeader }, origins } };
  }
  return { ok: false, reason: `CNI_HEALTH_AUTH must be "token" or "proxy" (got "${auth}"). Leave it unset for local use or a read-only in-cluster dashboard.` };
}

/**
 * What may be said about a CNI plugin's API credentials without showing
 * them. Multus (thin) and Calico write a kubeconfig next to their configs
 * (multus.d/multus.kubeconfig, calico-kubeconfig) holding a service-account
 * token; when it expires every sandbox fails ("error getting pod:
 * Unauthorized", k8snetworkplumbingwg/multus-cni#852, rancher/rke2#9313).
 * Only the JWT's `exp`, `iat` and `aud` claims leave this module; the token
 * itself never does. The signature is not checked (it cannot be, here): the
 * claims say when the token stops working, not that it is genuine.
 * JWT: RFC 7519 (claims §4.1.3-4.1.6), base64url: RFC 4648 §5.
 * Shared by the agent and `npm run analyze`; pure.
 */

export interface TokenClaims {
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  aud?: string[];
}

/** Kubeconfigs are small; anything larger is not read for claims. */
export const KUBECONFIG_READ_MAX = 64 * 1024;
const MAX_AUD = 4;
const MAX_AUD_CHARS = 256;
const MAX_PAYLOAD_CHARS = 8 * 1024;

/** A compact JWS: three base64url parts, the first two JSON objects (so starting with `eyJ`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);

/** The claims of one compact JWT, or undefined when it is not one. */
export function jwtClaims(token: string): TokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload || payload.length > MAX_PAYLOAD_CHARS || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return undefined;
  const c = claims as Record<string, unknown>;
  const audRaw = typeof c.aud === 'string' ? [c.aud] : Array.isArray(c.aud) ? c.aud : [];
  const aud = audRaw.filter((a): a is string => typeof a === 'string').slice(0, MAX_AUD).map((a) => a.slice(0, MAX_AUD_CHARS));
  const exp = seconds(c.exp);
  const iat = seconds(c.iat);
  return { ...(exp !== undefined ? { exp } : {}), ...(iat !== undefined ? { iat } : {}), ...(aud.length > 0 ? { aud } : {}) };
}

/**
 * The claims of the token a kubeconfig's user holds (`users[].user.token`),
 * found as the first JWT in its text, so no YAML parser sees the file.
 * Undefined when the file holds no JWT (a client certificate, a tokenFile,
 * a legacy token without claims in JWT form).
 */
export function kubeconfigTokenClaims(text: string): TokenClaims | undefined {
  if (text.length > KUBECONFIG_READ_MAX) return undefined;
  const match = text.match(JWT_PATTERN);
  return match ? jwtClaims(match[0]) : undefined;
}

/** Keys whose values are credentials in kubeconfigs and CNI configs (old Calico: `k8s_auth_token`). */
const SECRET_KEYS = /(["']?)\b(token|client-key-data|password|k8s_auth_token|auth_token)\1(\s*:\s*)("[^"\n]*"|'[^'\n]*'|[^\s,}\n]+)/gi;

/**
 * The text with every credential replaced by "REDACTED" (quoted, so JSON
 * and YAML stay valid), and whether anything was: what the agent publishes
 * of a file. The file's size and sha256 still describe the file on disk.
 */
export function redactCredentials(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const out = text
    .replace(JWT_PATTERN, () => { redacted = true; return 'REDACTED'; })
    .replace(SECRET_KEYS, (m: string, q: string, key: string, sep: string, value: string) => {
      if (/^["']?REDACTED["']?$/.test(value)) return m;
      redacted = true;
      return `${q}${key}${q}${sep}"REDACTED"`;
    });
  return { text: out, redacted };
}

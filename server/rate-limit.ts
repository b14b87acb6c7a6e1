/**
 * Sign-in attempts per client: each one costs the API server a
 * SelfSubjectReview and is a guess at a token, so a client gets a small
 * burst and then one attempt per interval; past that, 429 with Retry-After
 * (RFC 9110 §10.2.3). Only this server sees the TCP peer (Next's route
 * handlers do not), so the limit lives in the pipeline. An IPv6 client is
 * counted by its /64, the block one subscriber usually holds.
 */
import { isIPv6 } from 'node:net';
import { parseCidr } from '@/lib/auth/mode';
import type { Layer } from './pipeline';

export interface RateLimitOptions {
  /** Attempts allowed at once. */
  burst: number;
  /** One more attempt per this many ms. */
  refillMs: number;
  /** Clients remembered; the least recently seen go first. */
  maxClients: number;
}

export const SIGN_IN_LIMIT: RateLimitOptions = { burst: 10, refillMs: 6_000, maxClients: 10_000 };

interface Bucket { tokens: number; at: number }

/** The client a peer address stands for: IPv4 (mapped or not) as is, IPv6 by its /64. */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const c = parseCidr(address);
  return c ? `v6:${(c.bits >> 64n).toString(16)}` : address;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one attempt for the client: allowed, or how many ms until the next one is. */
  take(client: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const { burst, refillMs, maxClients } = this.options;
    const old = this.buckets.get(client);
    const tokens = old ? Math.min(burst, old.tokens + (now - old.at) / refillMs) : burst;
    this.buckets.delete(client);
    if (this.buckets.size >= maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil((1 - tokens) * refillMs) };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    return { ok: true };
  }
}

/** Limits POSTs to `path` per client; everything else passes untouched. */
export function rateLimitLayer(path: string, options: RateLimitOptions = SIGN_IN_LIMIT, now: () => number = Date.now): Layer {
  const limiter = new RateLimiter(options);
  return (next) => (req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) return next(req, res);
    const r = limiter.take(clientKey(req.socket.remoteAddress), now());
    if (r.ok) return next(req, res);
    const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    res.writeHead(429, { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': String(seconds) })
      .end(JSON.stringify({ error: `too many sign-in attempts from your address; try again in ${seconds} s`, code: 'rate-limited' }));
  };
}

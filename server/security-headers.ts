/**
 * Headers every response carries, set before any other layer runs so that
 * pages, API answers, the fast path, gate refusals, redirects, 429s and
 * static files all have them:
 * - Content-Security-Policy with frame-ancestors 'none' (and X-Frame-Options
 *   DENY for older browsers): no page of the dashboard can be framed, so no
 *   hostile page can make someone click Cordon through an invisible frame.
 *   Scripts run from this origin or with this response's nonce: the App
 *   Router inlines its RSC payload in <script> tags, and Next puts the nonce
 *   it finds in the request's own Content-Security-Policy header on every
 *   script it renders (next/dist/server/app-render/get-script-nonce-from-header.js;
 *   https://nextjs.org/docs/app/guides/content-security-policy). So the
 *   policy is set on the request (whatever a client sent there is replaced)
 *   and on the response. Nonces need a render per request: the root layout
 *   is dynamic. Styles allow 'unsafe-inline': React renders style
 *   attributes (the grid's virtual rows, charts), which a nonce cannot cover.
 * - X-Content-Type-Options nosniff, Referrer-Policy no-referrer.
 * - Strict-Transport-Security only when the request came over TLS: this
 *   server's own socket, or a trusted proxy (proxy mode) that says https.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { addressInCidrs, type AuthMode } from '@/lib/auth/mode';
import type { Layer } from './pipeline';

export const HSTS = 'max-age=31536000';

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Development: React's dev build and Fast Refresh evaluate code.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function overTls(req: IncomingMessage, mode: AuthMode): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (mode.name !== 'proxy' || !addressInCidrs(req.socket.remoteAddress, mode.proxy.trusted)) return false;
  const proto = req.headers['x-forwarded-proto'];
  return typeof proto === 'string' && proto.split(',')[0]?.trim().toLowerCase() === 'https';
}

export function securityHeadersLayer(mode: AuthMode, options: { dev?: boolean } = {}): Layer {
  return (next) => (req, res) => {
    const csp = contentSecurityPolicy(randomBytes(16).toString('base64'), options.dev ?? false);
    delete req.headers['content-security-policy-report-only'];
    req.headers['content-security-policy'] = csp;
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (overTls(req, mode)) res.setHeader('strict-transport-security', HSTS);
    return next(req, res);
  };
}

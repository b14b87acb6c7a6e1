/**
 * The custom server's request pipeline: small layers around Next's handler,
 * each `(next) => handler`, composed in order. Adding a layer (compression,
 * say) is one more entry in the list server/main.ts composes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthMode } from '@/lib/auth/mode';
import { getSessionStore, sessionIdFromCookieHeader } from '@/lib/auth/sessions';
import { gate, isApiPath } from './gate';
import { filterClaims } from './headers';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
export type Layer = (next: Handler) => Handler;

export function compose(layers: Layer[], last: Handler): Handler {
  return layers.reduceRight<Handler>((next, layer) => layer(next), last);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function deny(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (isApiPath(path)) {
    res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ error: message, code }));
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html lang="en"><head><title>cni-health: ${status}</title></head><body><main><h1>cni-health</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`);
}

/** Identity and forwarding headers: believed from trusted proxy peers only (server/headers.ts). */
export const claimsLayer = (mode: AuthMode, mark: string): Layer => (next) => (req, res) => {
  const claimed = filterClaims(req.headers, req.headersDistinct, req.socket.remoteAddress, mode, mark);
  req.headers = claimed.headers;
  return next(req, res);
};

/** Sign-in and Host rules (server/gate.ts), after the claims layer has cleaned the headers. */
export const gateLayer = (mode: AuthMode, now: () => number = Date.now): Layer => (next) => async (req, res) => {
  const url = req.url ?? '/';
  let path: string;
  try {
    path = new URL(url, 'http://dashboard.invalid').pathname;
    decodeURIComponent(path);
  } catch {
    return deny(req, res, 400, 'bad-request', 'malformed request URL (bad percent-encoding)');
  }
  const sessionId = sessionIdFromCookieHeader(req.headers.cookie);
  // A session opened on the other replica, or ended there, as the cluster has it now.
  if (mode.name === 'token') await getSessionStore().refresh(sessionId, now());
  const decision = gate(mode, {
    path,
    url,
    host: req.headers.host,
    forwardedHost: typeof req.headers['x-forwarded-host'] === 'string' ? req.headers['x-forwarded-host'].split(',')[0]?.trim() : undefined,
    hasSession: getSessionStore().get(sessionId, now()) !== undefined,
    proxyUser: typeof req.headers['x-cni-health-proxy-user'] === 'string' ? req.headers['x-cni-health-proxy-user'] : undefined,
    bearer: /^Bearer +\S/i.test(req.headers.authorization ?? ''),
  });
  if (decision.kind === 'redirect') {
    res.writeHead(303, { location: decision.location, 'cache-control': 'no-store' }).end();
    return;
  }
  if (decision.kind === 'deny') return deny(req, res, decision.status, decision.code, decision.message);
  return next(req, res);
};

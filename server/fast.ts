/**
 * Answers the fast routes (lib/server/fast-routes.ts) without going through
 * Next's router: after the claims and gate layers, so sign-in and the Host
 * rule apply as to every request, and inside the compression layer, which
 * compresses each tagged answer once. Anything else, or a route not
 * installed yet (Next still starting), goes on to Next.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { fastRoute, type FastRouteHeaders } from '@/lib/server/fast-routes';
import type { Layer } from './pipeline';

function headerSource(headers: IncomingHttpHeaders): FastRouteHeaders {
  return {
    get: (name) => {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

export const fastRouteLayer = (): Layer => (next) => async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return next(req, res);
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const route = fastRoute(q === -1 ? raw : raw.slice(0, q));
  if (!route) return next(req, res);
  let url: URL;
  try {
    url = new URL(raw, 'http://localhost');
  } catch {
    return next(req, res);
  }
  const answer = await route(headerSource(req.headers), url);
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body) headers['content-length'] = String(answer.body.byteLength);
  res.writeHead(answer.status, headers);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
};

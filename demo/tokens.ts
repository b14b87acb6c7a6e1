/**
 * Tokens minted and revoked at run time, for trying sign-in and what
 * happens when a signed-in user's token dies (the API server then answers
 * 401 to it, as it does for an expired or deleted service account token):
 *   POST /demo/v1/tokens         {"role":"admin"|"viewer"|"workload"|"scraper"}  → 201 {"token": "..."}
 *   POST /demo/v1/tokens         {"role":"agent"|"prober","node":N}  → 201: the token of node N's agent
 *                                or prober pod (its user info names N, as a pod-bound token's does; 404 for no such node)
 *   POST /demo/v1/tokens/revoke  {"token": "..."}           → 200 {"revoked": true|false}
 * Only minted tokens can be revoked; the cluster's own stay valid for its life.
 * `workload` is a service account token with no RBAC (a pod's own token):
 * authenticated, and refused everything but asking who it is. `scraper` is
 * Prometheus's service account, bound (deploy/components/prometheus) to
 * `get` on the non-resource URL /metrics and nothing else.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { agentIdentity } from './agent-identity';
import { proberIdentity } from './prober-identity';
import { adminIdentity, scraperIdentity, viewerIdentity, workloadIdentity, type Identity } from './auth';
import { BodyTooLargeError, readBody, writeJson } from './http';

export const TOKEN_PATHS = new Set(['/demo/v1/tokens', '/demo/v1/tokens/revoke']);

async function jsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readBody(req));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch (e) {
    if (e instanceof BodyTooLargeError) return undefined;
    return undefined;
  }
}

/** `ids` is the live list the API server authenticates against; minted tokens are added to and removed from it. */
export function createTokenHandler(ids: Identity[], nodeUid: (name: string) => string | undefined = () => undefined): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const minted = new Set<string>();
  return async (req, res, path) => {
    if (req.method !== 'POST') return writeJson(res, 405, { error: `${path} accepts POST only` });
    const body = await jsonObject(req);
    if (!body) return writeJson(res, 400, { error: 'body must be a JSON object' });
    if (path === '/demo/v1/tokens' && (body.role === 'agent' || body.role === 'prober')) {
      const uid = typeof body.node === 'string' ? nodeUid(body.node) : undefined;
      if (uid === undefined) return writeJson(res, 404, { error: '"node" must name a node of the cluster' });
      const token = randomBytes(32).toString('base64url');
      ids.push((body.role === 'agent' ? agentIdentity : proberIdentity)({ name: body.node as string, uid }, token));
      minted.add(token);
      return writeJson(res, 201, { token, role: body.role, node: body.node });
    }
    if (path === '/demo/v1/tokens') {
      const make = body.role === 'admin' ? adminIdentity : body.role === 'viewer' ? viewerIdentity : body.role === 'workload' ? workloadIdentity : body.role === 'scraper' ? scraperIdentity : undefined;
      if (!make) return writeJson(res, 400, { error: '"role" must be "admin", "viewer", "workload" or "scraper"' });
      const token = randomBytes(32).toString('base64url');
      ids.push(make(token));
      minted.add(token);
      return writeJson(res, 201, { token, role: body.role });
    }
    if (typeof body.token !== 'string') return writeJson(res, 400, { error: 'missing "token"' });
    const token = body.token;
    const at = minted.has(token) ? ids.findIndex((id) => id.token === token) : -1;
    if (at >= 0) ids.splice(at, 1);
    minted.delete(token);
    return writeJson(res, 200, { revoked: at >= 0 });
  };
}

import 'server-only';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  createConfiguration, KubeConfig, ResponseContext, ServerConfiguration, wrapHttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';

/*
 * KubeConfigs for acting as a person rather than as the dashboard:
 * - with only their bearer token (token mode): the dashboard's own
 *   credentials are not in it at all, so nothing can fall back to them;
 * - with the dashboard's credentials plus Impersonate-User / Impersonate-Group
 *   (proxy mode): the API server authorizes the named user.
 *   https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 *
 * client-node 1.4 keeps request headers in a plain record, so a second
 * Impersonate-Group would overwrite the first (and a comma-joined value is
 * one group with a comma in its name to the API server). These configs send
 * requests through a small node:http(s) library that writes one header line
 * per group, and that reports a 401 so the session can end.
 */

export interface UserClientOptions {
  impersonate?: { user: string; groups: string[] };
  /** Called when the API server answers 401: the credentials are dead. */
  onUnauthorized?: () => void;
}

function send(request: RequestContext, opts: UserClientOptions): Promise<ResponseContext> {
  const url = new URL(request.getUrl());
  const headers: Record<string, string | string[]> = { ...request.getHeaders() };
  for (const name of Object.keys(headers)) if (/^impersonate-/i.test(name)) delete headers[name];
  if (opts.impersonate) {
    headers['Impersonate-User'] = opts.impersonate.user;
    if (opts.impersonate.groups.length > 0) headers['Impersonate-Group'] = opts.impersonate.groups;
  }
  const body = request.getBody();
  const payload = body === undefined || body === null ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : String(body);
  // node:http frames a DELETE's body neither by length nor chunked (DELETE is not chunked by default): without this the
  // body (a DeleteOptions with its uid precondition) is not part of the request at all.
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(url, { method: request.getHttpMethod().toString(), headers, agent: request.getAgent(), signal: request.getSignal() }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        if (res.statusCode === 401) opts.onUnauthorized?.();
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve(new ResponseContext(res.statusCode ?? 0, out, { text: async () => buf.toString('utf8'), binary: async () => buf }));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

class UserKubeConfig extends KubeConfig {
  constructor(private readonly userOptions: UserClientOptions) {
    super();
  }

  override makeApiClient<T>(apiClientType: new (config: ReturnType<typeof createConfiguration>) => T): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error('No active cluster!');
    const config = createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: this },
      httpApi: wrapHttpLibrary({ send: (r: RequestContext) => send(r, this.userOptions) }),
    });
    return new apiClientType(config);
  }
}

/** The cluster of `base` (server, CA, TLS name) with nobody's credentials but `token`'s. */
export function kubeConfigForToken(base: KubeConfig, token: string, onUnauthorized?: () => void): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('the dashboard has no current cluster');
  const kc = new UserKubeConfig({ onUnauthorized });
  kc.loadFromOptions({
    clusters: [{ ...cluster, name: 'cluster' }],
    users: [{ name: 'signed-in-user', token }],
    contexts: [{ name: 'signed-in-user', cluster: 'cluster', user: 'signed-in-user' }],
    currentContext: 'signed-in-user',
  });
  return kc;
}

/** `base` (the dashboard's own credentials) impersonating a user the trusted proxy named. */
export function kubeConfigImpersonating(base: KubeConfig, user: string, groups: string[]): KubeConfig {
  const kc = new UserKubeConfig({ impersonate: { user, groups } });
  kc.loadFromString(base.exportConfig());
  return kc;
}

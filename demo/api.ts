/**
 * HTTP routing of the Kubernetes API paths:
 *   /version, /api, /api/v1, /apis, /apis/{group}[/{version}]     discovery
 *   /api/v1/{resource}[/{name}]                                    cluster-scoped, or all namespaces
 *   /api/v1/namespaces/{ns}/{resource}[/{name}]                    namespaced
 *   /api/v1/namespaces/{ns}/pods/{name}/eviction                   policy/v1 Eviction
 *   /api/v1/nodes/{name}/status                                    the Node status subresource (get, patch, update)
 *   /apis/{group}/{version}/... the same for named groups
 *   /apis/authorization.k8s.io/v1/selfsubjectaccessreviews, /apis/authentication.k8s.io/v1/selfsubjectreviews
 *   /apis/authentication.k8s.io/v1/tokenreviews, /apis/authorization.k8s.io/v1/subjectaccessreviews (delegated-reviews.ts)
 * Reads: get, list (chunked), watch, as JSON or as a Table. Writes: see writes/.
 * Every request is authenticated (bearer token → identity) and authorized
 * (auth.ts) before anything else, as the API server's filter chain does.
 * Every error is a meta/v1 Status with the code and reason clients key on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, forbidden, impersonated, requireAllowed, requirePathAllowed, type AuthzContext, type Identity } from './auth';
import { discoveryDocument, SERVER_VERSION } from './discovery';
import type { FaultInjector, Refusal } from './faults';
import { acceptsTable, readBody, writeJson } from './http';
import { apiVersionOf, findKind, VERBS, type KindInfo } from './kinds';
import { servePodLog } from './pod-log';
import { subjectAccessReview, tokenReview } from './delegated-reviews';
import { selfSubjectAccessReview, selfSubjectReview } from './reviews';
import { getObject, listObjects } from './list';
import { writeListStream } from './list-stream';
import { boolParam, parseSelection } from './query';
import { parseFieldSelector } from './selectors';
import { ApiError, badRequest, methodNotAllowed, pathNotFound, status } from './status';
import type { StatsCounter } from './stats';
import { createTokenHandler, TOKEN_PATHS } from './tokens';
import type { ObjectStore } from './store';
import { toTable, type IncludeObject } from './table';
import type { WatchHub } from './watch';
import type { Admission } from './writes/engine';
import { runWrite, verbOf } from './writes/route';

export interface ApiDeps {
  store: ObjectStore;
  hub: WatchHub;
  stats: StatsCounter;
  identities: Identity[];
  admission: Admission;
  /** Injected faults (demo/faults.ts); the control surface is never affected. */
  faults: FaultInjector;
  now: () => number;
  /** False during the RBAC warm-up after a start (demo/cluster.ts): only system:masters is authorized. */
  rbacSynced: () => boolean;
  /** What /api reports as serverAddressByClientCIDRs. */
  serverAddress: () => string;
  /** Handles /demo/v1/* (the control surface, same bearer token). */
  control: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;
}

interface ResourcePath {
  kind: KindInfo;
  namespace?: string;
  name?: string;
  subresource?: 'eviction' | 'log' | 'status';
}

type Review = { group: string; resource: string; answer: (id: Identity, body: unknown, ctx: AuthzContext) => Record<string, unknown> };

const REVIEWS: Record<string, Review> = {
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': { group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', answer: selfSubjectAccessReview },
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': { group: 'authentication.k8s.io', resource: 'selfsubjectreviews', answer: selfSubjectReview },
  '/apis/authorization.k8s.io/v1/subjectaccessreviews': { group: 'authorization.k8s.io', resource: 'subjectaccessreviews', answer: subjectAccessReview },
};

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function parseResourcePath(path: string): ResourcePath | undefined {
  const seg = decodeSegments(path);
  if (!seg) return undefined;
  let group: string;
  let version: string;
  let rest: string[];
  if (seg[0] === 'api' && seg[1] === 'v1') [group, version, rest] = ['', 'v1', seg.slice(2)];
  else if (seg[0] === 'apis' && seg.length >= 3) [group, version, rest] = [seg[1] ?? '', seg[2] ?? '', seg.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  let resource: string | undefined;
  let name: string | undefined;
  let extra: string[];
  if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, resource, name, extra] = [rest[1], rest[2], rest[3], rest.slice(4)];
  else [resource, name, extra] = [rest[0], rest[1], rest.slice(2)];
  const kind = resource ? findKind(group, version, resource) : undefined;
  // Unknown kinds, other subresources (pods/exec ...), namespaced paths for cluster-scoped kinds
  // and `/api/v1/pods/{name}` (a name needs a namespace) do not exist on a real server either.
  const sub = kind?.resource === 'pods' && name !== undefined && extra.length === 1 && (extra[0] === 'eviction' || extra[0] === 'log') ? extra[0]
    : kind?.resource === 'nodes' && name !== undefined && extra.length === 1 && extra[0] === 'status' ? extra[0] : undefined;
  if (!kind || (extra.length > 0 && !sub)) return undefined;
  if (namespace !== undefined && !kind.namespaced) return undefined;
  if (name !== undefined && kind.namespaced && namespace === undefined) return undefined;
  return { kind, namespace, name, ...(sub ? { subresource: sub } : {}) };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Answers a request the way an injected fault says: a cut connection, or a Status. */
function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal): void {
  if (r.type === 'reset') {
    req.socket.destroy();
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  writeJson(res, r.status.code, r.status);
}

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const tokens = createTokenHandler(deps.identities, (n) => deps.store.get('nodes', n)?.metadata.uid);
  const reviews: Record<string, Review> = { ...REVIEWS, '/apis/authentication.k8s.io/v1/tokenreviews': { group: 'authentication.k8s.io', resource: 'tokenreviews', answer: tokenReview(deps.identities) } };
  const handle = async (req: IncomingMessage, res: ServerResponse, held = false): Promise<void> => {
    if (!held) deps.stats.request();
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const control = path === '/demo/v1' || path.startsWith('/demo/v1/');
    const cut = control ? undefined : deps.faults.connection();
    if (cut?.type === 'hold') {
      // Accepted (the kernel does that for a stopped process too) and answered only once thawed, if the client is still there.
      deps.faults.hold(() => {
        if (!req.socket.destroyed) serve(req, res, true);
      });
      return;
    }
    if (cut) return refuse(req, res, cut);
    const caller = authenticate(req, deps.identities);
    if (!caller) {
      deps.stats.unauthorized();
      throw new ApiError(status(401, 'Unauthorized', 'Unauthorized'));
    }
    const rejected = control ? undefined : deps.faults.authentication(caller.role);
    if (rejected) {
      deps.stats.unauthorized();
      return refuse(req, res, rejected);
    }
    if (control) {
      // The control surface is the operator's, not a cluster user's.
      if (caller.role !== 'admin') return writeJson(res, 403, { error: `the control surface needs the admin token; this is ${caller.user.username}` });
      if (TOKEN_PATHS.has(path)) return tokens(req, res, path);
      return deps.control(req, res, path);
    }
    const ctx: AuthzContext = { rbacSynced: deps.rbacSynced(), revoked: (resource, verb) => deps.faults.isForbidden(resource, verb) };
    const id = impersonated(caller, req.headersDistinct, ctx);
    const review = reviews[path];
    if (review) {
      if (req.method !== 'POST') throw methodNotAllowed();
      requireAllowed(id, { verb: 'create', group: review.group, resource: review.resource }, ctx);
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (e) {
        throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
      }
      return writeJson(res, 201, review.answer(id, body, ctx));
    }

    const target = parseResourcePath(path);
    const discovery = target ? undefined : path === '/version' ? SERVER_VERSION : discoveryDocument(path, deps.serverAddress());
    if (!target) requirePathAllowed(id, (req.method ?? 'GET').toLowerCase(), path, ctx);
    if (!target && !discovery) {
      if (['/healthz', '/livez', '/readyz'].includes(path)) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
        return;
      }
      throw pathNotFound();
    }
    if (discovery) {
      if (req.method !== 'GET') throw methodNotAllowed();
      return writeJson(res, 200, discovery);
    }
    if (!target) throw pathNotFound();
    const method = req.method ?? 'GET';
    const watch = boolParam(url.searchParams, 'watch');
    const { kind } = target;
    const verb = verbOf(method, target, watch);
    const name = target.name ?? (verb === 'list' || verb === 'watch' ? selectedName(url.searchParams) : undefined);
    const attributes = {
      verb, group: kind.group, resource: kind.resource,
      ...(target.subresource ? { subresource: target.subresource } : {}),
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      ...(name !== undefined ? { name } : {}),
    };
    requireAllowed(id, attributes, ctx);
    // An injected `forbid`: the same denial RBAC gives when a role loses a rule.
    if (deps.faults.isForbidden(target.subresource ? `${kind.resource}/${target.subresource}` : kind.resource, attributes.verb)) throw forbidden(id.user.username, attributes);
    if (target.subresource === 'log') {
      // GET only: pods/log is read with the get verb (a real server answers other methods 405).
      if (method !== 'GET') throw methodNotAllowed();
      deps.stats.count('pods', 'gets');
      return servePodLog(deps.store, res, target.namespace!, target.name!, url.searchParams);
    }
    // GET of the status subresource answers the whole object, as the API server does.
    if (method === 'GET' && (!target.subresource || target.subresource === 'status')) return serveResource(req, res, target, url.searchParams, id);
    const result = await runWrite({ store: deps.store, now: deps.now, admission: deps.admission, user: id.user }, req, target, url.searchParams, VERBS[kind.resource]);
    writeJson(res, result.code, result.body);
  };

  const serveResource = async (req: IncomingMessage, res: ServerResponse, t: ResourcePath, query: URLSearchParams, id: Identity): Promise<void> => {
    const { kind } = t;
    const table = acceptsTable(req.headers.accept);
    const tableMode = table ? { apiVersion: table.apiVersion, include: includeObject(query) } : undefined;
    const tableType = table ? `application/json;as=Table;v=${table.apiVersion.split('/')[1]};g=meta.k8s.io` : undefined;
    const now = deps.now();
    if (boolParam(query, 'watch')) {
      // The old single-object watch (`.../pods/{name}?watch=1`) is a list watch on metadata.name.
      if (t.name !== undefined) query.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${t.name}`].filter(Boolean).join(','));
      const sel = parseSelection(kind, t.namespace, query);
      deps.stats.count(kind.resource, 'watches');
      deps.hub.serve(res, sel, query, tableMode);
      return;
    }
    const sel = parseSelection(kind, t.namespace, query);
    if (t.name !== undefined) {
      deps.stats.count(kind.resource, 'gets');
      const obj = getObject(deps.store, sel, t.name);
      if (!tableMode) return writeJson(res, 200, obj);
      return writeJson(res, 200, toTable(kind.resource, [obj], { now, include: tableMode.include, apiVersion: tableMode.apiVersion, withColumns: true, metadata: { resourceVersion: obj.metadata.resourceVersion } }), tableType);
    }
    deps.stats.count(kind.resource, 'lists');
    deps.stats.listStarted(id.user.username, kind.resource, res);
    const refused = deps.faults.list(kind.resource, !!query.get('continue'));
    if (refused) return refuse(req, res, refused);
    const result = listObjects(deps.store, sel, query);
    if (!tableMode) return writeListStream(res, kind.listKind, apiVersionOf(kind), result.metadata, result.items);
    writeJson(res, 200, toTable(kind.resource, result.items, { now, include: tableMode.include, apiVersion: tableMode.apiVersion, withColumns: true, metadata: result.metadata }), tableType);
  };

  const serve = (req: IncomingMessage, res: ServerResponse, held = false): void => {
    handle(req, res, held).catch((e: unknown) => {
      const body = e instanceof ApiError ? e.status : status(500, 'InternalError', 'an error on the server has prevented the request from succeeding');
      if (!(e instanceof ApiError)) console.error('demo cluster: request failed', req.method, req.url, e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeJson(res, body.code, body);
    });
  };
  return (req, res) => serve(req, res);
}

/**
 * A list or watch whose field selector requires metadata.name=X is authorised
 * as a request for X, so RBAC resourceNames can grant it, as kube-apiserver
 * does (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go
 * propagates the name; handlers/get.go relies on it). A malformed selector is
 * left to the list's own 400.
 */
function selectedName(query: URLSearchParams): string | undefined {
  try {
    return parseFieldSelector(query.get('fieldSelector') ?? '').find((r) => r.field === 'metadata.name' && r.op === '=')?.value;
  } catch {
    return undefined;
  }
}


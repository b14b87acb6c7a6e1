/**
 * HTTP routing of the Kubernetes API paths:
 *   /version, /api, /api/v1, /apis, /apis/{group}[/{version}]     discovery
 *   /api/v1/{resource}[/{name}]                                    cluster-scoped, or all namespaces
 *   /api/v1/namespaces/{ns}/{resource}[/{name}]                    namespaced
 *   /apis/{group}/{version}/... the same for named groups
 * GET only for now: get, list (chunked), watch, as JSON or as a Table.
 * Every error is a meta/v1 Status with the code and reason clients key on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { discoveryDocument, SERVER_VERSION } from './discovery';
import { acceptsTable, hasBearer, writeJson } from './http';
import { apiVersionOf, findKind, type KindInfo } from './kinds';
import { getObject, listBody, listObjects } from './list';
import { boolParam, parseSelection } from './query';
import { ApiError, pathNotFound, status } from './status';
import type { StatsCounter } from './stats';
import type { ObjectStore } from './store';
import { toTable, type IncludeObject } from './table';
import type { WatchHub } from './watch';

export interface ApiDeps {
  store: ObjectStore;
  hub: WatchHub;
  stats: StatsCounter;
  token: string;
  now: () => number;
  /** What /api reports as serverAddressByClientCIDRs. */
  serverAddress: () => string;
  /** Handles /demo/v1/* (the control surface, same bearer token). */
  control: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;
}

interface ResourcePath {
  kind: KindInfo;
  namespace?: string;
  name?: string;
}

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
  // Unknown kinds, subresources (pods/log ...), namespaced paths for cluster-scoped kinds
  // and `/api/v1/pods/{name}` (a name needs a namespace) do not exist on a real server either.
  if (!kind || extra.length > 0) return undefined;
  if (namespace !== undefined && !kind.namespaced) return undefined;
  if (name !== undefined && kind.namespaced && namespace === undefined) return undefined;
  return { kind, namespace, name };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    deps.stats.request();
    if (!hasBearer(req, deps.token)) {
      deps.stats.unauthorized();
      throw new ApiError(status(401, 'Unauthorized', 'Unauthorized'));
    }
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (path === '/demo/v1' || path.startsWith('/demo/v1/')) return deps.control(req, res, path);

    const target = parseResourcePath(path);
    const discovery = target ? undefined : path === '/version' ? SERVER_VERSION : discoveryDocument(path, deps.serverAddress());
    if (!target && !discovery) {
      if (['/healthz', '/livez', '/readyz'].includes(path)) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
        return;
      }
      throw pathNotFound();
    }
    if (req.method !== 'GET') {
      throw new ApiError(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
    if (discovery) return writeJson(res, 200, discovery);
    if (!target) throw pathNotFound();
    serveResource(req, res, target, url.searchParams);
  };

  const serveResource = (req: IncomingMessage, res: ServerResponse, t: ResourcePath, query: URLSearchParams): void => {
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
    const result = listObjects(deps.store, sel, query);
    if (!tableMode) return writeJson(res, 200, listBody(kind.listKind, apiVersionOf(kind), result));
    writeJson(res, 200, toTable(kind.resource, result.items, { now, include: tableMode.include, apiVersion: tableMode.apiVersion, withColumns: true, metadata: result.metadata }), tableType);
  };

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const body = e instanceof ApiError ? e.status : status(500, 'InternalError', 'an error on the server has prevented the request from succeeding');
      if (!(e instanceof ApiError)) console.error('demo cluster: request failed', req.method, req.url, e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeJson(res, body.code, body);
    });
  };
}

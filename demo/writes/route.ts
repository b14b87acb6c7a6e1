/**
 * HTTP side of the writes: method → verb, the query options every write
 * takes (dryRun, fieldManager), body decoding with the API server's limits
 * and errors, and the dispatch to create/update/patch/delete/eviction.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../http';
import type { KindInfo } from '../kinds';
import { ApiError, badRequest, invalid, methodNotAllowed, status } from '../status';
import { deleteObject, evictPod, parseDeleteOptions } from './delete';
import { createObject, PATCH_TYPES, patchObject, replaceObject, type PatchType, type WriteDeps, type WriteOptions, type WriteResult } from './engine';

/** The API server's request body limit (--max-request-bytes default, 3 MiB). */
export const MAX_BODY = 3 * 1024 * 1024;

export interface WriteTarget { kind: KindInfo; namespace?: string; name?: string; subresource?: 'eviction' | 'log' | 'status' }

/** The RBAC verb of a request, as the API server's RequestInfo resolver derives it. */
export function verbOf(method: string, t: WriteTarget, watch: boolean): string {
  switch (method) {
    case 'GET': case 'HEAD': return watch ? 'watch' : t.name === undefined ? 'list' : 'get';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return t.name === undefined ? 'deletecollection' : 'delete';
    default: return method.toLowerCase();
  }
}

const OPTIONS_KIND: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' };

/** dryRun may only be `All`; anything else is rejected before the request runs (meta/v1 validation). */
function dryRunOf(values: string[], method: string): boolean {
  const bad = values.filter((v) => v !== 'All');
  if (bad.length) {
    const shown = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
    throw invalid(OPTIONS_KIND[method] ?? 'CreateOptions', 'meta.k8s.io', '', [{ type: 'FieldValueNotSupported', field: 'dryRun', detail: `${shown}: supported values: "All"` }]);
  }
  return values.length > 0;
}

function fieldManagerOf(req: IncomingMessage, query: URLSearchParams, method: string): string {
  const fm = query.get('fieldManager');
  if (fm !== null) {
    if (fm.length > 128) throw invalid(OPTIONS_KIND[method] ?? 'CreateOptions', 'meta.k8s.io', '', [{ type: 'FieldValueTooLong', field: 'fieldManager', detail: 'may not be more than 128 bytes' }]);
    return fm;
  }
  // Without fieldManager the API server names the manager after the user agent's first word.
  return (req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown';
}

async function jsonBody(req: IncomingMessage, optional: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readBody(req, MAX_BODY);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new ApiError(status(413, 'RequestEntityTooLarge', `limit is ${MAX_BODY}`));
    throw e;
  }
  if (text.trim() === '') {
    if (optional) return undefined;
    throw badRequest('the body of the request is empty');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

function patchType(req: IncomingMessage): PatchType {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if ((PATCH_TYPES as readonly string[]).includes(ct)) return ct as PatchType;
  throw new ApiError(status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`));
}

export async function runWrite(deps: WriteDeps, req: IncomingMessage, t: WriteTarget, query: URLSearchParams, allowedVerbs: readonly string[]): Promise<WriteResult> {
  const method = req.method ?? 'GET';
  const verb = verbOf(method, t, false);
  const evicting = t.subresource === 'eviction';
  if (evicting ? method !== 'POST' : !allowedVerbs.includes(verb)) throw methodNotAllowed();
  if (!evicting && (method === 'POST') !== (t.name === undefined)) throw methodNotAllowed();
  // The status subresource takes get, update and patch only (no create or delete on it).
  if (t.subresource === 'status' && method !== 'PUT' && method !== 'PATCH') throw methodNotAllowed();
  const options = (dryRun: boolean): WriteOptions => ({
    kind: t.kind, namespace: t.namespace, name: t.name, dryRun, fieldManager: fieldManagerOf(req, query, method), ...(t.subresource === 'status' ? { subresource: 'status' as const } : {}),
  });
  const queryDryRun = dryRunOf(query.getAll('dryRun'), method);
  if (method === 'DELETE') {
    const opts = parseDeleteOptions(await jsonBody(req, true));
    return deleteObject(deps, options(queryDryRun || dryRunOf(opts.dryRun ?? [], method)), opts);
  }
  const pt = method === 'PATCH' ? patchType(req) : undefined;
  const body = await jsonBody(req, false);
  if (evicting) {
    const inner = (body as { deleteOptions?: { dryRun?: unknown } } | null)?.deleteOptions?.dryRun;
    return evictPod(deps, options(queryDryRun || dryRunOf(Array.isArray(inner) ? inner.map(String) : [], 'POST')), body);
  }
  if (method === 'POST') return createObject(deps, options(queryDryRun), body);
  if (method === 'PUT') return replaceObject(deps, options(queryDryRun), body);
  return patchObject(deps, options(queryDryRun), pt ?? patchType(req), body);
}

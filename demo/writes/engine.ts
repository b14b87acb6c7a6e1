/**
 * Create, update (PUT) and patch, as the API server's generic registry runs
 * them: decode, default the server-owned metadata, keep status on the main
 * resource (status is a subresource), bump `metadata.generation` when the
 * spec changes, check the resourceVersion precondition, validate (422),
 * run validating admission, then store. With dryRun every step runs except
 * the store: nothing changes, no RV is used, no watcher hears of it.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { iso } from '../builders/meta';
import { apiVersionOf, type KindInfo } from '../kinds';
import { objectKey, type ObjectStore } from '../store';
import { alreadyExists, ApiError, badRequest, conflict, invalid, MODIFIED_CONFLICT, notFound, status } from '../status';
import type { JsonValue, KubeObject, LeaseObject, ManagedFieldsEntry, Resource, SecretObject } from '../types';
import { asJsonPatch, jsonPatch, mergePatch, PatchError, strategicMerge } from './patch';
import type { UserInfo } from '../auth';
import { validatePolicies } from './agent-admission';
import { validateObject } from './validate';

/** Kinds whose `status` belongs to the status subresource: writes to the main resource leave it alone. */
const HAS_STATUS = new Set<Resource>(['nodes', 'pods', 'daemonsets', 'poddisruptionbudgets', 'namespaces']);
/** Kinds whose spec changes bump metadata.generation. */
const HAS_GENERATION = new Set<Resource>(['daemonsets', 'poddisruptionbudgets']);

export interface Admission {
  /** The demo's `refuse-dry-run` fault: a validating webhook that denies every dry-run request. */
  refuseDryRun: boolean;
}

export interface WriteOptions {
  kind: KindInfo;
  namespace?: string;
  name?: string;
  dryRun: boolean;
  fieldManager: string;
  /** A write to the status subresource (nodes/status). */
  subresource?: 'status';
}

/** `user`: who writes, after impersonation; the shipped admission policies judge by it. */
export interface WriteDeps { store: ObjectStore; now: () => number; admission: Admission; user?: UserInfo }
export interface WriteResult { code: number; body: unknown }

const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  return [...randomBytes(n)].map((b) => SUFFIX[b % SUFFIX.length]).join('');
}

export const keyOf = (kind: KindInfo, namespace: string | undefined, name: string): string => (kind.namespaced ? `${namespace ?? ''}/${name}` : name);

/**
 * Validating admission, in the API server's plugin order: the shipped
 * ValidatingAdmissionPolicies, then the webhook the `refuse-dry-run` fault
 * installs (its denial worded as the API server words webhook denials).
 * Both run on dry runs too.
 */
export function admit(deps: WriteDeps, o: WriteOptions, change?: { operation: 'CREATE' | 'UPDATE' | 'DELETE'; object: unknown; oldObject: unknown }): void {
  if (deps.user && change) validatePolicies({ user: deps.user, kind: o.kind, namespace: o.namespace, ...(o.subresource ? { subResource: o.subresource } : {}), ...change });
  if (o.dryRun && deps.admission.refuseDryRun) {
    throw new ApiError(status(403, 'Forbidden', 'admission webhook "validate.example.com" denied the request: dry-run requests are refused by policy (demo fault "refuse-dry-run")'));
  }
}

function decodeObject(kind: KindInfo, body: unknown): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(`the object provided is unrecognized (must be of type ${kind.kind})`);
  const obj = structuredClone(body) as KubeObject;
  const av = apiVersionOf(kind);
  if (obj.apiVersion !== undefined && obj.apiVersion !== av) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${av})`);
  if (obj.kind !== undefined && obj.kind !== kind.kind) throw badRequest(`${kind.kind} in version "${kind.version}" cannot be handled as a ${obj.kind}: the object provided is unrecognized`);
  obj.apiVersion = av;
  obj.kind = kind.kind;
  obj.metadata = { ...(obj.metadata ?? {}) } as KubeObject['metadata'];
  if (kind.resource === 'secrets') decodeSecret(kind, obj as SecretObject);
  if (kind.resource === 'leases') decodeLease(kind, obj as LeaseObject);
  return obj;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const cannotHandle = (kind: KindInfo, why: string): ApiError => badRequest(`${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: ${why}`);

/**
 * `data` is []byte: standard base64 or a 400 from the decoder; `stringData`
 * is write-only and merged into `data` (pkg/apis/core/v1/conversion.go);
 * `type` defaults to Opaque (pkg/apis/core/v1/defaults.go SetDefaults_Secret).
 */
function decodeSecret(kind: KindInfo, x: SecretObject & { stringData?: unknown }): void {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries((x.data ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string' || !BASE64.test(v)) throw cannotHandle(kind, `illegal base64 data at input byte ${typeof v === 'string' ? [...v].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c)) : 0}`);
    data[k] = v;
  }
  if (x.stringData !== undefined) {
    if (!x.stringData || typeof x.stringData !== 'object') throw cannotHandle(kind, 'stringData must be a map of strings');
    for (const [k, v] of Object.entries(x.stringData as Record<string, unknown>)) data[k] = Buffer.from(String(v)).toString('base64');
    delete x.stringData;
  }
  if (Object.keys(data).length > 0 || x.data !== undefined) x.data = data;
  x.type ??= 'Opaque';
}

/** MicroTime fields must parse as RFC 3339 (metav1.MicroTime UnmarshalJSON). */
function decodeLease(kind: KindInfo, l: LeaseObject): void {
  l.spec ??= {};
  for (const f of ['renewTime', 'acquireTime'] as const) {
    const v = l.spec[f];
    if (v !== undefined && v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw cannotHandle(kind, `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse`);
  }
}

function recordManager(obj: KubeObject, manager: string, at: number, changed: string[], subresource?: string): void {
  const entries: ManagedFieldsEntry[] = obj.metadata.managedFields ?? [];
  const fields = Object.fromEntries(changed.map((f) => [`f:${f}`, {}])) as ManagedFieldsEntry['fieldsV1'];
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && e.subresource === subresource);
  if (mine) {
    mine.time = iso(at);
    mine.fieldsV1 = { ...mine.fieldsV1, ...fields };
  } else {
    entries.push({ manager, operation: 'Update', apiVersion: obj.apiVersion, time: iso(at), fieldsType: 'FieldsV1', fieldsV1: fields, ...(subresource ? { subresource } : {}) });
  }
  obj.metadata.managedFields = entries;
}

const TOP_LEVEL_SKIP = new Set(['apiVersion', 'kind', 'metadata', 'status']);
function changedFields(before: KubeObject | undefined, after: KubeObject): string[] {
  const a = after as unknown as Record<string, unknown>;
  const b = (before ?? {}) as unknown as Record<string, unknown>;
  return Object.keys(a).filter((k) => !TOP_LEVEL_SKIP.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Container defaults the API server fills in (pkg/apis/core/v1/defaults.go), so stored objects look like real ones. */
function defaultContainers(kind: KindInfo, obj: KubeObject): void {
  const o = obj as unknown as { spec?: { template?: { spec?: Record<string, unknown> } } & Record<string, unknown> };
  const spec = kind.resource === 'daemonsets' ? o.spec?.template?.spec : kind.resource === 'pods' ? o.spec : undefined;
  if (!spec) return;
  for (const field of ['containers', 'initContainers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    spec[field] = list.map((c: Record<string, unknown>) => {
      const image = typeof c.image === 'string' ? c.image : '';
      const latest = !/:[^/]+$/.test(image) || image.endsWith(':latest');
      return {
        resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        imagePullPolicy: latest ? 'Always' : 'IfNotPresent', ...c,
      };
    });
  }
}

function checkValid(kind: KindInfo, obj: KubeObject, old?: KubeObject): void {
  defaultContainers(kind, obj);
  const errs = validateObject(kind, obj, old);
  if (errs.length) throw invalid(kind.kind, kind.group, obj.metadata.name, errs);
}

export function createObject(deps: WriteDeps, o: WriteOptions, body: unknown): WriteResult {
  const { kind } = o;
  const obj = decodeObject(kind, body);
  const m = obj.metadata;
  if (kind.namespaced) {
    if (m.namespace && m.namespace !== o.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    m.namespace = o.namespace;
    if (!deps.store.get('namespaces', o.namespace ?? '')) throw notFound('namespaces', o.namespace ?? '');
  } else {
    delete m.namespace;
  }
  if (!m.name && m.generateName) m.name = `${m.generateName}${randomSuffix()}`;
  const at = deps.now();
  m.uid = randomUUID();
  m.creationTimestamp = iso(at);
  m.resourceVersion = '';
  delete m.deletionTimestamp;
  if (HAS_GENERATION.has(kind.resource)) m.generation = 1;
  if (kind.resource === 'daemonsets') m.annotations = { ...m.annotations, 'deprecated.daemonset.template.generation': '1' };
  // A new budget starts with nothing allowed, as the API server defaults it,
  // until the disruption controller has counted its pods.
  if (kind.resource === 'poddisruptionbudgets') (obj as unknown as { status: unknown }).status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  recordManager(obj, o.fieldManager, at, changedFields(undefined, obj));
  checkValid(kind, obj);
  if (deps.store.get(kind.resource, keyOf(kind, m.namespace, m.name))) throw alreadyExists(kind.resource, kind.group, m.name);
  admit(deps, o, { operation: 'CREATE', object: obj, oldObject: null });
  if (o.dryRun) {
    const { resourceVersion: _rv, ...meta } = m;
    return { code: 201, body: { ...obj, metadata: meta } };
  }
  return { code: 201, body: deps.store.create(kind.resource, obj as never) };
}

/** Shared tail of PUT and PATCH: `next` is the whole new object the client asked for. */
function commitUpdate(deps: WriteDeps, o: WriteOptions, old: KubeObject, next: KubeObject): WriteResult {
  const { kind } = o;
  const name = old.metadata.name;
  if (next.metadata.name !== undefined && next.metadata.name !== name) {
    throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (kind.namespaced && next.metadata.namespace && next.metadata.namespace !== old.metadata.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const rv = next.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(kind.resource, kind.group, name, MODIFIED_CONFLICT);
  // Server-owned metadata cannot be changed by a client.
  const keep = ['uid', 'creationTimestamp', 'namespace', 'generation', 'deletionTimestamp', 'resourceVersion'] as const;
  const meta = next.metadata as unknown as Record<string, unknown>;
  const oldMeta = old.metadata as unknown as Record<string, unknown>;
  for (const k of keep) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  meta.name = name;
  const n = next as unknown as Record<string, unknown>;
  const prev = old as unknown as Record<string, unknown>;
  // The main resource keeps the stored status; the status subresource keeps the stored spec and
  // takes status and metadata from the request (pkg/registry/core/node/strategy.go: nodeStrategy
  // and nodeStatusStrategy PrepareForUpdate).
  const statusWrite = o.subresource === 'status';
  if (statusWrite) n.spec = structuredClone(prev.spec);
  else if (HAS_STATUS.has(kind.resource)) n.status = structuredClone(prev.status);
  const specChanged = JSON.stringify(n.spec) !== JSON.stringify(prev.spec);
  if (HAS_GENERATION.has(kind.resource) && specChanged) {
    next.metadata.generation = (old.metadata.generation ?? 1) + 1;
    const tmpl = (o: Record<string, unknown>): string => JSON.stringify((o.spec as { template?: unknown } | undefined)?.template);
    if (kind.resource === 'daemonsets' && tmpl(n) !== tmpl(prev)) {
      next.metadata.annotations = { ...next.metadata.annotations, 'deprecated.daemonset.template.generation': String(next.metadata.generation) };
    }
  }
  const changed = statusWrite ? (JSON.stringify(n.status) !== JSON.stringify(prev.status) ? ['status'] : []) : changedFields(old, next);
  if (changed.length || JSON.stringify(next.metadata.labels) !== JSON.stringify(old.metadata.labels) || JSON.stringify(next.metadata.annotations) !== JSON.stringify(old.metadata.annotations)) {
    recordManager(next, o.fieldManager, deps.now(), changed, o.subresource);
  } else {
    next.metadata.managedFields = old.metadata.managedFields;
  }
  checkValid(kind, next, old);
  admit(deps, o, { operation: 'UPDATE', object: next, oldObject: old });
  // A no-op write stores nothing and keeps the RV, as the API server does.
  if (o.dryRun || JSON.stringify(next) === JSON.stringify(old)) return { code: 200, body: o.dryRun ? next : old };
  return { code: 200, body: deps.store.replace(kind.resource, objectKey(old), next as never) };
}

function current(deps: WriteDeps, o: WriteOptions): KubeObject {
  const name = o.name ?? '';
  const old = deps.store.get(o.kind.resource, keyOf(o.kind, o.namespace, name));
  if (!old) throw notFound(o.kind.resource, name, o.kind.group);
  return old;
}

export function replaceObject(deps: WriteDeps, o: WriteOptions, body: unknown): WriteResult {
  const old = current(deps, o);
  return commitUpdate(deps, o, old, decodeObject(o.kind, body));
}

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export function patchObject(deps: WriteDeps, o: WriteOptions, type: PatchType, body: unknown): WriteResult {
  const old = current(deps, o);
  const base = old as unknown as JsonValue;
  let patched: JsonValue;
  try {
    if (type === 'application/json-patch+json') patched = jsonPatch(base, asJsonPatch(body));
    else if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new PatchError('json: cannot unmarshal array into Go value of type map[string]interface {}');
    else patched = type === 'application/merge-patch+json' ? mergePatch(base, body as JsonValue) : strategicMerge(base, body as JsonValue);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (type !== 'application/json-patch+json' || /^(json:|Unexpected kind|invalid JSON pointer)/.test(e.message)) throw badRequest(e.message);
    // A patch that does not apply (a failed `test`, a missing path) is 422, its text in the cause (errors.NewGenericServerResponse).
    throw new ApiError(status(422, 'Invalid', 'the server rejected our request due to an error in our request', { causes: [{ reason: 'UnexpectedServerResponse', message: e.message }] }));
  }
  return commitUpdate(deps, o, old, decodeObject(o.kind, patched));
}

/**
 * DELETE and the pods/eviction subresource.
 * - Preconditions (DeleteOptions.preconditions.uid/resourceVersion) → 409.
 * - Pods are deleted gracefully: the API server only sets deletionTimestamp
 *   (MODIFIED); the kubelet removes the pod when its containers stopped
 *   (DELETED, see controllers/kubelet.ts). Terminal or gracePeriodSeconds=0
 *   pods go at once. Other kinds go at once and answer a Success Status.
 * - Eviction honours PodDisruptionBudgets (429 TooManyRequests), except for
 *   pods that cannot be disrupted further (Pending, finished, terminating).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/
 */
import { iso } from '../builders/meta';
import { ApiError, badRequest, conflict, notFound, status, success } from '../status';
import type { KubeObject, PodDisruptionBudgetObject, PodObject } from '../types';
import { admit, keyOf, type WriteDeps, type WriteOptions, type WriteResult } from './engine';
import { disruptionStatus, selectsLabels } from './pdb';

export interface DeleteOptionsBody {
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
  dryRun?: string[];
}

export function parseDeleteOptions(body: unknown): DeleteOptionsBody {
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request was not a DeleteOptions');
  const b = body as Record<string, unknown>;
  if (b.kind !== undefined && b.kind !== 'DeleteOptions') throw badRequest(`DeleteOptions in version "v1" cannot be handled as a ${String(b.kind)}`);
  const pre = b.preconditions && typeof b.preconditions === 'object' ? b.preconditions as Record<string, unknown> : {};
  return {
    preconditions: {
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
    },
    ...(typeof b.gracePeriodSeconds === 'number' ? { gracePeriodSeconds: b.gracePeriodSeconds } : {}),
    ...(Array.isArray(b.dryRun) ? { dryRun: b.dryRun.map(String) } : {}),
  };
}

function checkPreconditions(o: WriteOptions, obj: KubeObject, opts: DeleteOptionsBody): void {
  const p = opts.preconditions ?? {};
  const name = obj.metadata.name;
  if (p.uid !== undefined && p.uid !== obj.metadata.uid) {
    throw conflict(o.kind.resource, o.kind.group, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(o.kind.resource, o.kind.group, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

const terminal = (p: PodObject): boolean => p.status.phase === 'Succeeded' || p.status.phase === 'Failed';

function deletePod(deps: WriteDeps, o: WriteOptions, pod: PodObject, opts: DeleteOptionsBody): WriteResult {
  const key = keyOf(o.kind, o.namespace, pod.metadata.name);
  const grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  if (grace === 0 || terminal(pod) || !pod.spec.nodeName) {
    if (o.dryRun) return { code: 200, body: pod };
    return { code: 200, body: deps.store.delete('pods', key) };
  }
  const mark = (d: PodObject): void => {
    const at = deps.now();
    const m = d.metadata as PodObject['metadata'] & { deletionGracePeriodSeconds?: number };
    if (!m.deletionTimestamp) m.deletionTimestamp = iso(at + grace * 1000);
    m.deletionGracePeriodSeconds = grace;
  };
  if (o.dryRun) {
    const copy = structuredClone(pod);
    mark(copy);
    return { code: 200, body: copy };
  }
  return { code: 200, body: deps.store.update('pods', key, mark) };
}

export function deleteObject(deps: WriteDeps, o: WriteOptions, opts: DeleteOptionsBody): WriteResult {
  const name = o.name ?? '';
  const key = keyOf(o.kind, o.namespace, name);
  const obj = deps.store.get(o.kind.resource, key);
  if (!obj) throw notFound(o.kind.resource, name, o.kind.group);
  checkPreconditions(o, obj, opts);
  admit(deps, o, { operation: 'DELETE', object: null, oldObject: obj });
  if (o.kind.resource === 'pods') return deletePod(deps, o, obj as PodObject, opts);
  if (!o.dryRun) deps.store.delete(o.kind.resource, key);
  return { code: 200, body: success(200, { name, ...(o.kind.group ? { group: o.kind.group } : {}), kind: o.kind.resource, uid: obj.metadata.uid }) };
}

/** Pods whose eviction the budget does not guard (registry/core/pod/storage/eviction.go canIgnorePDB). */
function canIgnorePdb(p: PodObject): boolean {
  return terminal(p) || p.status.phase === 'Pending' || !!p.metadata.deletionTimestamp;
}

export function evictPod(deps: WriteDeps, o: WriteOptions, body: unknown): WriteResult {
  const name = o.name ?? '';
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request was not an Eviction');
  const ev = body as { apiVersion?: string; kind?: string; metadata?: { name?: string }; deleteOptions?: unknown };
  if (ev.kind !== undefined && ev.kind !== 'Eviction') throw badRequest(`Eviction in version "v1" cannot be handled as a ${ev.kind}`);
  if (ev.metadata?.name !== undefined && ev.metadata.name !== name) throw badRequest(`name in URL does not match name in Eviction object`);
  const opts = parseDeleteOptions(ev.deleteOptions);
  const pod = deps.store.get('pods', keyOf(o.kind, o.namespace, name));
  if (!pod) throw notFound('pods', name);
  checkPreconditions(o, pod, opts);
  let pdb: PodDisruptionBudgetObject | undefined;
  if (!canIgnorePdb(pod)) {
    const pdbs = deps.store.list('poddisruptionbudgets')
      .filter((b) => b.metadata.namespace === pod.metadata.namespace && selectsLabels(b.spec.selector?.matchLabels, pod.metadata.labels));
    if (pdbs.length > 1) throw new ApiError(status(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'));
    pdb = pdbs[0];
    if (pdb) {
      // The budget as the disruption controller would compute it now.
      const st = disruptionStatus(pdb, deps.store.list('pods'));
      if (st.disruptionsAllowed <= 0) {
        throw new ApiError(status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently` }],
        }));
      }
    }
  }
  admit(deps, o);
  if (!o.dryRun) {
    if (pdb) {
      const budget = pdb;
      deps.store.update('poddisruptionbudgets', keyOf(o.kind, budget.metadata.namespace, budget.metadata.name), (d) => {
        d.status.disruptionsAllowed = Math.max(0, d.status.disruptionsAllowed - 1);
        (d.status as unknown as Record<string, unknown>).disruptedPods = { ...((d.status as unknown as { disruptedPods?: Record<string, string> }).disruptedPods ?? {}), [name]: iso(deps.now()) };
      });
    }
    deletePod(deps, o, pod, opts);
  }
  return { code: 201, body: success(201) };
}

import 'server-only';
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { toKubeError, type KubeError } from './errors';

/**
 * The dashboard's own state as Kubernetes objects: one Secret per record in
 * its namespace, labelled, written with its service account. Every write is
 * conditional the way the API server makes it: create fails with 409
 * AlreadyExists when the name is taken, update with 409 Conflict when the
 * resourceVersion it read is no longer current, so two replicas never both
 * win (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
 * The same contract in memory (memoryRecords) is the single-replica fallback and the unit tests' store.
 */
export const RECORD_LABEL = 'cni-health.io/record';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cni-health-dashboard' } as const;

export interface StoredRecord {
  name: string;
  resourceVersion: string;
  labels: Record<string, string>;
  /** Decoded values; a Secret carries them base64-encoded. */
  data: Record<string, string>;
}

export type WriteOutcome = { ok: true; record: StoredRecord } | { ok: false; reason: 'exists' | 'conflict' | 'gone' };

export interface RecordStore {
  readonly kind: 'cluster' | 'memory';
  get(name: string): Promise<StoredRecord | undefined>;
  create(name: string, labels: Record<string, string>, data: Record<string, string>): Promise<WriteOutcome>;
  /** Replaces the record if `record.resourceVersion` is still current. */
  update(record: StoredRecord): Promise<WriteOutcome>;
  delete(name: string): Promise<void>;
  /** Records whose labels include every pair of `labels`. */
  list(labels: Record<string, string>): Promise<StoredRecord[]>;
}

/** What a write or read failed with, other than the outcomes above: the API server is unreachable, or refused. */
export class RecordError extends Error {
  constructor(readonly error: KubeError) {
    super(error.message);
  }
}

const enc = (d: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
const dec = (d: Record<string, string> | undefined): Record<string, string> => Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

function fromSecret(s: V1Secret): StoredRecord {
  return { name: s.metadata?.name ?? '', resourceVersion: s.metadata?.resourceVersion ?? '', labels: { ...s.metadata?.labels }, data: dec(s.data) };
}

export function secretRecords(kc: KubeConfig, namespace: string): RecordStore {
  const api = kc.makeApiClient(CoreV1Api);
  const body = (name: string, labels: Record<string, string>, data: Record<string, string>, resourceVersion?: string): V1Secret => ({
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name, namespace, labels: { ...MANAGED_BY, ...labels }, ...(resourceVersion ? { resourceVersion } : {}) },
    data: enc(data),
  });
  return {
    kind: 'cluster',
    async get(name) {
      try {
        return fromSecret(await api.readNamespacedSecret({ name, namespace }));
      } catch (err) {
        const e = toKubeError(err);
        if (e.code === 404) return undefined;
        throw new RecordError(e);
      }
    },
    async create(name, labels, data) {
      try {
        return { ok: true, record: fromSecret(await api.createNamespacedSecret({ namespace, body: body(name, labels, data), fieldManager: 'cni-health' })) };
      } catch (err) {
        const e = toKubeError(err);
        if (e.code === 409) return { ok: false, reason: 'exists' };
        throw new RecordError(e);
      }
    },
    async update(r) {
      try {
        return { ok: true, record: fromSecret(await api.replaceNamespacedSecret({ name: r.name, namespace, body: body(r.name, r.labels, r.data, r.resourceVersion), fieldManager: 'cni-health' })) };
      } catch (err) {
        const e = toKubeError(err);
        if (e.code === 409) return { ok: false, reason: 'conflict' };
        if (e.code === 404) return { ok: false, reason: 'gone' };
        throw new RecordError(e);
      }
    },
    async delete(name) {
      try {
        await api.deleteNamespacedSecret({ name, namespace });
      } catch (err) {
        const e = toKubeError(err);
        if (e.code !== 404) throw new RecordError(e);
      }
    },
    async list(labels) {
      const labelSelector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
      try {
        const out: StoredRecord[] = [];
        let _continue: string | undefined;
        do {
          const page = await api.listNamespacedSecret({ namespace, labelSelector, limit: 500, _continue });
          out.push(...page.items.map(fromSecret));
          _continue = page.metadata?._continue || undefined;
        } while (_continue);
        return out;
      } catch (err) {
        throw new RecordError(toKubeError(err));
      }
    },
  };
}

/** The same contract in this process: resourceVersions, conflicts and all. */
export function memoryRecords(): RecordStore & { raw(): Map<string, StoredRecord> } {
  const items = new Map<string, StoredRecord>();
  let rv = 0;
  const copy = (r: StoredRecord): StoredRecord => structuredClone(r);
  return {
    kind: 'memory',
    raw: () => items,
    async get(name) {
      const r = items.get(name);
      return r && copy(r);
    },
    async create(name, labels, data) {
      if (items.has(name)) return { ok: false, reason: 'exists' };
      const r = { name, resourceVersion: String(++rv), labels: { ...MANAGED_BY, ...labels }, data: { ...data } };
      items.set(name, r);
      return { ok: true, record: copy(r) };
    },
    async update(r) {
      const cur = items.get(r.name);
      if (!cur) return { ok: false, reason: 'gone' };
      if (cur.resourceVersion !== r.resourceVersion) return { ok: false, reason: 'conflict' };
      const next = { ...copy(r), labels: { ...MANAGED_BY, ...r.labels }, resourceVersion: String(++rv) };
      items.set(r.name, next);
      return { ok: true, record: copy(next) };
    },
    async delete(name) {
      items.delete(name);
    },
    async list(labels) {
      return [...items.values()].filter((r) => Object.entries(labels).every(([k, v]) => r.labels[k] === v)).map(copy);
    },
  };
}

/**
 * Deterministic identity and metadata helpers for the typed builders: the
 * same scenario and clock always give the same uids, names and timestamps,
 * so tests and screenshots are reproducible.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, Labels, ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function sha256Hex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** A UUID-shaped (v4 layout) uid derived from a seed. */
export function uidFor(seed: string): string {
  const h = sha256Hex(`uid:${seed}`);
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The alphabet of generated name suffixes (k8s.io/apimachinery/pkg/util/rand): no vowels, no look-alikes. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function nameSuffix(seed: string, length: number): string {
  const h = createHash('sha256').update(`suffix:${seed}`).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[(h[i] ?? 0) % SUFFIX_ALPHABET.length];
  return out;
}

/** RFC 3339 in the API server's form: seconds precision, UTC, `Z`. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface ManagerInput {
  manager: string;
  time: number;
  fields: JsonObject;
  subresource?: 'status';
  apiVersion?: string;
}

export function managedFields(entries: ManagerInput[]): ManagedFieldsEntry[] {
  return entries.map((e) => ({
    manager: e.manager,
    operation: 'Update',
    apiVersion: e.apiVersion ?? 'v1',
    time: iso(e.time),
    fieldsType: 'FieldsV1',
    fieldsV1: e.fields,
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

export interface MetaInput {
  name: string;
  namespace?: string;
  createdAt: number;
  labels?: Labels;
  annotations?: Labels;
  owner?: OwnerReference;
  generateName?: string;
  generation?: number;
  managers?: ManagerInput[];
  /** Seed for the uid when the name alone is not unique over time (recreated objects). */
  uidSeed?: string;
}

export function objectMeta(m: MetaInput): ObjectMeta {
  const seed = m.uidSeed ?? `${m.namespace ?? ''}/${m.name}`;
  return {
    name: m.name,
    ...(m.generateName ? { generateName: m.generateName } : {}),
    ...(m.namespace ? { namespace: m.namespace } : {}),
    uid: uidFor(seed),
    resourceVersion: '',
    ...(m.generation !== undefined ? { generation: m.generation } : {}),
    creationTimestamp: iso(m.createdAt),
    ...(m.labels ? { labels: m.labels } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
    ...(m.owner ? { ownerReferences: [m.owner] } : {}),
    ...(m.managers?.length ? { managedFields: managedFields(m.managers) } : {}),
  };
}

export function controllerRef(apiVersion: string, kind: string, name: string, uid: string): OwnerReference {
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** Keys of a labels map in managedFields' FieldsV1 form (`f:key: {}`). */
export function fieldsOf(keys: Iterable<string>): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) out[`f:${k}`] = {};
  return out;
}

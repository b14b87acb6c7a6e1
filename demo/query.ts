/**
 * What a list or watch request selects: its scope (kind + namespace) and its
 * label/field selectors, parsed and validated once per request.
 */
import { fieldValue, type KindInfo } from './kinds';
import {
  matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError,
  type FieldRequirement, type LabelRequirement,
} from './selectors';
import { badRequest } from './status';
import type { KubeObject } from './types';

export interface Selection {
  kind: KindInfo;
  /** Undefined for cluster-scoped kinds and all-namespaces requests. */
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export function parseSelection(kind: KindInfo, namespace: string | undefined, query: URLSearchParams): Selection {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    for (const f of fields) {
      // The API server's message, word for word; clients and tests key on it.
      if (!kind.fields[f.field]) throw badRequest(`field label not supported: ${f.field}`);
    }
    return { kind, namespace, labels, fields };
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

export function hasSelectors(sel: Selection): boolean {
  return sel.labels.length > 0 || sel.fields.length > 0;
}

export function selects(sel: Selection, obj: KubeObject): boolean {
  if (sel.namespace !== undefined && obj.metadata.namespace !== sel.namespace) return false;
  if (!matchesLabels(sel.labels, obj.metadata.labels)) return false;
  return matchesFields(sel.fields, (field) => {
    const spec = sel.kind.fields[field];
    return spec ? fieldValue(obj, spec) : '';
  });
}

/** Parses a non-negative integer query parameter; absent gives undefined. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name}: Invalid value: "${raw}": must be a non-negative integer`);
  return Number(raw);
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  return raw === 'true' || raw === '1';
}

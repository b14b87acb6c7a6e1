/**
 * core/v1 Events as the kubelet and controllers record them through the
 * legacy recorder: count + firstTimestamp/lastTimestamp, eventTime null.
 * Names are `<involved name>.<hex of the first occurrence in ns>`, as client-go makes them.
 */
import type { EventObject } from '../types';
import { iso, objectMeta, sha256Hex } from './meta';

export interface InvolvedInput {
  kind: string;
  name: string;
  namespace?: string;
  uid: string;
  /** The kubelet leaves it out of its Node references (and uses the node name as uid). */
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventInput {
  /** Events about cluster-scoped objects (Nodes) live in `default`. */
  namespace: string;
  involved: InvolvedInput;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  host?: string;
  first: number;
  last?: number;
  count?: number;
}

export function eventName(involvedName: string, first: number, salt: string): string {
  // UnixNano of the first occurrence; the salt keeps same-millisecond events apart.
  const nanos = BigInt(Math.floor(first)) * 1_000_000n + BigInt(parseInt(sha256Hex(salt).slice(0, 5), 16) % 1_000_000);
  return `${involvedName}.${nanos.toString(16)}`;
}

export function buildEvent(e: EventInput): EventObject {
  const last = e.last ?? e.first;
  const name = eventName(e.involved.name, e.first, `${e.involved.uid}:${e.reason}:${e.message}`);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: objectMeta({
      name,
      namespace: e.namespace,
      createdAt: e.first,
      managers: [{
        manager: e.component === 'kubelet' ? 'kubelet' : 'kube-controller-manager',
        time: last,
        fields: { 'f:count': {}, 'f:firstTimestamp': {}, 'f:involvedObject': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:reportingComponent': {}, 'f:reportingInstance': {}, 'f:source': {}, 'f:type': {} },
      }],
    }),
    involvedObject: {
      kind: e.involved.kind,
      ...(e.involved.namespace ? { namespace: e.involved.namespace } : {}),
      name: e.involved.name,
      uid: e.involved.uid,
      ...(e.involved.apiVersion ? { apiVersion: e.involved.apiVersion } : {}),
      ...(e.involved.resourceVersion ? { resourceVersion: e.involved.resourceVersion } : {}),
      ...(e.involved.fieldPath ? { fieldPath: e.involved.fieldPath } : {}),
    },
    reason: e.reason,
    message: e.message,
    source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: iso(e.first),
    lastTimestamp: iso(last),
    count: e.count ?? 1,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
  };
}

/** Another occurrence of an aggregated event: what the kubelet's event correlator PATCHes. */
export function bumpEvent(draft: EventObject, at: number, message?: string, by = 1): void {
  draft.count += by;
  draft.lastTimestamp = iso(at);
  if (message !== undefined) draft.message = message;
  const mf = draft.metadata.managedFields?.[0];
  if (mf) mf.time = iso(at);
}

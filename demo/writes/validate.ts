/**
 * Validation of written objects, as the API server's registry strategies do
 * it (pkg/apis/core/validation, apps/validation, policy/validation), for the
 * fields the demo's kinds carry. Messages are the apimachinery field errors';
 * the caller wraps them in a 422 Invalid Status.
 */
import type { KindInfo } from '../kinds';
import type { FieldError } from '../status';
import type { Container, DaemonSetObject, EventObject, KubeObject, LeaseObject, NodeObject, PodDisruptionBudgetObject, PodObject, SecretObject } from '../types';
import { parseQuantity, QUANTITY_FORMAT } from './quantity';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const q = JSON.stringify;

function err(type: FieldError['type'], field: string, detail: string): FieldError {
  return { type, field, detail };
}

function metadataErrors(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const { name, labels, annotations } = obj.metadata;
  if (!name) out.push(err('FieldValueRequired', 'metadata.name', 'name or generateName is required'));
  else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) out.push(err('FieldValueInvalid', 'metadata.name', `${q(name)}: ${SUBDOMAIN_MSG}`));
  for (const [k, v] of Object.entries(labels ?? {})) {
    const [prefix, key] = k.includes('/') ? k.split('/', 2) as [string, string] : ['', k];
    if (!LABEL_NAME.test(key) || key.length > 63 || (prefix && !DNS1123_SUBDOMAIN.test(prefix))) {
      out.push(err('FieldValueInvalid', 'metadata.labels', `${q(k)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`));
    }
    if (typeof v !== 'string') out.push(err('FieldValueInvalid', `metadata.labels`, `${q(k)}: label values must be strings`));
    else if (v.length > 63) out.push(err('FieldValueInvalid', 'metadata.labels', `${q(v)}: must be no more than 63 characters`));
    else if (!LABEL_VALUE.test(v)) out.push(err('FieldValueInvalid', 'metadata.labels', `${q(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`));
  }
  const annotationBytes = Object.entries(annotations ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  if (annotationBytes > 256 * 1024) out.push(err('FieldValueTooLong', 'metadata.annotations', 'must have at most 262144 bytes'));
  return out;
}

function configMapErrors(obj: KubeObject): FieldError[] {
  const data = (obj as { data?: unknown }).data;
  if (data === undefined || data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) return [err('FieldValueInvalid', 'data', 'must be a map of strings')];
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (!CONFIGMAP_KEY.test(k) || k.length > 253) out.push(err('FieldValueInvalid', `data[${k}]`, `${q(k)}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`));
    if (typeof v !== 'string') out.push(err('FieldValueInvalid', `data[${k}]`, 'must be a string'));
    else size += k.length + Buffer.byteLength(v);
  }
  if (size > 1024 * 1024) out.push(err('FieldValueTooLong', '[]', 'must have at most 1048576 bytes'));
  return out;
}

/**
 * pkg/apis/core/validation/events.go legacyValidateEvent: an Event without
 * eventTime about a namespaced object lives in that object's namespace, and
 * about a cluster-scoped one (no namespace) in `default`; with eventTime, one
 * about a cluster-scoped object lives in `default` or `kube-system`.
 */
function eventErrors(e: EventObject): FieldError[] {
  const out: FieldError[] = [];
  const involved = e.involvedObject?.namespace ?? '';
  const ns = e.metadata.namespace ?? '';
  const mismatch = (e as { eventTime?: unknown }).eventTime
    ? !involved && !['default', 'kube-system'].includes(ns)
    : involved ? involved !== ns : !['', 'default'].includes(ns);
  if (mismatch) out.push(err('FieldValueInvalid', 'involvedObject.namespace', `${q(involved)}: does not match event.namespace`));
  if (e.type !== undefined && e.type !== 'Normal' && e.type !== 'Warning') out.push(err('FieldValueNotSupported', 'type', `${q(e.type)}: supported values: "Normal", "Warning"`));
  if (!e.reason) out.push(err('FieldValueRequired', 'reason', ''));
  return out;
}

/**
 * pkg/apis/core/validation ValidateSecret: keys as ConfigMap keys, the
 * decoded total at most 1 MiB (MaxSecretSize). A value that is not base64
 * fails earlier, at decoding, as a 400 (the JSON decoder's []byte field),
 * which demo/writes/engine.ts reports; here it only counts.
 */
function secretErrors(x: SecretObject): FieldError[] {
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(x.data ?? {})) {
    if (!CONFIGMAP_KEY.test(k) || k.length > 253) out.push(err('FieldValueInvalid', `data[${k}]`, `${q(k)}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`));
    size += Buffer.from(v, 'base64').length;
  }
  if (size > 1024 * 1024) out.push(err('FieldValueTooLong', 'data', 'Too long: may not be more than 1048576 bytes'));
  return out;
}

/** pkg/apis/coordination/validation ValidateLeaseSpec. */
function leaseErrors(l: LeaseObject): FieldError[] {
  const out: FieldError[] = [];
  const d = l.spec?.leaseDurationSeconds;
  if (d !== undefined && (!Number.isInteger(d) || d <= 0)) out.push(err('FieldValueInvalid', 'spec.leaseDurationSeconds', `${d}: must be greater than 0`));
  const t = l.spec?.leaseTransitions;
  if (t !== undefined && (!Number.isInteger(t) || t < 0)) out.push(err('FieldValueInvalid', 'spec.leaseTransitions', `${t}: must be greater than or equal to 0`));
  return out;
}

function containerErrors(list: Container[] | undefined, path: string, seen: Set<string>): FieldError[] {
  const out: FieldError[] = [];
  (list ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!c.name) out.push(err('FieldValueRequired', `${at}.name`, ''));
    else if (seen.has(c.name)) out.push(err('FieldValueDuplicate', `${at}.name`, q(c.name)));
    else seen.add(c.name);
    if (!c.image) out.push(err('FieldValueRequired', `${at}.image`, ''));
    const { requests = {}, limits = {} } = c.resources ?? {};
    for (const [kind, values] of [['requests', requests], ['limits', limits]] as const) {
      for (const [r, v] of Object.entries(values)) {
        if (parseQuantity(v) === undefined) out.push(err('FieldValueInvalid', `${at}.resources.${kind}[${r}]`, `${q(v)}: ${QUANTITY_FORMAT}`));
      }
    }
    for (const [r, v] of Object.entries(requests)) {
      const lim = limits[r];
      const rv = parseQuantity(v);
      const lv = parseQuantity(lim);
      if (lim !== undefined && rv !== undefined && lv !== undefined && rv > lv) {
        out.push(err('FieldValueInvalid', `${at}.resources.requests`, `${q(v)}: must be less than or equal to ${r} limit of ${lim}`));
      }
    }
  });
  return out;
}

function daemonSetErrors(ds: DaemonSetObject, old?: DaemonSetObject): FieldError[] {
  const spec = ds.spec?.template?.spec;
  if (!spec) return [err('FieldValueRequired', 'spec.template.spec', '')];
  const seen = new Set<string>();
  const out = [
    ...containerErrors(spec.initContainers, 'spec.template.spec.initContainers', seen),
    ...containerErrors(spec.containers, 'spec.template.spec.containers', seen),
  ];
  if (!spec.containers?.length) out.push(err('FieldValueRequired', 'spec.template.spec.containers', ''));
  const labels = ds.spec.template.metadata?.labels ?? {};
  const selector = ds.spec.selector?.matchLabels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    out.push(err('FieldValueInvalid', 'spec.template.metadata.labels', `${q(labels)}: \`selector\` does not match template \`labels\``));
  }
  if (old && JSON.stringify(old.spec.selector) !== JSON.stringify(ds.spec.selector)) {
    out.push(err('FieldValueInvalid', 'spec.selector', `${q(ds.spec.selector)}: field is immutable`));
  }
  return out;
}

const POD_MUTABLE = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function podErrors(pod: PodObject, old?: PodObject): FieldError[] {
  if (!old) return [];
  // Everything but images and tolerations must stay as it was; the real message also appends a diff.
  const neutral = (p: PodObject): string => JSON.stringify({
    ...p.spec,
    containers: p.spec.containers.map((c) => ({ ...c, image: '' })),
    initContainers: p.spec.initContainers?.map((c) => ({ ...c, image: '' })),
    tolerations: undefined, activeDeadlineSeconds: undefined,
  });
  return neutral(pod) === neutral(old) ? [] : [err('FieldValueForbidden', 'spec', POD_MUTABLE)];
}

function nodeErrors(node: NodeObject): FieldError[] {
  return (node.spec?.taints ?? []).flatMap((t, i) => (['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)
    ? [] : [err('FieldValueNotSupported', `spec.taints[${i}].effect`, `${q(t.effect)}: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"`)]));
}

function pdbErrors(pdb: PodDisruptionBudgetObject): FieldError[] {
  if (pdb.spec?.minAvailable !== undefined && pdb.spec.maxUnavailable !== undefined) {
    return [err('FieldValueInvalid', 'spec', `${q(pdb.spec)}: minAvailable and maxUnavailable cannot be both set`)];
  }
  return [];
}

/** Field errors of `obj` (with `old`, the stored object, on update); empty when valid. */
export function validateObject(kind: KindInfo, obj: KubeObject, old?: KubeObject): FieldError[] {
  const out = metadataErrors(obj);
  switch (kind.resource) {
    case 'configmaps': return [...out, ...configMapErrors(obj)];
    case 'events': return [...out, ...eventErrors(obj as EventObject)];
    case 'daemonsets': return [...out, ...daemonSetErrors(obj as DaemonSetObject, old as DaemonSetObject | undefined)];
    case 'pods': return [...out, ...podErrors(obj as PodObject, old as PodObject | undefined)];
    case 'nodes': return [...out, ...nodeErrors(obj as NodeObject)];
    case 'poddisruptionbudgets': return [...out, ...pdbErrors(obj as PodDisruptionBudgetObject)];
    case 'secrets': return [...out, ...secretErrors(obj as SecretObject)];
    case 'leases': return [...out, ...leaseErrors(obj as LeaseObject)];
    default: return out;
  }
}

/**
 * The two Multus annotations of a pod, read defensively: which secondary
 * networks it asks for (`k8s.v1.cni.cncf.io/networks`) and which it got
 * (`k8s.v1.cni.cncf.io/network-status`, written by Multus after CNI ADD).
 * Format: the Network Plumbing Working Group's multi-network spec v1.2
 * (https://github.com/k8snetworkplumbingwg/multi-net-spec), section 4.1.2
 * (request: a comma-separated `ns/name@ifname` list or a JSON list of
 * objects with `name`, `namespace`, `interface`) and 4.1.5.1 (status: a
 * JSON list of objects with `name`, `interface`, `default`). Multus parses
 * them in pkg/k8sclient (parsePodNetworkAnnotation) and writes the status in
 * pkg/k8sclient SetNetworkStatus (network-attachment-definition-client
 * pkg/utils/net-attach-def.go). Annotations are anyone's input: sizes and
 * entry counts are capped, names bounded.
 */
import { z } from 'zod';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';
/** Written by Multus before v4 beside (or instead of) network-status. */
export const LEGACY_NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks-status';

/** More than any real pod asks for; the rest is counted, not kept. */
export const MAX_NETWORK_ENTRIES = 32;
/** Characters of annotation text parsed at all (the API server allows 256 KiB of annotations per object). */
export const MAX_ANNOTATION_CHARS = 32 * 1024;
const MAX_NAME = 253;
const MAX_IFNAME = 64;

export interface NetworkRef {
  /** `namespace/name`, the namespace defaulting to the pod's. */
  name: string;
  interface?: string;
}

export interface AttachedNetwork {
  name: string;
  interface?: string;
  default?: boolean;
}

export interface PodNetworks {
  requested: NetworkRef[];
  /** What network-status lists; undefined when the pod has no such annotation at all. */
  attached?: AttachedNetwork[];
  /** When the pod's sandbox, and so its network, was set up (lib/k8s/project.ts sandboxSince). */
  startedAt?: string;
  /** Set when an annotation could not be read: then nothing is judged about this pod. */
  error?: string;
  /** Entries past MAX_NETWORK_ENTRIES, left out. */
  omitted?: number;
}

const bounded = (max: number) => z.string().min(1).transform((s) => s.slice(0, max));
const requestSchema = z.array(z.looseObject({
  name: bounded(MAX_NAME),
  namespace: bounded(MAX_NAME).optional(),
  interface: bounded(MAX_IFNAME).optional(),
}));
const statusSchema = z.array(z.looseObject({
  name: z.string().transform((s) => s.slice(0, MAX_NAME)),
  interface: z.string().transform((s) => s.slice(0, MAX_IFNAME)).optional(),
  default: z.boolean().optional(),
}));

type Parsed<T> = { ok: true; items: T[]; omitted: number } | { ok: false; error: string };

function parseJsonList<T>(text: string, schema: z.ZodType<T[]>, what: string): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: `${what} is not valid JSON` };
  }
  if (!Array.isArray(raw)) return { ok: false, error: `${what} is not a list` };
  const parsed = schema.safeParse(raw.slice(0, MAX_NETWORK_ENTRIES));
  if (!parsed.success) return { ok: false, error: `${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, items: parsed.data, omitted: Math.max(0, raw.length - MAX_NETWORK_ENTRIES) };
}

/** `ns/name@if, name2` as Multus reads it (parsePodNetworkObjectName). */
function parseShortForm(text: string, podNamespace: string): Parsed<NetworkRef> {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const items: NetworkRef[] = [];
  for (const part of parts.slice(0, MAX_NETWORK_ENTRIES)) {
    const [ref, ifname, extra] = part.split('@');
    const segs = ref!.split('/');
    if (extra !== undefined || segs.length > 2 || segs.some((s) => s === '')) return { ok: false, error: `${NETWORKS_ANNOTATION}: cannot read "${part.slice(0, 80)}"` };
    const [ns, name] = segs.length === 2 ? [segs[0]!, segs[1]!] : [podNamespace, segs[0]!];
    items.push({ name: `${ns.slice(0, MAX_NAME)}/${name.slice(0, MAX_NAME)}`, ...(ifname ? { interface: ifname.slice(0, MAX_IFNAME) } : {}) });
  }
  return { ok: true, items, omitted: Math.max(0, parts.length - MAX_NETWORK_ENTRIES) };
}

function parseRequest(text: string, podNamespace: string): Parsed<NetworkRef> {
  if (!text.trimStart().startsWith('[')) return parseShortForm(text, podNamespace);
  const r = parseJsonList(text, requestSchema, NETWORKS_ANNOTATION);
  if (!r.ok) return r;
  return { ok: true, omitted: r.omitted, items: r.items.map((e) => ({ name: `${e.namespace ?? podNamespace}/${e.name}`, ...(e.interface ? { interface: e.interface } : {}) })) };
}

/**
 * The pod's secondary-network facts, or undefined when it asks for none
 * (the common case: nothing is kept). Host-network pods are skipped, as
 * Multus skips them.
 */
export function readPodNetworks(annotations: Readonly<Record<string, string>> | undefined, podNamespace: string, hostNetwork: boolean, startedAt?: string): PodNetworks | undefined {
  const request = annotations?.[NETWORKS_ANNOTATION];
  if (hostNetwork || request === undefined || request.trim() === '') return undefined;
  const base = startedAt ? { startedAt } : {};
  if (request.length > MAX_ANNOTATION_CHARS) return { requested: [], error: `${NETWORKS_ANNOTATION} is over ${MAX_ANNOTATION_CHARS} characters: not read`, ...base };
  const req = parseRequest(request, podNamespace);
  if (!req.ok) return { requested: [], error: req.error, ...base };
  const statusText = annotations?.[NETWORK_STATUS_ANNOTATION] ?? annotations?.[LEGACY_NETWORK_STATUS_ANNOTATION];
  const omitted = req.omitted > 0 ? { omitted: req.omitted } : {};
  if (statusText === undefined) return { requested: req.items, ...omitted, ...base };
  if (statusText.length > MAX_ANNOTATION_CHARS) return { requested: req.items, error: `${NETWORK_STATUS_ANNOTATION} is over ${MAX_ANNOTATION_CHARS} characters: not read`, ...base };
  const st = parseJsonList(statusText, statusSchema, NETWORK_STATUS_ANNOTATION);
  if (!st.ok) return { requested: req.items, error: st.error, ...base };
  return { requested: req.items, attached: st.items.map((s) => ({ name: s.name, ...(s.interface ? { interface: s.interface } : {}), ...(s.default ? { default: true } : {}) })), ...omitted, ...base };
}

/**
 * Requested networks the status does not list. Multus names a secondary
 * network `namespace/name` in the status; older versions wrote the bare
 * name, so that counts too, as does the requested interface name.
 */
export function missingNetworks(n: PodNetworks): NetworkRef[] {
  if (n.error) return [];
  const attached = n.attached ?? [];
  return n.requested.filter((r) => {
    const bare = r.name.slice(r.name.indexOf('/') + 1);
    return !attached.some((a) => !a.default && (a.name === r.name || a.name === bare || (r.interface !== undefined && a.interface === r.interface)));
  });
}

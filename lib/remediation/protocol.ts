/**
 * The repair protocol (docs/repair-protocol.md): how the dashboard asks the
 * snapshot agent on one node to un-nest a self-nested generated Multus
 * config in place, and how the agent answers. The file lives on the node, so
 * the request and its outcome travel through one ConfigMap in the
 * dashboard's namespace. Pure: constants, schemas and the agent's admission
 * decision, shared by the dashboard, the real agent (agent/) and the demo
 * cluster's simulated agent.
 *
 * v1alpha2 replaced v1alpha1's "move the file aside, then restart Multus":
 * between the move and Multus writing its config again the runtime used the
 * primary config alone, and every sandbox created then came up without its
 * secondary networks (docs/repair-protocol.md, "The window").
 */
import { z } from 'zod';
import { unnestMultusConfig } from '@/lib/cni/unnest';

export const REPAIR_API_VERSION = 'cni-health.io/v1alpha2';
/** The version that moved the file aside; this agent answers its requests Rejected, never with the old action. */
export const LEGACY_REPAIR_API_VERSION = 'cni-health.io/v1alpha1';
export const REPAIR_REQUEST_KIND = 'CNIRepairRequest';
/** Where requests live: the dashboard's namespace, which the agent already writes snapshots to. */
export const REPAIR_NAMESPACE = 'cni-health';
/** Marks a ConfigMap as a repair request; the value is the protocol version. */
export const REPAIR_REQUEST_LABEL = 'cni-health.io/repair-request';
export const REPAIR_REQUEST_LABEL_VALUE = 'v1alpha2';
/** Agents watch by this label: node names may be 253 characters, label values only 63. */
export const REPAIR_NODE_HASH_LABEL = 'cni-health.io/node-hash';
/** The full node name, for people and for the agent's exact comparison. */
export const REPAIR_NODE_ANNOTATION = 'cni-health.io/node';
export const REPAIR_REQUEST_KEY = 'request.json';
export const REPAIR_STATUS_KEY = 'status.json';
export const REPAIR_NAME_PREFIX = 'cni-repair-';

export const REPAIR_ACTION = 'unnest-generated-config';
/** Only files a CNI generates at start-up may be rewritten; never the primary config. */
export const REPAIRABLE_FILES = ['00-multus.conf'] as const;
/** A request older than this is refused: the user previewed a state that may be long gone. */
export const REPAIR_REQUEST_MAX_AGE_MS = 10 * 60_000;
/** Requests nobody deleted are garbage-collected by the agent after this. */
export const REPAIR_REQUEST_TTL_MS = 60 * 60_000;
/** Inside the conf dir but a dot-directory: libcni only reads *.conf, *.conflist, *.json files at the top level. */
export const REPAIR_BACKUP_DIR = '.cni-health-backup';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');
const isoTime = z.iso.datetime({ offset: true });

export const repairRequestSchema = z.object({
  apiVersion: z.literal(REPAIR_API_VERSION),
  kind: z.literal(REPAIR_REQUEST_KIND),
  node: z.string().min(1).max(253),
  action: z.literal(REPAIR_ACTION),
  file: z.enum(REPAIRABLE_FILES),
  /** The sha256 of the file the user saw in the preview; the agent rewrites nothing else. */
  expectedSha256: sha256,
  /**
   * The sha256 of the un-nested content the preview showed. The agent derives
   * the content from the file on disk itself (lib/cni/unnest) and writes it
   * only when it hashes to this: the request carries no content to write.
   */
  expectedResultSha256: sha256,
  requestedBy: z.string().min(1).max(256),
  requestedAt: isoTime,
  reason: z.string().max(1024).default(''),
}).strict();

export const REPAIR_PHASES = ['Succeeded', 'Rejected', 'Failed'] as const;
export type RepairPhase = (typeof REPAIR_PHASES)[number];

export const repairStatusSchema = z.object({
  phase: z.enum(REPAIR_PHASES),
  message: z.string(),
  completedAt: isoTime,
  agent: z.object({ node: z.string(), version: z.string() }),
  replaced: z.object({ file: z.string(), sha256, resultSha256: sha256, backup: z.string() }).optional(),
});

export type RepairRequest = z.infer<typeof repairRequestSchema>;
export type RepairRequestInput = z.input<typeof repairRequestSchema>;
export type RepairStatus = z.infer<typeof repairStatusSchema>;

/** Label value an agent selects on: the first 16 hex digits of sha256(node name). */
export function repairNodeHash(node: string, sha256Hex: (s: string) => string): string {
  return sha256Hex(node).slice(0, 16);
}

/**
 * `cni-repair-<short node>-<suffix>`: the node's first DNS label, cut so the
 * whole stays a valid DNS-1123 subdomain of at most 253 characters.
 */
export function repairRequestName(node: string, suffix: string): string {
  if (!/^[a-z0-9]{1,16}$/.test(suffix)) throw new Error('suffix: 1-16 lowercase letters or digits');
  const short = (node.split('.')[0] ?? node).replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'node';
  return `${REPAIR_NAME_PREFIX}${short}-${suffix}`;
}

/** Where the agent keeps the replaced file: `<confDir>/.cni-health-backup/<file>.<UTC timestamp>`. */
export function repairBackupPath(confDir: string, file: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${confDir.replace(/\/+$/, '')}/${REPAIR_BACKUP_DIR}/${file}.${stamp}`;
}

export interface RepairConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  data: Record<string, string>;
}

/** The ConfigMap the dashboard creates, as the user, to ask for a repair. */
export function repairRequestConfigMap(
  input: RepairRequestInput,
  opts: { suffix: string; sha256Hex: (s: string) => string; namespace?: string },
): RepairConfigMap {
  const request = repairRequestSchema.parse(input);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: repairRequestName(request.node, opts.suffix),
      namespace: opts.namespace ?? REPAIR_NAMESPACE,
      labels: { [REPAIR_REQUEST_LABEL]: REPAIR_REQUEST_LABEL_VALUE, [REPAIR_NODE_HASH_LABEL]: repairNodeHash(request.node, opts.sha256Hex) },
      annotations: { [REPAIR_NODE_ANNOTATION]: request.node },
    },
    data: { [REPAIR_REQUEST_KEY]: JSON.stringify(request) },
  };
}

/**
 * The request to un-nest `content`, the file as the user previews it: its
 * sha256 and the sha256 of the un-nested content (lib/cni/unnest), never the
 * content itself. Refused when the content cannot be un-nested.
 */
export function unnestRequest(
  input: { node: string; content: string; requestedBy: string; requestedAt: string; reason?: string },
  sha256Hex: (s: string) => string,
): { ok: true; request: RepairRequestInput; result: { content: string; sha256: string; depth: number } } | { ok: false; reason: string } {
  const unnested = unnestMultusConfig(input.content);
  if (!unnested.ok) return unnested;
  const resultSha256 = sha256Hex(unnested.content);
  return {
    ok: true,
    request: {
      apiVersion: REPAIR_API_VERSION, kind: REPAIR_REQUEST_KIND, node: input.node, action: REPAIR_ACTION, file: '00-multus.conf',
      expectedSha256: sha256Hex(input.content), expectedResultSha256: resultSha256,
      requestedBy: input.requestedBy, requestedAt: input.requestedAt, reason: input.reason ?? '',
    },
    result: { content: unnested.content, sha256: resultSha256, depth: unnested.depth },
  };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function parseJson<T>(text: string | undefined, schema: z.ZodType<T>, what: string): ParseResult<T> {
  if (text === undefined) return { ok: false, error: `missing ${what}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what} is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${what} is malformed: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
}

export const parseRepairRequest = (text: string | undefined): ParseResult<RepairRequest> => parseJson(text, repairRequestSchema, REPAIR_REQUEST_KEY);
export const parseRepairStatus = (text: string | undefined): ParseResult<RepairStatus> => parseJson(text, repairStatusSchema, REPAIR_STATUS_KEY);

/** What the agent knows when it decides: the request ConfigMap and its own node's files. */
export interface RepairContext {
  data: Record<string, string> | undefined;
  /** The annotation on the ConfigMap. */
  annotatedNode: string | undefined;
  agentNode: string;
  now: number;
  /** The requested file on disk now (its bytes' sha256 and their UTF-8 text); undefined when it does not exist. */
  current: (file: string) => { sha256: string; content: string } | undefined;
  /** Whether a non-Multus (primary) CNI config is present in the conf dir. */
  primaryPresent: boolean;
  sha256Hex: (s: string) => string;
}

export type RepairDecision =
  | { kind: 'ignore'; why: string }
  | { kind: 'reject'; message: string }
  | { kind: 'unnest'; request: RepairRequest; sha256: string; result: { content: string; sha256: string; depth: number } };

/**
 * What to add to an agent's refusal when the agent is older than this
 * dashboard: a v1alpha1 agent's strict schema refuses a v1alpha2 request as
 * a malformed apiVersion, and does nothing.
 */
export function olderAgentHint(message: string): string {
  return /^request\.json is malformed: apiVersion: .*cni-health\.io\/v1alpha1/.test(message)
    ? ` (the node's agent speaks the older repair protocol ${LEGACY_REPAIR_API_VERSION} and did nothing; upgrade the cni-health agent on that node)`
    : '';
}

function legacyVersion(text: string | undefined): boolean {
  try {
    return (JSON.parse(text ?? '') as { apiVersion?: unknown } | null)?.apiVersion === LEGACY_REPAIR_API_VERSION;
  } catch {
    return false;
  }
}

/**
 * The agent's admission of a request. `ignore`: not for this agent, or
 * already answered (a retried request after success is a no-op). `reject`:
 * write status Rejected with the message. `unnest`: replace the file with
 * `result.content`, which the agent derived itself from the file on disk.
 */
export function decideRepair(ctx: RepairContext): RepairDecision {
  if (ctx.data?.[REPAIR_STATUS_KEY] !== undefined) return { kind: 'ignore', why: 'already has a status' };
  if (ctx.annotatedNode !== undefined && ctx.annotatedNode !== ctx.agentNode) return { kind: 'ignore', why: `for node ${ctx.annotatedNode}` };
  if (legacyVersion(ctx.data?.[REPAIR_REQUEST_KEY])) {
    return { kind: 'reject', message: `${LEGACY_REPAIR_API_VERSION} requests (move the file aside, then restart Multus) are no longer performed: pods created before Multus writes its config again miss their secondary networks. This agent speaks ${REPAIR_API_VERSION} (un-nest in place); preview again from an up-to-date dashboard` };
  }
  const parsed = parseRepairRequest(ctx.data?.[REPAIR_REQUEST_KEY]);
  if (!parsed.ok) return { kind: 'reject', message: parsed.error };
  const request = parsed.value;
  if (request.node !== ctx.agentNode || (ctx.annotatedNode !== undefined && ctx.annotatedNode !== request.node)) {
    return { kind: 'reject', message: `request is for node ${request.node}, this agent runs on ${ctx.agentNode}` };
  }
  const age = ctx.now - Date.parse(request.requestedAt);
  if (age > REPAIR_REQUEST_MAX_AGE_MS) return { kind: 'reject', message: `request is ${Math.round(age / 1000)}s old, older than ${REPAIR_REQUEST_MAX_AGE_MS / 1000}s; preview again` };
  const current = ctx.current(request.file);
  if (current === undefined) return { kind: 'reject', message: `${request.file} does not exist on ${ctx.agentNode}; nothing to repair` };
  if (current.sha256 !== request.expectedSha256) {
    return { kind: 'reject', message: `${request.file} changed since the preview: sha256 is ${current.sha256}, the request expects ${request.expectedSha256}` };
  }
  if (!ctx.primaryPresent) return { kind: 'reject', message: `no primary CNI config on ${ctx.agentNode}: fix the primary CNI first` };
  const unnested = unnestMultusConfig(current.content);
  if (!unnested.ok) return { kind: 'reject', message: `${request.file} cannot be un-nested: ${unnested.reason}` };
  const resultSha = ctx.sha256Hex(unnested.content);
  if (resultSha !== request.expectedResultSha256) {
    return { kind: 'reject', message: `the un-nested ${request.file} this agent derives (sha256 ${resultSha}) is not the one previewed (${request.expectedResultSha256}); preview again` };
  }
  return { kind: 'unnest', request, sha256: current.sha256, result: { content: unnested.content, sha256: resultSha, depth: unnested.depth } };
}

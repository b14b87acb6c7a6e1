/**
 * A node prober's report: what it saw in its last rounds, as it publishes it
 * (a ConfigMap `probe.json`, written only when a check changes state, plus a
 * slow heartbeat; docs/data-plane.md says why). Whoever runs on a node can
 * write its report, so parsing is bounded and strict, and a report speaks only
 * for its own node's checks (lib/probes/verdict.ts ignores peers it was not
 * assigned).
 */
import { z } from 'zod';
import { MAX_MESH_NODES } from './mesh-set';
import { historySchema } from './transitions';

/** Peers one report may list; the default assignment is 4 (lib/probes/peers.ts). */
export const MAX_REPORT_PEERS = 16;
export const MAX_ERROR_CHARS = 256;
/**
 * The `probe.json` text. A usual report of 4 peers and a full history is
 * about 5 KiB; at every bound (16 peers and 20 transitions, 253-character
 * names, 256-character errors of characters JSON escapes as \uXXXX) it is
 * about 70 KiB (lib/probes/transitions.test.ts), and the 49 entries of a probe
 * mesh member (lib/probes/mesh-set.ts), shaped as peers, add about 94 KiB
 * (lib/probes/mesh.test.ts): 192 KiB, far below a ConfigMap's 1 MiB.
 */
export const MAX_REPORT_BYTES = 192 * 1024;

const isoTime = z.iso.datetime({ offset: true });
const nodeName = z.string().min(1).max(253);

const check = z.object({
  ok: z.boolean(),
  /** When this check last changed between ok and failing. */
  since: isoTime,
  /** Attempts that got no answer in the last round, 0..1. */
  loss: z.number().min(0).max(1),
  /** Median round-trip of the answered attempts. */
  latencyMs: z.number().min(0).max(600_000).optional(),
  error: z.string().max(MAX_ERROR_CHARS).optional(),
});

const peer = check.extend({ target: nodeName });

export const probeReportSchema = z.object({
  node: nodeName,
  /** The prober's pod IP: what its peers connect to. */
  podIP: z.string().max(64).optional(),
  /** The round this report describes. */
  observedAt: isoTime,
  /** Seconds between rounds, as the prober runs them. */
  intervalSeconds: z.number().int().min(1).max(3600),
  /** Seconds between unchanged publications. */
  heartbeatSeconds: z.number().int().min(1).max(86_400),
  dns: check,
  kubernetesService: check,
  peers: z.array(peer).max(MAX_REPORT_PEERS),
  /** Recent state changes, newest first (lib/probes/transitions.ts); absent from older probers' reports. */
  history: historySchema.optional(),
  /**
   * The other members of the probe mesh it probed (lib/probes/mesh.ts), ring
   * peers excluded (they are in `peers`). Absent when the node is not in the
   * mesh. Read only by the mesh matrix, never by a verdict.
   */
  mesh: z.array(peer).max(MAX_MESH_NODES - 1).optional(),
});

export type CheckResult = z.infer<typeof check>;
export type PeerResult = z.infer<typeof peer>;
export type ProbeReport = z.infer<typeof probeReportSchema>;

export type ParsedReport = { ok: true; report: ProbeReport } | { ok: false; error: string };

export function parseReport(text: string): ParsedReport {
  if (text.length > MAX_REPORT_BYTES) return { ok: false, error: `probe report larger than ${MAX_REPORT_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'probe report is not JSON' };
  }
  const parsed = probeReportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `probe report is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}` };
  return { ok: true, report: parsed.data };
}

/**
 * Whether a new round differs from the last published report in anything a
 * verdict reads: a check flipping, or the set of peers changing. Latency and
 * loss alone do not publish (they would write every round); they ride along
 * with the next change or heartbeat, and the prober's own metrics carry them.
 */
export function changedState(prev: ProbeReport | undefined, next: ProbeReport): boolean {
  if (!prev) return true;
  if (prev.dns.ok !== next.dns.ok || prev.kubernetesService.ok !== next.kubernetesService.ok) return true;
  if (prev.podIP !== next.podIP || prev.peers.length !== next.peers.length) return true;
  const before = new Map(prev.peers.map((p) => [p.target, p.ok]));
  if (next.peers.some((p) => before.get(p.target) !== p.ok)) return true;
  const prevMesh = prev.mesh ?? [];
  const nextMesh = next.mesh ?? [];
  if (prevMesh.length !== nextMesh.length) return true;
  const meshBefore = new Map(prevMesh.map((p) => [p.target, p.ok]));
  return nextMesh.some((p) => meshBefore.get(p.target) !== p.ok);
}

/** Publish on change, or when the last publication is a heartbeat old. */
export function shouldPublish(prev: ProbeReport | undefined, next: ProbeReport, lastPublishedAt: number, now: number): boolean {
  return changedState(prev, next) || now - lastPublishedAt >= next.heartbeatSeconds * 1000;
}

/**
 * The probe mesh's wire format (read by the probers and by lib/k8s): a chosen set of at most MAX_MESH_NODES nodes whose probers
 * also probe every other member of the set, so the dashboard can draw a full
 * node × node matrix for them (issue 16.4) while the fleet stays O(N·k).
 *
 * The set lives in one ConfigMap of the dashboard's namespace, written by a
 * person whose RBAC allows it (docs/data-plane.md). Whoever can write that
 * ConfigMap is not trusted beyond its bounds: the text is size-capped, every
 * name must be a DNS subdomain (what a Node name is:
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names),
 * and a set over the bound is refused whole rather than cut, so nobody
 * mistakes a truncated set for the chosen one.
 *
 * Its name is deliberately outside `cni-probe-*`: a report ConfigMap is
 * `cni-probe-<node>`, which the prober admission policy lets that node's
 * prober write, so a mesh named `cni-probe-mesh` could be rewritten by the
 * prober of a node called `mesh`.
 */
import { z } from 'zod';

export const MESH_CONFIGMAP = 'cni-health-probe-mesh';
export const MESH_DATA_KEY = 'nodes';
/** Members of the set: at most 49 extra probes per prober and 2,450 a round in all. */
export const MAX_MESH_NODES = 50;
/** 50 names of 253 characters and their separators fit; anything longer is not a set we wrote. */
export const MAX_MESH_TEXT = 16 * 1024;

/** RFC 1123 subdomain, as kube-apiserver validates metadata.name of a Node (IsDNS1123Subdomain). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const meshNodeName = z.string().max(253).regex(DNS_SUBDOMAIN, 'is not a node name (a DNS subdomain)');

export const meshSetSchema = z
  .array(meshNodeName)
  .max(MAX_MESH_NODES, `at most ${MAX_MESH_NODES} nodes`)
  .refine((names) => new Set(names).size === names.length, 'names a node twice');

export type MeshSet = { ok: true; nodes: string[] } | { ok: false; error: string };

/** Splits on whitespace and commas, so `--from-literal=nodes="a b c"` and a YAML block both work. */
export function parseMeshText(text: string | undefined): MeshSet {
  if (text === undefined || text.trim() === '') return { ok: true, nodes: [] };
  if (text.length > MAX_MESH_TEXT) return { ok: false, error: `the mesh set is longer than ${MAX_MESH_TEXT} characters` };
  const names = text.split(/[\s,]+/).filter((s) => s !== '');
  const parsed = meshSetSchema.safeParse(names);
  if (parsed.success) return { ok: true, nodes: parsed.data };
  const issue = parsed.error.issues[0];
  const at = typeof issue?.path[0] === 'number' ? `entry ${issue.path[0] + 1} ` : '';
  return { ok: false, error: `the mesh set is refused: ${at}${issue?.message ?? 'invalid'}` };
}

/** The text a set is stored as: one name a line, sorted, so an unchanged set reads the same. */
export function formatMeshText(nodes: readonly string[]): string {
  return [...new Set(nodes)].sort().map((n) => `${n}\n`).join('');
}

/**
 * The offline mode's pure core: node folders read by scripts/analyze.ts
 * (files, bin listing, event lines) in, a report out. The same rules as the
 * dashboard, minus what only a live cluster knows (pods, node conditions,
 * the Multus DaemonSet). Report schema: docs/analyze.md.
 */
import { loadConfigDir } from '@/lib/cni/files';
import { configFingerprint } from '@/lib/cni/fingerprint';
import { SNAPSHOT_API_VERSION, type Snapshot, type SnapshotFile } from '@/lib/cni/snapshot';
import type { TokenClaims } from '@/lib/cni/token-claims';
import type { NodeModel } from '@/lib/model/node';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { diagnoseCluster } from './diagnose';
import type { Finding, Verdict } from './types';

export const ANALYZE_SCHEMA = 'cni-health.io/analyze/v1';
const ZERO_DIGEST = '0'.repeat(64);

export interface OfflineNode {
  name: string;
  /** The CNI config directory this node's files stand for. */
  confDir: string;
  files: SnapshotFile[];
  /** File names in the CNI bin directory (bin.txt), when the bundle has them. */
  binaries?: string[];
  /** Event or log lines (events.txt). */
  messages?: string[];
  /** What is known about paths the configs refer to (a bundle's sub-folders, e.g. multus.d/, prove existence). */
  probes?: Array<{ path: string; exists: boolean; token?: TokenClaims }>;
}

export interface AnalyzeNodeReport {
  node: string;
  verdict: Verdict;
  /** The config file the container runtime would use, if any loads. */
  effectiveConfig?: string;
  /** Normalised config fingerprint (node-specific values removed). */
  fingerprint: string;
  files: string[];
  findings: Finding[];
}

export interface AnalyzeReport {
  schema: typeof ANALYZE_SCHEMA;
  generatedAt: string;
  summary: Record<Verdict, number> & { nodes: number; errors: number; warnings: number };
  nodes: AnalyzeNodeReport[];
  variants: Array<{ fingerprint: string; nodes: string[] }>;
}

function toSnapshot(n: OfflineNode, now: string): SnapshotModel {
  const snapshot: Snapshot = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'CNISnapshot',
    node: n.name,
    collectedAt: now,
    agent: { name: 'cni-health-analyze', version: '1' },
    confDir: n.confDir,
    files: n.files,
    binaries: n.binaries,
    probes: n.probes ?? [],
    revision: 0,
    digest: ZERO_DIGEST,
    history: [],
    truncated: false,
  };
  return { namespace: '', configMapName: '', resourceVersion: '', node: n.name, snapshot };
}

function toNode(name: string, now: string): NodeModel {
  // No conditions: an offline bundle says nothing about kubelet's Ready state.
  return { name, uid: name, resourceVersion: '', createdAt: now, roles: [], unschedulable: false, conditions: [] };
}

export function analyzeBundle(nodes: readonly OfflineNode[], now: number): AnalyzeReport {
  const iso = new Date(now).toISOString();
  const result = diagnoseCluster({
    nodes: nodes.map((n) => toNode(n.name, iso)),
    pods: [],
    events: [],
    snapshots: nodes.map((n) => toSnapshot(n, iso)),
    nodeMessages: new Map(nodes.map((n) => [n.name, n.messages ?? []])),
    now,
  });
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const reports = result.nodes.map((d): AnalyzeNodeReport => {
    const files = byName.get(d.node.name)?.files ?? [];
    return {
      node: d.node.name,
      verdict: d.verdict,
      effectiveConfig: loadConfigDir(files).effective?.name,
      fingerprint: configFingerprint(files, d.node.name).fingerprint,
      files: files.map((f) => f.name).sort(),
      findings: d.findings,
    };
  });
  const count = (v: Verdict): number => reports.filter((r) => r.verdict === v).length;
  const all = reports.flatMap((r) => r.findings);
  return {
    schema: ANALYZE_SCHEMA,
    generatedAt: iso,
    summary: {
      nodes: reports.length,
      broken: count('broken'),
      degraded: count('degraded'),
      unknown: count('unknown'),
      healthy: count('healthy'),
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
    },
    nodes: reports,
    variants: result.variants,
  };
}

/** 0 when no node has an error finding, 1 otherwise (2 is for bad usage, decided by the CLI). */
export function exitCodeOf(report: AnalyzeReport): 0 | 1 {
  return report.nodes.some((n) => n.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

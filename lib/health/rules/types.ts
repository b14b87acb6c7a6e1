/** What a node rule sees, and small helpers shared by the rules. */
import type { ConfigDir } from '@/lib/cni/files';
import type { CniFamily } from '@/lib/cni/families';
import type { NodeProbes } from '@/lib/probes/fleet';
import type { IgnoredSnapshot } from '@/lib/cni/snapshot-binding';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import type { PartialPod } from '../partial';
import type { PrimaryAgentContext } from '../primary-agent';
import type { StuckPod } from '../stuck';
import type { Evidence, Finding, Severity } from '../types';

/** Facts about the node that need the whole fleet: computed once, before the node rules run. */
export interface FleetFacts {
  /** Set when the node's config fingerprint is not the majority variant of its comparable group. */
  drift?: {
    group: string;
    groupSize: number;
    majorityFingerprint: string;
    majoritySize: number;
    fingerprint: string;
    referenceNode: string;
    /** A few JSON paths (file:path) where this node differs from the reference. */
    differences: string[];
  };
  /** The CNI family the majority of comparable nodes actually use (their effective config). */
  expectedFamily?: CniFamily;
  /** Cluster-level facts (Multus DaemonSet hygiene) attached as context to nodes hit by Multus errors. */
  context: Finding[];
  /** The node's data-plane probes (lib/probes/fleet.ts), when probers are installed. */
  dataPlane?: NodeProbes;
}

export interface NodeContext {
  node: NodeModel;
  /** The snapshot accepted for this node (lib/cni/snapshot-binding.ts), if any. */
  snapshot?: SnapshotModel;
  /** Snapshots ignored because they disagree about their node, that name or are stored as this one. */
  ignoredSnapshots?: readonly IgnoredSnapshot[];
  stuck: StuckPod[];
  /** Pods on the node that are not finished (live only: offline bundles carry no pods). */
  podCount?: number;
  /** Running pods without the secondary networks they asked for (lib/health/partial.ts). */
  partial?: PartialPod[];
  multusPod?: PodModel;
  /** The primary CNI agent's pod here (or the DaemonSet that should have one), with the kubelet's warnings about it. */
  primaryAgent?: PrimaryAgentContext;
  now: number;
  /** The node's config directory read the libcni way; absent without a usable snapshot. */
  config?: ConfigDir;
  /** Pods on the node that have an address (status.podIP), for the pod network checks. */
  pods?: readonly PodModel[];
  /** Network failure messages seen on the node without a pod to attach them to (offline bundles). */
  messages?: readonly string[];
  fleet?: FleetFacts;
}

export type Rule = (ctx: NodeContext) => Finding[];

export interface FindingInput {
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  evidence: Evidence[];
  remediations?: string[];
}

export function finding(f: FindingInput): Finding {
  return { ...f, evidence: f.evidence.map(dropUndefined), remediations: f.remediations ?? [] };
}

function dropUndefined(e: Evidence): Evidence {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Evidence;
}

/** Severity of a problem in the file at `index`: fatal when the runtime reaches it, a trap when it sorts after the effective config. */
export function positionalSeverity(config: ConfigDir, index: number): Severity {
  return index <= config.effectiveIndex ? 'error' : 'warning';
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What an export holds, one column list per kind, the same for CSV and
 * JSON: the stuck pods as the list filters and sorts them, and the nodes
 * with their verdicts. Pure: rows in, records out.
 */
import type { NodeView, Verdict } from '@/lib/api/views';
import type { Cell } from './csv';

export interface Column<T> {
  key: string;
  value: (row: T) => Cell;
}

export interface StuckPodRecordSource {
  namespace: string;
  name: string;
  node: string;
  owner?: string;
  signature: string;
  cause?: string;
  since: string;
  failures: number;
  lastSeen?: string;
  lastMessage?: string;
}

export const POD_COLUMNS: ReadonlyArray<Column<StuckPodRecordSource>> = [
  { key: 'namespace', value: (p) => p.namespace },
  { key: 'pod', value: (p) => p.name },
  { key: 'node', value: (p) => p.node },
  { key: 'workload', value: (p) => p.owner },
  { key: 'signature', value: (p) => p.signature },
  { key: 'cause', value: (p) => p.cause },
  { key: 'stuckSince', value: (p) => p.since },
  { key: 'failures', value: (p) => p.failures },
  { key: 'lastSeen', value: (p) => p.lastSeen },
  { key: 'lastMessage', value: (p) => p.lastMessage },
];

export const NODE_COLUMNS: ReadonlyArray<Column<NodeView>> = [
  { key: 'node', value: (n) => n.name },
  { key: 'verdict', value: (n) => n.verdict },
  { key: 'ready', value: (n) => n.ready },
  { key: 'zone', value: (n) => n.zone },
  { key: 'pool', value: (n) => n.pool },
  { key: 'topRule', value: (n) => n.topFinding?.ruleId },
  { key: 'topFinding', value: (n) => n.topFinding?.title },
  { key: 'rules', value: (n) => n.ruleIds.join(' ') },
  { key: 'findings', value: (n) => n.findingCount },
  { key: 'stuckPods', value: (n) => n.stuckPods },
  { key: 'stuckSince', value: (n) => n.stuckSince },
  { key: 'cnis', value: (n) => n.cnis.join(' ') },
  { key: 'multusPhase', value: (n) => n.multus?.phase },
  { key: 'multusRestarts', value: (n) => n.multus?.restarts },
  { key: 'multusLastTermination', value: (n) => n.multus?.lastTerminationReason },
  { key: 'snapshotAt', value: (n) => n.snapshotAt },
];

export const VERDICTS: readonly Verdict[] = ['broken', 'degraded', 'unknown', 'healthy'];

export function toRecord<T>(columns: ReadonlyArray<Column<T>>, row: T): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const c of columns) {
    const v = c.value(row);
    if (v !== undefined) out[c.key] = v;
  }
  return out;
}

export function toCells<T>(columns: ReadonlyArray<Column<T>>, row: T): Cell[] {
  return columns.map((c) => c.value(row));
}

/**
 * The probe mesh view (`GET /api/probes/mesh`): at most 50 × 50 cells for the
 * chosen set, never a fleet-size matrix (docs/data-plane.md).
 */
import { queryOptions } from '@tanstack/react-query';
import type { MeshCellState } from '@/lib/probes/mesh-matrix';
import { formatMeshText, MAX_MESH_NODES, MESH_CONFIGMAP, MESH_DATA_KEY } from '@/lib/probes/mesh-set';
import { kubectl, type KubectlCommand } from '@/lib/remediation/kubectl';
import { fetchJson, queryKeys } from './queries';

export type { MeshCellState };

export interface MeshMemberView {
  name: string;
  zone?: string;
  /** In the cluster (a set may name a node that has left). */
  known: boolean;
  /** Its prober runs and its report is bound and fresh. */
  probing: boolean;
  /** The round its report describes: its row is as of then. */
  reportAt?: string;
}

export interface MeshCellView {
  from: string;
  to: string;
  state: MeshCellState;
  loss?: number;
  latencyMs?: number;
  since?: string;
  error?: string;
}

export interface MeshView {
  generatedAt: string;
  /** Where the mesh ConfigMap lives (the dashboard's namespace). */
  namespace: string;
  /** The mesh ConfigMap exists (deploy/probes ships it empty). */
  configured: boolean;
  /** Why the set was refused (too many names, a name that is not one): probers ignore it too. */
  error?: string;
  limit: number;
  members: MeshMemberView[];
  cells: MeshCellView[];
  /** Extra probes a round the set costs: members × (members − 1) at most. */
  probesPerRound: number;
  /** kubectl commands that set or clear the mesh, shell-quoted. */
  commands: KubectlCommand[];
}

/**
 * The commands that choose the set, run as the person (their RBAC decides;
 * deploy/probes grants update of that one ConfigMap to cni-health-operators).
 * At most MAX_MESH_NODES names: a longer set would be refused whole.
 */
export function meshCommands(namespace: string, nodes: readonly string[]): KubectlCommand[] {
  const patch = (text: string): string => JSON.stringify({ data: { [MESH_DATA_KEY]: text } });
  const chosen = nodes.slice(0, MAX_MESH_NODES);
  const names = (chosen.length > 0 ? formatMeshText(chosen) : 'NODE-A\nNODE-B\nNODE-C\n').trim().split('\n').join(' ');
  return [
    { label: chosen.length > 0 ? `Probe these ${chosen.length} nodes as a mesh` : 'Choose the nodes (at most 50)', command: kubectl('-n', namespace, 'patch', 'configmap', MESH_CONFIGMAP, '--type', 'merge', '-p', patch(names)) },
    { label: 'Stop probing as a mesh', command: kubectl('-n', namespace, 'patch', 'configmap', MESH_CONFIGMAP, '--type', 'merge', '-p', patch('')) },
  ];
}

export const meshQueryKey = (): readonly unknown[] => [...queryKeys.all, 'probe-mesh'];

export function meshQuery() {
  return queryOptions({
    queryKey: meshQueryKey(),
    queryFn: ({ signal }) => fetchJson<MeshView>('/api/probes/mesh', { signal }),
    refetchInterval: 15_000,
  });
}

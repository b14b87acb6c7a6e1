import type { DataPlaneCell } from '@/lib/api/views';

/** The grid's words for what the data-plane probes say of a node. */
export const DATA_PLANE_LABEL: Record<DataPlaneCell, string> = {
  ok: 'pod network answers',
  unreachable: 'pod network unreachable',
  outbound: 'pods cannot reach the cluster',
  partial: 'pod network partly cut',
  'no-report': 'no probe report',
  'not-running': 'prober not running',
  stale: 'probe report stale',
};

/** States worth a warning colour in the grid. */
export const DATA_PLANE_BAD: ReadonlySet<DataPlaneCell> = new Set(['unreachable', 'outbound', 'partial', 'not-running']);

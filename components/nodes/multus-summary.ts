import type { MultusPodView } from '@/lib/api/views';

export function multusSummary(m: MultusPodView | undefined): string {
  if (!m) return 'no Multus pod';
  const state = m.phase === 'Running' && m.ready ? 'running' : m.ready ? m.phase.toLowerCase() : `${m.phase.toLowerCase()}, not ready`;
  const restarts = m.restarts > 0 ? `, ${m.restarts} restart${m.restarts === 1 ? '' : 's'}` : '';
  const last = m.lastTerminationReason ? ` (last: ${m.lastTerminationReason})` : '';
  return `Multus ${state}${restarts}${last}`;
}

import type { MultusPodView } from '@/lib/api/views';

/**
 * The Multus pod in two parts: its state ("Multus running, 3 restarts"),
 * which may be shortened to fit a cell, and the key word of its last
 * termination ("OOMKilled"), which must never be cut.
 */
export function multusParts(m: MultusPodView | undefined): { state: string; last?: string } {
  if (!m) return { state: 'no Multus pod' };
  const state = m.phase === 'Running' && m.ready ? 'running' : m.ready ? m.phase.toLowerCase() : `${m.phase.toLowerCase()}, not ready`;
  const restarts = m.restarts > 0 ? `, ${m.restarts} restart${m.restarts === 1 ? '' : 's'}` : '';
  return { state: `Multus ${state}${restarts}`, ...(m.lastTerminationReason ? { last: m.lastTerminationReason } : {}) };
}

export function multusSummary(m: MultusPodView | undefined): string {
  const { state, last } = multusParts(m);
  return last ? `${state} (last: ${last})` : state;
}

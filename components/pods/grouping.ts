import type { PodGroupBy, StuckPodView } from '@/lib/api/pods';

export interface PodGroup {
  kind: PodGroupBy;
  key: string;
  pods: StuckPodView[];
  /** Oldest `since` in the group. */
  since: string;
  failures: number;
}

/** Groups in the order that matters in an incident: most stuck pods first, then the oldest. Within a group, the server's order (the chosen sort). */
export function groupPods(pods: readonly StuckPodView[], by: PodGroupBy): PodGroup[] {
  const groups = new Map<string, StuckPodView[]>();
  for (const p of pods) {
    const key = by === 'node' ? p.node : by === 'signature' ? p.signature.id : 'all';
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.entries()]
    .map(([key, list]) => ({
      kind: by,
      key,
      pods: list,
      since: list.reduce((a, p) => (Date.parse(p.since) < Date.parse(a) ? p.since : a), list[0]!.since),
      failures: list.reduce((n, p) => n + p.failures, 0),
    }))
    .sort((a, b) => b.pods.length - a.pods.length || Date.parse(a.since) - Date.parse(b.since) || a.key.localeCompare(b.key));
}

import type { HiddenKindView, SyncView } from '@/lib/api/sync';
import type { KindSyncView, ResourceKind } from '@/lib/api/views';
import { staleness } from './staleness';

const LABEL: Record<ResourceKind, { title: string; resource: string; consequence: string }> = {
  nodes: { title: 'Nodes', resource: 'nodes', consequence: 'No node can be shown.' },
  pods: { title: 'Pods', resource: 'pods', consequence: 'Stuck pods and Multus pod states are missing.' },
  events: { title: 'Events', resource: 'events', consequence: 'Sandbox failures reported only in events are not detected; the rest is complete.' },
  daemonsets: { title: 'DaemonSets', resource: 'daemonsets', consequence: 'Multus DaemonSet checks are skipped; the rest is complete.' },
  snapshots: { title: 'CNI snapshots', resource: 'configmaps', consequence: 'Node CNI configs are unknown; nodes without other evidence show as unknown.' },
  probes: { title: 'Data-plane probes', resource: 'configmaps', consequence: 'Pod network reachability is unknown; verdicts rest on configs, events and pods only.' },
  probemesh: { title: 'Probe mesh', resource: 'configmaps', consequence: 'The node × node matrix of the chosen set is unavailable; the rest is complete.' },
};

/** One failure in an SRE's words: what kind of trouble, then the server's or the socket's own message. */
function explain(s: KindSyncView): string {
  const msg = s.error ?? 'not listed yet';
  switch (s.errorCode) {
    case undefined:
      if (!s.error) return 'first list not finished yet';
      return `cannot reach the API server (${msg})`;
    case 401:
      return 'the API server rejects the dashboard\'s credentials (401 Unauthorized)';
    case 403:
      // Not (yet) a revocation, or it would be `forbidden`: lib/k8s/access-loss.ts.
      return 'the API server refuses the dashboard\'s account (403 Forbidden), as a restarting API server does until its RBAC has loaded; the last data is kept until the refusal persists or a permission check confirms it';
    case 429:
      return `the API server is throttling the dashboard (429): ${msg}`;
    default:
      return s.errorCode >= 500 ? `the API server failed (${s.errorCode}): ${msg}` : `${s.errorCode}: ${msg}`;
  }
}

/** The same, in a few words for the banner's headline ("cannot reach the API server since 05:34:26 UTC"). */
function cause(s: KindSyncView): string {
  switch (s.errorCode) {
    case undefined:
      return s.error ? 'cannot reach the API server' : 'waiting for the first answer from the API server';
    case 401:
      return 'the API server rejects the dashboard\'s credentials';
    case 403:
      return 'the API server refuses the dashboard\'s account (403)';
    case 429:
      return 'the API server is throttling the dashboard';
    default:
      return s.errorCode >= 500 ? `the API server is failing (${s.errorCode})` : `the API server answers ${s.errorCode}`;
  }
}

function hiddenKind(s: KindSyncView): HiddenKindView {
  const l = LABEL[s.kind];
  return {
    kind: s.kind,
    message: `${l.title} hidden: the dashboard's account may not list ${l.resource} (403).`,
    consequence: l.consequence,
    ...(s.error ? { detail: s.error } : {}),
  };
}

/** The banners' model, from the informers' sync states. Pure. */
export function syncView(sync: readonly KindSyncView[]): SyncView {
  const { stale, staleSince } = staleness(sync);
  const behind = sync.filter((s) => !s.forbidden && (!s.synced || s.error));
  // Kinds failing the same way are named together; all of them together as "every kind".
  const groups = new Map<string, ResourceKind[]>();
  for (const s of behind) groups.set(explain(s), [...(groups.get(explain(s)) ?? []), s.kind]);
  const reason = [...groups].map(([why, kinds]) => `${why} — ${kinds.length === sync.length ? 'every kind' : kinds.join(', ')}`).join('; ');
  const retryAt = behind.map((s) => s.retryAt).filter((t): t is string => !!t).sort()[0];
  // The headline names the trouble most kinds share; the reason lists them all.
  const causes = new Map<string, number>();
  for (const s of behind) causes.set(cause(s), (causes.get(cause(s)) ?? 0) + 1);
  const headline = [...causes].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    stale,
    ...(staleSince ? { staleSince } : {}),
    ...(headline ? { cause: causes.size > 1 ? `${headline}, and more` : headline } : {}),
    ...(reason ? { reason } : {}),
    ...(retryAt ? { retryAt } : {}),
    hidden: sync.filter((s) => s.forbidden).map(hiddenKind),
    kinds: [...sync],
  };
}

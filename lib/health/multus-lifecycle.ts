/**
 * When Multus's own config was absent from a node while another config was
 * there: the runtime then sets pods up with the primary CNI alone, and
 * their secondary networks are silently missing. The thick daemon removes
 * 00-multus.conf when it stops (pkg/server/config/manager.go, Start: "Delete
 * old config" after the context is cancelled by SIGTERM;
 * k8snetworkplumbingwg/multus-cni#1527), so does thin Multus with
 * --cleanup-config-on-exit; at boot the primary often writes its config
 * first (#1387, #1468). Pure: from the snapshot's history and `now`.
 */
import { configFiles } from '@/lib/cni/files';
import { parseJson } from '@/lib/cni/json';
import { isMultusConfig } from '@/lib/cni/multus';
import type { Snapshot } from '@/lib/cni/snapshot';

export interface AbsentWindow {
  from: string;
  /** Undefined while it lasts. */
  to?: string;
}

type Presence = 'multus' | 'primary-only' | 'empty';

/** A file set's Multus presence: by content when the snapshot kept it, else by name. */
function presenceOf(files: ReadonlyArray<{ name: string; content?: string }>): Presence {
  const configs = configFiles(files.map((f) => ({ ...f, size: 0, truncated: false })));
  if (configs.length === 0) return 'empty';
  const multus = configs.some((f) => {
    if (f.content === undefined) return /multus/i.test(f.name);
    const r = parseJson(f.content);
    return r.ok ? isMultusConfig(r.value) : /multus/i.test(f.name);
  });
  return multus ? 'multus' : 'primary-only';
}

/** Windows, oldest first, in which the node had configs but none of Multus, after having had one. */
export function multusAbsentWindows(snap: Snapshot): AbsentWindow[] {
  const revisions = [
    ...[...snap.history].reverse().map((r) => ({ at: r.observedAt, presence: presenceOf(r.files) })),
    { at: snap.observedAt, presence: presenceOf(snap.files) },
  ];
  const out: AbsentWindow[] = [];
  let seenMultus = false;
  let open: AbsentWindow | undefined;
  for (const r of revisions) {
    if (r.presence === 'primary-only' && seenMultus && !open && r.at) open = { from: r.at };
    if (r.presence !== 'primary-only' && open) {
      out.push({ ...open, ...(r.at ? { to: r.at } : {}) });
      open = undefined;
    }
    if (r.presence === 'multus') seenMultus = true;
  }
  if (open) out.push(open);
  return out;
}

/** RFC 3339 times may carry different offsets: compared as instants, never as strings. */
export function inWindow(windows: readonly AbsentWindow[], at: string): AbsentWindow | undefined {
  const t = Date.parse(at);
  return windows.find((w) => Date.parse(w.from) <= t && (w.to === undefined || t < Date.parse(w.to)));
}

/** Whether the node's config set has a Multus config at all (loadable or not). */
export function hasMultusConfig(files: ReadonlyArray<{ name: string; content?: string }>): boolean {
  return presenceOf(files) === 'multus';
}

import type { CniConditionView } from '@/lib/api/node-detail';
import { CNI_CONDITION_TYPE, CONDITION_STALE_MS, statusOfVerdict } from '@/lib/health/node-condition';
import type { Verdict } from '@/lib/health/types';
import type { NodeModel } from '@/lib/model/node';

/** What is shown of a condition's text: the node wrote it, so it is bounded here whatever the agent promised. */
const TEXT_MAX = 1024;

/** The node's own CNIHealthy condition against the dashboard's verdict; absent when its agent does not write one. */
export function cniConditionView(node: NodeModel, verdict: Verdict, now: number): CniConditionView | undefined {
  const c = node.conditions.find((x) => x.type === CNI_CONDITION_TYPE);
  if (!c) return undefined;
  const expected = statusOfVerdict(verdict);
  return {
    status: c.status,
    ...(c.reason ? { reason: c.reason.slice(0, 128) } : {}),
    ...(c.message ? { message: c.message.slice(0, TEXT_MAX) } : {}),
    ...(c.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
    expected,
    agrees: c.status === expected,
    ...(c.lastHeartbeatTime ? { heartbeatAt: c.lastHeartbeatTime } : {}),
    // No heartbeat at all is as stale as an old one; one in the future (a skewed or forged clock) proves nothing either.
    stale: !c.lastHeartbeatTime || !(now - Date.parse(c.lastHeartbeatTime) <= CONDITION_STALE_MS) || Date.parse(c.lastHeartbeatTime) > now + 60_000,
  };
}

/**
 * Writes this node's CNIHealthy condition (opt-in, AGENT_NODE_CONDITION):
 * computed from the snapshot the agent has just published, written with a
 * strategic merge patch of the status subresource when it changes, and
 * again as a heartbeat. The cluster holds the agent to its own node and to
 * that one condition (deploy/components/node-condition). A failed write is
 * logged and retried at the next cycle; it never stops the snapshot.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Node } from '@kubernetes/client-node';
import { snapshotSchema, type SnapshotInput } from '../lib/cni/snapshot';
import {
  agentDiagnosis, CNI_CONDITION_TYPE, conditionFor, conditionPatch, nextCondition, nodeLink, unknownCondition,
  type CniCondition, type CniConditionWant,
} from '../lib/health/node-condition';
import type { ConditionStatus } from '../lib/model/node';
import { errorLine } from './publish';

type Previous = { type: string; status: ConditionStatus; reason?: string; message?: string; lastTransitionTime?: string; lastHeartbeatTime?: string };

export interface NodeConditionOptions {
  core: CoreV1Api;
  node: string;
  heartbeatMs: number;
  dashboardUrl?: string;
  log: (msg: string) => void;
}

const iso = (d: Date | string | undefined): string | undefined => (d === undefined ? undefined : d instanceof Date ? d.toISOString() : d);

export class NodeConditionWriter {
  private previous: Previous | undefined;
  private uid = '';
  private readonly link: string | undefined;
  /** The last condition the API server accepted (for status and tests). */
  last: CniCondition | undefined;
  lastError: string | undefined;

  constructor(private readonly o: NodeConditionOptions) {
    this.link = nodeLink(o.dashboardUrl, o.node);
  }

  /** What the Node says now, so a restarted agent keeps the transition time and does not write an unchanged condition. */
  adopt(node: V1Node | undefined): void {
    this.uid = node?.metadata?.uid ?? '';
    const c = node?.status?.conditions?.find((x) => x.type === CNI_CONDITION_TYPE);
    this.previous = c && {
      type: c.type, status: (c.status as ConditionStatus) ?? 'Unknown', reason: c.reason, message: c.message,
      lastTransitionTime: iso(c.lastTransitionTime as Date | string | undefined), lastHeartbeatTime: iso(c.lastHeartbeatTime as Date | string | undefined),
    };
  }

  /** After a publish: the verdict of the document the agent has just written. */
  async fromSnapshot(doc: SnapshotInput, now: number): Promise<void> {
    const parsed = snapshotSchema.safeParse(doc);
    // The document was just published, so this does not happen; if it did, the agent could not say.
    if (!parsed.success) return this.write(unknownCondition('the agent\'s own snapshot does not parse', this.link, 'SnapshotInvalid'), now);
    const d = agentDiagnosis({ name: this.o.node, uid: this.uid }, parsed.data, now);
    await this.write(conditionFor(d.verdict, d.findings, this.link), now);
  }

  /** The directory could not be read: the agent cannot say, and says so. */
  async unreadable(why: string, now: number): Promise<void> {
    await this.write(unknownCondition(why, this.link), now);
  }

  private async write(want: CniConditionWant, now: number): Promise<void> {
    const next = nextCondition(this.previous, want, now, this.o.heartbeatMs);
    if (!next.write) return;
    try {
      await this.o.core.patchNodeStatus({ name: this.o.node, body: conditionPatch(next.condition), fieldManager: 'cni-health-agent' }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
      if (next.why !== 'heartbeat') this.o.log(`node condition ${CNI_CONDITION_TYPE}=${next.condition.status} (${next.condition.reason})`);
      this.previous = next.condition;
      this.last = next.condition;
      this.lastError = undefined;
    } catch (e) {
      this.lastError = errorLine(e);
      this.o.log(`writing the node condition ${CNI_CONDITION_TYPE} failed: ${this.lastError}`);
    }
  }
}

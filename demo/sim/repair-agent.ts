/**
 * The snapshot agents' side of the repair protocol (docs/repair-protocol.md),
 * one per node: each watches repair-request ConfigMaps labelled with its
 * node's hash, decides with lib/remediation/protocol's decideRepair, keeps
 * the nested file in <confDir>/.cni-health-backup/ and replaces it with the
 * un-nested content in one step (the real agent's rename over it: the node's
 * files never lack a Multus config in between), republishes the snapshot and
 * writes status.json into the request (an update conditioned on the
 * resourceVersion it read, re-read and retried on conflict). Requests older
 * than an hour are garbage-collected on the tick.
 */
import {
  decideRepair, repairBackupPath, REPAIR_NAMESPACE, REPAIR_NODE_ANNOTATION, REPAIR_NODE_HASH_LABEL, REPAIR_REQUEST_LABEL,
  REPAIR_REQUEST_TTL_MS, REPAIR_STATUS_KEY, type RepairStatus,
} from '@/lib/remediation/protocol';
import { agentIdentity } from '../agent-identity';
import { iso, sha256Hex } from '../builders/meta';
import { CONF_DIR } from '../cni-configs';
import type { NodeRuntime } from '../scenarios/node-ops';
import { AGENT } from '../snapshots';
import type { Change } from '../store';
import { ApiError } from '../status';
import type { ConfigMapObject } from '../types';
import { validatePolicies } from '../writes/agent-admission';
import { primaryPresent } from './node-dir';
import type { World } from './world';

export interface Backup { path: string; sha256: string; content: string }

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' } as const;
const isRequest = (cm: ConfigMapObject): boolean => cm.metadata.namespace === REPAIR_NAMESPACE && cm.metadata.labels?.[REPAIR_REQUEST_LABEL] !== undefined;

export class RepairAgents {
  /** node → files the agent moved aside (not in the snapshot: libcni and the agent skip dot-directories). */
  readonly backups = new Map<string, Backup[]>();
  private readonly byHash: Map<string, NodeRuntime>;
  /** Called before a request for a registered node is handled: scale mode wakes its node up (MultusBootRace.adopt). */
  beforeHandle?: (rt: NodeRuntime) => void;

  constructor(private readonly w: World) {
    this.byHash = new Map([...w.nodes.values()].map((rt) => [sha256Hex(rt.plan.name).slice(0, 16), rt]));
  }

  /** A node outside the world's own, whose agent answers repair requests too (scale mode's seeded nodes). */
  register(rt: NodeRuntime): void {
    this.byHash.set(sha256Hex(rt.plan.name).slice(0, 16), rt);
  }

  onConfigMapChange(change: Change): void {
    if (change.type === 'DELETED') return;
    const cm = change.object as ConfigMapObject;
    if (!isRequest(cm)) return;
    const rt = this.byHash.get(cm.metadata.labels?.[REPAIR_NODE_HASH_LABEL] ?? '');
    if (!rt || cm.data?.[REPAIR_STATUS_KEY] !== undefined) return;
    this.beforeHandle?.(rt);
    this.w.timers.after(this.w.timing.controllerMs, 'repair agent', () => this.handle(rt, `${cm.metadata.namespace}/${cm.metadata.name}`));
  }

  /** Deletes requests nobody cleaned up within REPAIR_REQUEST_TTL_MS, each by the agent of its node (who watches it). */
  collectGarbage(): void {
    const cutoff = this.w.now() - REPAIR_REQUEST_TTL_MS;
    for (const cm of this.w.store.list('configmaps')) {
      const rt = this.byHash.get(cm.metadata.labels?.[REPAIR_NODE_HASH_LABEL] ?? '');
      if (!rt || !isRequest(cm) || Date.parse(cm.metadata.creationTimestamp) >= cutoff) continue;
      if (this.admitted(rt, 'DELETE', null, cm)) this.w.store.delete('configmaps', `${cm.metadata.namespace}/${cm.metadata.name}`);
    }
  }

  /** The shipped admission policy's answer to this node's agent; a denial is what a real agent would log, and nothing is written. */
  private admitted(rt: NodeRuntime, operation: 'UPDATE' | 'DELETE', object: ConfigMapObject | null, oldObject: ConfigMapObject): boolean {
    try {
      validatePolicies({ user: agentIdentity({ name: rt.plan.name, uid: rt.uid }).user, operation, kind: CONFIGMAPS, namespace: oldObject.metadata.namespace, object, oldObject });
      return true;
    } catch (e) {
      if (e instanceof ApiError) return false;
      throw e;
    }
  }

  requestsFor(node: string): { name: string; phase?: string }[] {
    const hash = sha256Hex(node).slice(0, 16);
    return this.w.store.list('configmaps').filter((cm) => isRequest(cm) && cm.metadata.labels?.[REPAIR_NODE_HASH_LABEL] === hash).map((cm) => {
      const phase = (() => {
        try {
          return (JSON.parse(cm.data?.[REPAIR_STATUS_KEY] ?? 'null') as { phase?: string } | null)?.phase;
        } catch {
          return undefined;
        }
      })();
      return { name: cm.metadata.name, ...(phase ? { phase } : {}) };
    });
  }

  private handle(rt: NodeRuntime, key: string): void {
    const cm = this.w.store.get('configmaps', key);
    if (!cm) return;
    const files = rt.history.current()?.files ?? [];
    const at = this.w.now();
    const decision = decideRepair({
      data: cm.data, annotatedNode: cm.metadata.annotations?.[REPAIR_NODE_ANNOTATION], agentNode: rt.plan.name, now: at,
      sha256Hex,
      current: (name) => {
        const f = files.find((x) => x.name === name);
        return f ? { sha256: sha256Hex(f.content), content: f.content } : undefined;
      },
      primaryPresent: primaryPresent(files),
    });
    if (decision.kind === 'ignore') return;
    const agent = { node: rt.plan.name, version: AGENT.version };
    if (decision.kind === 'reject') return this.writeStatus(rt, key, cm.metadata.resourceVersion, { phase: 'Rejected', message: decision.message, completedAt: iso(at), agent });
    const file = decision.request.file;
    const content = files.find((f) => f.name === file)?.content ?? '';
    const backup = repairBackupPath(CONF_DIR, file, new Date(at));
    rt.history.record(files.map((f) => (f.name === file ? { ...f, content: decision.result.content, modifiedAt: at } : f)), at);
    this.backups.set(rt.plan.name, [...(this.backups.get(rt.plan.name) ?? []), { path: backup, sha256: decision.sha256, content }]);
    this.w.filesChanged(rt);
    this.writeStatus(rt, key, cm.metadata.resourceVersion, {
      phase: 'Succeeded', message: `un-nested ${CONF_DIR}/${file} in place (${decision.result.depth} Multus levels to 1); the nested file is kept at ${backup}`,
      completedAt: iso(at), agent, replaced: { file, sha256: decision.sha256, resultSha256: decision.result.sha256, backup },
    });
  }

  /** An update that holds only if the request is still at `rv`; on conflict re-read and retry while no status is there. */
  private writeStatus(rt: NodeRuntime, key: string, rv: string, st: RepairStatus): void {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cm = this.w.store.get('configmaps', key);
      if (!cm || cm.data?.[REPAIR_STATUS_KEY] !== undefined) return;
      if (cm.metadata.resourceVersion !== rv) {
        rv = cm.metadata.resourceVersion;
        continue;
      }
      const managedFields = [...(cm.metadata.managedFields ?? []), { manager: AGENT.name, operation: 'Update' as const, apiVersion: 'v1', time: iso(this.w.now()), fieldsType: 'FieldsV1' as const, fieldsV1: { 'f:data': { [`f:${REPAIR_STATUS_KEY}`]: {} } } }];
      const data = { ...cm.data, [REPAIR_STATUS_KEY]: JSON.stringify(st) };
      if (!this.admitted(rt, 'UPDATE', { ...cm, data, metadata: { ...cm.metadata, managedFields } }, cm)) return;
      this.w.store.update('configmaps', key, (d) => {
        d.data = data;
        d.metadata.managedFields = managedFields;
      });
      return;
    }
  }
}

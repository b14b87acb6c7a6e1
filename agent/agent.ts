/**
 * The snapshot agent: scan the node's CNI directories, record a revision
 * when the file set changes, publish the snapshot ConfigMap on a change and
 * as a heartbeat, and answer repair requests. One scan-and-publish cycle at
 * a time; triggers that arrive meanwhile coalesce into one more cycle.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { AuthenticationV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { parseSnapshot, SNAPSHOT_DATA_KEY } from '../lib/cni/snapshot';
import { backoffDelay } from '../lib/k8s/backoff';
import type { AgentConfig } from './config';
import { DirWatch } from './dir-watch';
import { buildDocument } from './document';
import { RevisionLog } from './history';
import { scanHostLocal } from './ipam-scan';
import { NodeConditionWriter } from './node-condition';
import { KUBECONFIG_KEYS, probePaths, referencedPaths } from './probes';
import { errorLine, httpStatus, SnapshotPublisher, type PublishStats } from './publish';
import { RepairHandler } from './repair';
import { RepairWatch } from './repair-watch';
import { listBinaries, scanConfDir } from './scan';

export type Log = (msg: string) => void;

export interface AgentStatus {
  node: string;
  revision?: number;
  lastPublishAt?: string;
  lastError?: string;
  cycleRunningSince?: string;
  repair: { enabled: boolean; reason?: string };
  publish: PublishStats;
  /** The opt-in Node condition, when enabled: what was last written, or why writing failed. */
  nodeCondition?: { status?: string; reason?: string; lastError?: string };
}

export class Agent {
  readonly publisher: SnapshotPublisher;
  readonly condition: NodeConditionWriter | undefined;
  private readonly core: CoreV1Api;
  private readonly log: RevisionLog;
  private readonly dirWatch: DirWatch;
  private repairWatch: RepairWatch | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private runningSince: number | undefined;
  private again = false;
  private force = false;
  private stopped = false;
  private failures = 0;
  private lastFingerprint: string | undefined;
  private lastPublishAt: number | undefined;
  private lastError: string | undefined;
  private repairDisabled: string | undefined = 'not started';

  constructor(private readonly config: AgentConfig, private readonly kc: KubeConfig, private readonly say: Log = () => {}) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.log = new RevisionLog(config.historyDepth);
    this.publisher = new SnapshotPublisher({ core: this.core, namespace: config.namespace, node: config.node });
    this.condition = config.nodeCondition
      ? new NodeConditionWriter({ core: this.core, node: config.node, heartbeatMs: config.heartbeatMs, dashboardUrl: config.dashboardUrl, log: say })
      : undefined;
    this.dirWatch = new DirWatch({
      dir: config.confDir, debounceMs: config.debounceMs, rescanMs: config.rescanMs, log: say,
      onChange: () => void this.refresh(),
    });
  }

  async start(): Promise<void> {
    await this.checkIdentity();
    await this.findNode();
    await this.resume();
    this.repairDisabled = await this.repairCheck();
    this.say(this.repairDisabled ? `repair: off: ${this.repairDisabled}` : 'repair: on');
    await this.refresh(true);
    if (this.stopped) return;
    this.dirWatch.start();
    this.heartbeat = setInterval(() => void this.refresh(true), this.config.heartbeatMs);
    const handler = new RepairHandler({
      core: this.core, namespace: this.config.namespace, node: this.config.node, confDir: this.config.confDir, hostConfDir: this.config.hostConfDir,
      disabledReason: this.repairDisabled, republish: () => this.refresh(), log: this.say,
    });
    this.repairWatch = new RepairWatch({ kc: this.kc, core: this.core, namespace: this.config.namespace, node: this.config.node, handler, log: this.say });
    this.repairWatch.start();
  }

  /** Stops every trigger, then waits for the cycle in flight (its publish completes) and the repair being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dirWatch.stop();
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    await this.repairWatch?.stop();
    await this.running;
  }

  /** Runs a scan (and a publish when something changed, or `force`); resolves when a cycle that started after this call ends. */
  refresh(force = false): Promise<void> {
    this.force ||= force;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.runningSince = undefined;
    });
    return this.running;
  }

  status(): AgentStatus {
    return {
      node: this.config.node,
      ...(this.log.current ? { revision: this.log.current.revision } : {}),
      ...(this.lastPublishAt ? { lastPublishAt: new Date(this.lastPublishAt).toISOString() } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.runningSince ? { cycleRunningSince: new Date(this.runningSince).toISOString() } : {}),
      repair: { enabled: this.repairDisabled === undefined, ...(this.repairDisabled ? { reason: this.repairDisabled } : {}) },
      publish: { ...this.publisher.stats },
      ...(this.condition ? { nodeCondition: { status: this.condition.last?.status, reason: this.condition.last?.reason, ...(this.condition.lastError ? { lastError: this.condition.lastError } : {}) } } : {}),
    };
  }

  /** Ready once a snapshot is published, and while publishing has not failed for three heartbeats. */
  ready(now: number = Date.now()): boolean {
    return this.lastPublishAt !== undefined && (this.lastError === undefined || now - this.lastPublishAt < 3 * this.config.heartbeatMs);
  }

  /** Live unless one cycle has been stuck (a hung API call) for longer than a heartbeat. */
  live(now: number = Date.now()): boolean {
    return this.runningSince === undefined || now - this.runningSince < Math.max(this.config.heartbeatMs, 60_000);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const force = this.force;
      this.force = false;
      this.runningSince = Date.now();
      try {
        await this.cycle(force);
        this.failures = 0;
        this.lastError = undefined;
      } catch (e) {
        this.failures++;
        this.lastError = errorLine(e);
        this.say(`publishing the snapshot failed: ${this.lastError}`);
        if (!this.stopped) {
          clearTimeout(this.retry);
          this.retry = setTimeout(() => void this.refresh(true), backoffDelay(this.failures, { initialMs: 1_000, maxMs: 60_000 }));
        }
      }
    } while (this.again && !this.stopped);
  }

  private async cycle(force: boolean): Promise<void> {
    const c = this.config;
    const scan = await scanConfDir(c.confDir, c.hostConfDir);
    // An unreadable directory is not an empty one: publishing "no files" would be a false finding.
    if (scan.error) {
      await this.condition?.unreadable(`the agent cannot read ${c.hostConfDir}: ${scan.error}`, Date.now());
      throw new Error(`cannot read ${c.confDir}: ${scan.error}`);
    }
    const mounts = [{ host: c.hostConfDir, mount: c.confDir }, { host: c.hostBinDir, mount: c.binDir }];
    const [binaries, probes, hostLocal] = await Promise.all([
      listBinaries(c.binDir),
      probePaths(referencedPaths(scan.files), mounts, new Set(referencedPaths(scan.files, KUBECONFIG_KEYS))),
      c.ipamDir ? scanHostLocal(c.ipamDir) : Promise.resolve(undefined),
    ]);
    const now = new Date();
    const changed = this.log.observe(scan.files, now);
    if (changed) this.say(`revision ${this.log.current?.revision}: ${scan.files.map((f) => f.name).join(', ') || '(no files)'}`);
    const doc = buildDocument({ node: c.node, collectedAt: now, confDir: c.hostConfDir, binDir: c.hostBinDir, files: scan.files, binaries, probes, ...(hostLocal ? { hostLocal: { dir: c.hostIpamDir ?? '/var/lib/cni/networks', networks: hostLocal } } : {}), log: this.log });
    const fingerprint = createHash('sha256').update(JSON.stringify({ ...doc, collectedAt: '' })).digest('hex');
    if (!force && !changed && fingerprint === this.lastFingerprint) return;
    await this.publisher.publish(doc);
    this.lastFingerprint = fingerprint;
    this.lastPublishAt = now.getTime();
    // After the snapshot, so the dashboard holds the evidence for what the condition says.
    await this.condition?.fromSnapshot(doc, now.getTime());
  }

  /**
   * Says, once, when the cluster will refuse this agent's writes: the
   * admission policy (deploy/base/agent-policy.yaml) allows a service
   * account token only its own node's objects, by the node name the API
   * server puts in a pod-bound token (Kubernetes 1.30+). A person's
   * kubeconfig (running by hand) is not bound to a node.
   */
  private async checkIdentity(): Promise<void> {
    try {
      const review = await this.kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      const user = review.status?.userInfo;
      if (!user?.username?.startsWith('system:serviceaccount:')) return;
      const named = user.extra?.['authentication.kubernetes.io/node-name'] ?? [];
      if (named.length === 0) this.say(`identity: ${user.username}, a token that names no node: the cni-health admission policy refuses every write (Kubernetes 1.30+ and a pod-bound token are needed; docs/install.md)`);
      else if (named[0] !== this.config.node) this.say(`identity: ${user.username} on node ${named[0]}, but configured for ${this.config.node}: the cni-health admission policy refuses these writes`);
      else this.say(`identity: ${user.username} on node ${named[0]}`);
    } catch (e) {
      this.say(`identity: could not ask the API server (HTTP ${httpStatus(e) ?? '?'}); continuing`);
    }
  }

  /** The Node's uid for the owner reference; without it (no permission, not found) the snapshot is just not garbage-collected with the node. */
  private async findNode(): Promise<void> {
    try {
      const node = await this.core.readNode({ name: this.config.node });
      this.publisher.ownerUid = node.metadata?.uid;
      this.condition?.adopt(node);
    } catch (e) {
      this.say(`reading node ${this.config.node}: HTTP ${httpStatus(e) ?? '?'}; publishing without an owner reference`);
    }
  }

  private async resume(): Promise<void> {
    try {
      const cm = await this.publisher.read();
      const parsed = parseSnapshot(cm?.data?.[SNAPSHOT_DATA_KEY]);
      if (parsed.ok && parsed.snapshot.node === this.config.node) {
        this.log.resume(parsed.snapshot);
        this.say(`resuming at revision ${parsed.snapshot.revision}`);
      }
    } catch (e) {
      this.say(`reading the previous snapshot: ${(e as Error).message.split('\n')[0]}; starting at revision 1`);
    }
  }

  private async repairCheck(): Promise<string | undefined> {
    if (!this.config.repair) return 'not enabled on this agent (the repair overlay sets AGENT_REPAIR=enabled and mounts the directory read-write)';
    try {
      await access(this.config.confDir, constants.W_OK);
      return undefined;
    } catch {
      return `${this.config.hostConfDir} is mounted read-only`;
    }
  }
}

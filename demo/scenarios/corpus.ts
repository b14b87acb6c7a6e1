/**
 * Scenario `corpus`: every case of the public-report corpus (corpus/) as a
 * node of its own, so the dashboard sees them through the cluster path
 * exactly as it would see a real node: a Node (its own node group, so no
 * case is compared with another for drift), its snapshot ConfigMap as the
 * agent publishes it, and what the cluster would show of the case's
 * messages. Nothing moves: no kubelets, no controllers.
 *
 * From a case's events.txt:
 * - "not initialized" lines become the kubelet's NetworkPluginNotReady
 *   Ready condition (pkg/kubelet/nodestatus: the runtime's network status);
 * - sandbox failures become a Pending pod on the node with a
 *   FailedCreatePodSandBox event;
 * - container runtime log lines that are neither have no Kubernetes object
 *   and are not shown (the case's manifest says what the cluster path sees).
 * A case's pods.txt (`kubectl get pods -o wide` rows) becomes running pods
 * with those addresses, and its manifest's podCIDRs the Node's spec.podCIDRs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus, type CorpusCase } from '@/corpus';
import { classifyRuntimeMessage, isRuntimeBootNoise } from '@/lib/cni/runtime-messages';
import { SNAPSHOT_API_VERSION, type SnapshotInput } from '@/lib/cni/snapshot';
import { isNetworkFailureMessage } from '@/lib/health/signatures';
import { buildEvent } from '../builders/event';
import { controllerRef, iso, sha256Hex, uidFor } from '../builders/meta';
import { buildNode } from '../builders/node';
import { buildPod } from '../builders/pod';
import { buildNamespace } from '../builders/workload';
import { BIN_DIR, CONF_DIR } from '../cni-configs';
import { AGENT, digestOf, snapshotConfigMap, SNAPSHOT_NAMESPACE } from '../snapshots';
import type { ObjectStore } from '../store';
import { UnknownNodeError, type DataPlaneSetup, type ScenarioContext, type ScenarioDescription, type ScenarioNode, type ScenarioRuntime } from './types';

export const CORPUS_SCENARIO = 'corpus';
const POD_NAMESPACE = 'corpus';
const MINUTE = 60_000;

/** What the kubelet and the runtime would show in the API for a case's lines. */
export function clusterView(lines: readonly string[]): { notReady: boolean; sandboxFailures: string[] } {
  let notReady = false;
  const sandboxFailures: string[] = [];
  for (const line of lines) {
    if (isRuntimeBootNoise(line)) continue;
    const runtime = classifyRuntimeMessage(line);
    if (runtime?.kind === 'not-initialized') notReady = true;
    else if (!runtime && isNetworkFailureMessage(line)) {
      // `kubectl describe` prefixes ("Warning  FailedCreatePodSandBox  2s (x2 over 14s)  kubelet ...:") are not part of the event's message.
      const at = line.search(/Failed to create pod sandbox/i);
      sandboxFailures.push((at >= 0 ? line.slice(at) : line).slice(0, 1024));
    }
  }
  return { notReady, sandboxFailures };
}

function snapshotDoc(c: CorpusCase, at: number): SnapshotInput {
  // The agent publishes every regular file at the top of the directory (backups and kubeconfigs too), with its content.
  const files = c.node.files.map((f) => {
    const content = f.content ?? readFileSync(path.join(c.dir, f.name), 'utf8');
    return { name: f.name, size: Buffer.byteLength(content), sha256: sha256Hex(content), modifiedAt: iso(at - 30 * MINUTE), content, truncated: false };
  });
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'CNISnapshot',
    node: c.id,
    collectedAt: iso(at),
    agent: { ...AGENT },
    confDir: CONF_DIR,
    files,
    ...(c.node.binaries ? { binDir: BIN_DIR, binaries: c.node.binaries } : {}),
    probes: c.node.probes ?? [],
    revision: 1,
    observedAt: iso(at - 30 * MINUTE),
    digest: digestOf(files),
    history: [],
    truncated: false,
  };
}

function podSpec(): Parameters<typeof buildPod>[0]['spec'] {
  return {
    containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
    serviceAccountName: 'default', restartPolicy: 'Always', schedulerName: 'default-scheduler', dnsPolicy: 'ClusterFirst', enableServiceLinks: true, terminationGracePeriodSeconds: 30, securityContext: {},
  };
}

function seedCase(store: ObjectStore, c: CorpusCase, index: number, now: number): ScenarioNode {
  const createdAt = now - 3 * 24 * 60 * MINUTE;
  const ip = `10.250.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  const view = clusterView(c.node.messages ?? []);
  const built = buildNode({
    name: c.id, ip, zone: 'eu-west-1a', zoneId: 'euw1-az1', instanceId: `i-${sha256Hex(c.id).slice(0, 17)}`, instanceType: 'm6i.xlarge',
    nodegroup: `corpus-${c.id}`, capacityType: 'ON_DEMAND', amiId: 'ami-0c55b159cbfafe1f0', createdAt, bootAt: createdAt - MINUTE,
    heartbeatAt: now - MINUTE, networkReady: !view.notReady,
  });
  if (c.podCIDRs) Object.assign(built.spec, { podCIDR: c.podCIDRs[0], podCIDRs: c.podCIDRs });
  const node = store.create('nodes', built);
  store.create('configmaps', snapshotConfigMap({ node: c.id, nodeUid: node.metadata.uid, createdAt: createdAt + MINUTE, doc: snapshotDoc(c, now - MINUTE) }));
  const stuck: string[] = [];
  view.sandboxFailures.slice(0, 3).forEach((message, i) => {
    const name = `${c.id}-pod-${i}`.slice(0, 63);
    const podCreated = now - 20 * MINUTE;
    const owner = controllerRef('apps/v1', 'ReplicaSet', `${c.id}-app`.slice(0, 63), uidFor(`rs:${c.id}`));
    const pod = store.create('pods', buildPod({
      name, namespace: POD_NAMESPACE, generateName: `${c.id}-`, createdAt: podCreated, labels: { app: 'corpus' }, owner, nodeName: c.id, hostIP: ip, podIP: '',
      spec: podSpec(),
      state: { phase: 'creating', since: podCreated },
    }));
    store.create('events', buildEvent({
      namespace: POD_NAMESPACE, involved: { kind: 'Pod', apiVersion: 'v1', name, namespace: POD_NAMESPACE, uid: pod.metadata.uid },
      reason: 'FailedCreatePodSandBox', message, type: 'Warning', component: 'kubelet', host: c.id, first: podCreated + 10_000, last: now - 30_000, count: 12,
    }));
    stuck.push(`${POD_NAMESPACE}/${name}`);
  });
  // pods.txt: running pods with the addresses the report shows (the symptom of a foreign config that won for a while).
  c.pods.filter((p) => p.ip && p.status === 'Running').slice(0, 20).forEach((p, i) => {
    const podCreated = now - 2 * 60 * MINUTE;
    const hostNetwork = p.ip === ip;
    store.create('pods', buildPod({
      name: `${c.id}-${p.name}`.slice(0, 63).replace(/-+$/, ''), namespace: POD_NAMESPACE, generateName: `${c.id}-`, createdAt: podCreated + i * 1000, labels: { app: 'corpus' },
      owner: controllerRef('apps/v1', 'ReplicaSet', `${c.id}-app`.slice(0, 63), uidFor(`rs:${c.id}`)), nodeName: c.id, hostIP: ip, podIP: p.ip!,
      spec: { ...podSpec(), ...(hostNetwork ? { hostNetwork: true } : {}) },
      state: { phase: 'running', since: podCreated + 20_000 },
    }));
  });
  const expected = c.cluster?.verdict ?? c.expect.verdict;
  return {
    name: c.id, index, zone: 'eu-west-1a', nodegroup: `corpus-${c.id}`, cni: 'corpus-case', expected,
    snapshotRevision: 1, stuckPods: stuck, unschedulable: false,
    files: c.node.files.map((f) => f.name), backups: [], repairRequests: [],
  };
}

class CorpusScenario implements ScenarioRuntime {
  readonly name = CORPUS_SCENARIO;
  private readonly nodes: ScenarioNode[];

  constructor(store: ObjectStore, now: number) {
    for (const ns of [SNAPSHOT_NAMESPACE, POD_NAMESPACE]) store.create('namespaces', buildNamespace(ns, now - 30 * 24 * 60 * MINUTE));
    this.nodes = loadCorpus().map((c, i) => seedCase(store, c, i, now));
  }

  describe(): ScenarioDescription {
    return { name: this.name, description: 'Every case of the public-report corpus (corpus/) as a node of its own.', nodes: this.nodes, steps: [] };
  }

  /** No data-plane faults: the corpus is about configs and messages. */
  dataPlane(): DataPlaneSetup {
    return {};
  }

  nodeNames(): string[] {
    return this.nodes.map((n) => n.name);
  }

  resolveNode(node: string): string {
    const names = this.nodeNames();
    const hits = names.filter((n) => n === node || n.startsWith(node));
    if (hits.length === 1) return hits[0]!;
    throw new UnknownNodeError(node, names);
  }

  rebootWithRace(node: string): void {
    throw new Error(`scenario ${this.name} has no steps (node ${node})`);
  }

  heal(node: string): void {
    throw new Error(`scenario ${this.name} has no steps (node ${node})`);
  }

  losePrimary(node: string): void {
    throw new Error(`scenario ${this.name} has no steps (node ${node})`);
  }

  tick(): void {}

  dispose(): void {}
}

export function createCorpusScenario(ctx: ScenarioContext): ScenarioRuntime {
  return new CorpusScenario(ctx.store, ctx.now());
}

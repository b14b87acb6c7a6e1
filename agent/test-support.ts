/**
 * Helpers for the agent's tests: a temp directory standing in for the
 * host's /etc/cni/net.d and /opt/cni/bin, an agent for a node the demo
 * cluster does not simulate (so only this agent writes its snapshot), and
 * waits on the snapshot ConfigMap through the API's watch, never on time.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseSnapshot, SNAPSHOT_DATA_KEY, snapshotConfigMapName, type Snapshot } from '../lib/cni/snapshot';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { observe, startTestCluster, type TestCluster, type WatchStream } from '../demo/test-support';
import type { ConfigMapObject } from '../demo/types';
import { Agent } from './agent';
import { DEFAULTS, type AgentConfig } from './config';

export const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

export const PRIMARY = '{"cniVersion":"0.4.0","name":"aws-cni","plugins":[{"type":"aws-cni"},{"type":"portmap","capabilities":{"portMappings":true}}]}\n';
const multus = (delegate: object): string => JSON.stringify({ cniVersion: '0.4.0', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [delegate] });
export const MULTUS = `${multus(JSON.parse(PRIMARY) as object)}\n`;
/** Multus wrapping its own config: the incident's self-nested file. */
export const NESTED_MULTUS = `${multus(JSON.parse(MULTUS) as object)}\n`;

let seq = 0;
/** A node name per test, unknown to the demo cluster's simulated agents. */
export const freshNode = (): string => `agent-test-${process.pid}-${++seq}.example.internal`;

export interface Fixture {
  root: string;
  confDir: string;
  binDir: string;
  write(name: string, content: string | Buffer): Promise<void>;
  cleanup(): Promise<void>;
}

export async function tempNodeDirs(files: Record<string, string> = {}, binaries: string[] = ['aws-cni', 'loopback', 'multus', 'portmap']): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'cni-health-agent-'));
  const confDir = join(root, 'etc/cni/net.d');
  const binDir = join(root, 'opt/cni/bin');
  await mkdir(confDir, { recursive: true });
  await mkdir(binDir, { recursive: true });
  const write = async (name: string, content: string | Buffer): Promise<void> => {
    await mkdir(dirname(join(confDir, name)), { recursive: true });
    await writeFile(join(confDir, name), content);
  };
  for (const [name, content] of Object.entries(files)) await write(name, content);
  for (const b of binaries) await writeFile(join(binDir, b), '');
  return { root, confDir, binDir, write, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function agentConfig(node: string, dirs: Fixture, over: Partial<AgentConfig> = {}): AgentConfig {
  return {
    ...DEFAULTS, node, namespace: 'cni-health', confDir: dirs.confDir, binDir: dirs.binDir,
    // Quick to react; the rescan and heartbeat are set long so that only what a test does causes a publish.
    debounceMs: 20, rescanMs: 3_600_000, heartbeatMs: 3_600_000, repair: false, healthPort: 0, ...over,
  };
}

export function kubeConfigFor(cluster: TestCluster): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return kc;
}

export async function startAgent(cluster: TestCluster, config: AgentConfig, agents: Agent[]): Promise<Agent> {
  const agent = new Agent(config, kubeConfigFor(cluster));
  agents.push(agent);
  await agent.start();
  return agent;
}

export const snapshotPath = (node: string): string =>
  `/api/v1/namespaces/cni-health/configmaps?fieldSelector=${encodeURIComponent(`metadata.name=${snapshotConfigMapName(node, sha)}`)}`;

export function docOf(cm: ConfigMapObject | undefined): Snapshot | undefined {
  const parsed = parseSnapshot(cm?.data?.[SNAPSHOT_DATA_KEY]);
  if (cm && !parsed.ok) throw new Error(`published snapshot does not parse: ${parsed.error}`);
  return parsed.ok ? parsed.snapshot : undefined;
}

/** Lists then watches the node's snapshot ConfigMap until `pred` holds for it; returns the object. */
export async function snapshotWhen(cluster: TestCluster, node: string, streams: WatchStream[], pred: (s: Snapshot, cm: ConfigMapObject) => boolean): Promise<{ doc: Snapshot; cm: ConfigMapObject }> {
  const w = await observe<ConfigMapObject>(cluster, snapshotPath(node), streams);
  const found = await w.until((m) => [...m.values()].some((cm) => {
    const d = docOf(cm);
    return d !== undefined && pred(d, cm);
  }));
  const cm = [...found.values()][0]!;
  return { doc: docOf(cm)!, cm };
}

export interface AgentHarness {
  /** One demo cluster for the whole file (each test uses its own fresh node name). */
  readonly cluster: TestCluster;
  streams: WatchStream[];
  agents: Agent[];
  /** Temp node directories to remove after the test. */
  dirs: Fixture[];
  /** A temp node directory holding `files`, and an agent for a fresh node running on it. */
  setup(files: Record<string, string>, over?: Partial<AgentConfig>): Promise<{ node: string; d: Fixture; agent: Agent }>;
}

/** A test file's cluster, agents, directories and watches: agents, directories and watches end after every test, the cluster after the file. */
export function agentHarness(): AgentHarness {
  let cluster: TestCluster | undefined;
  const agents: Agent[] = [];
  const dirs: Fixture[] = [];
  const streams: WatchStream[] = [];
  beforeAll(async () => {
    cluster = await startTestCluster({ tickMs: 3_600_000 });
  });
  afterEach(async () => {
    streams.splice(0).forEach((s) => s.close());
    await Promise.all(agents.splice(0).map((a) => a.stop()));
    await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
  });
  afterAll(async () => {
    await cluster?.cleanup();
  });
  const harness: AgentHarness = {
    get cluster(): TestCluster {
      if (!cluster) throw new Error('the test cluster starts in beforeAll');
      return cluster;
    },
    streams,
    agents,
    dirs,
    setup: async (files, over = {}) => {
      const d = await tempNodeDirs(files);
      dirs.push(d);
      const node = freshNode();
      const agent = await startAgent(harness.cluster, agentConfig(node, d, over), agents);
      return { node, d, agent };
    },
  };
  return harness;
}

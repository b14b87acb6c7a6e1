/**
 * The demo cluster: an HTTP server on loopback that speaks the Kubernetes API
 * for the kinds the dashboard reads, hosting a named scenario. This is the
 * programmatic API other engineers and tests build on; `demo/main.ts` is its CLI.
 */
import { DEFAULT_INTERVAL_SECONDS } from '@/lib/probes/names';
import type { DataPlaneTarget } from './data-plane-control';
import { DataPlaneFaults, Probers } from './sim/probers';
import { randomBytes } from 'node:crypto';
import { createApiHandler } from './api';
import { identities } from './auth';
import { createControlHandler } from './control';
import { FaultInjector } from './faults';
import { DEFAULT_EVENT_TTL_MS, EventTtl } from './event-ttl';
import { DualListener } from './listener';
import { EventChurn } from './scale/churn';
import type { ScaleOptions } from './scale/options';
import { seedScale } from './scale/seed';
import { DEFAULT_SCENARIO, scenarioFactory } from './scenarios';
import { NodeOps } from './scenarios/node-ops';
import { dashboardKubeconfigPathIn, defaultStateDir, demoModeKubeconfigPathIn, kubeconfigPathIn, removeStateIfOwned, writeStateFiles } from './state-files';
import { StatsCounter, type DemoStats } from './stats';
import { ObjectStore } from './store';
import { DEFAULT_TIMING } from './sim/world';
import { selfSignedCert } from './tls';
import { WatchHub } from './watch';

export interface DemoClusterOptions {
  host?: string;          // default '127.0.0.1' (refuse anything that is not loopback)
  port?: number;          // default 0 = ephemeral
  scenario?: string;      // default 'multus-boot-race'
  stateDir?: string;      // where kubeconfig + state.json are written; default <repo>/.demo
  now?: () => number;     // clock (ms) for deterministic tests; default Date.now
  tickMs?: number;        // how often failing pods' events repeat; default 10_000
  bookmarkMs?: number;    // how often a watcher is due a bookmark; default 60_000, as kube-apiserver (demo/watch-cache.ts)
  progressNotifyMs?: number; // etcd's progress-notify interval; default 600_000, as etcd (kubeadm: 5_000); 0 = never
  historyLimit?: number;  // change-log size; default 10_000
  controllerMs?: number;  // how soon controllers and node agents react; default 300
  kubeletMs?: number;     // how long a kubelet takes to start or stop a pod; default 1500
  readinessMs?: number;   // from a container's start to its pod's Ready condition; default 0 (no readiness probe)
  scale?: ScaleOptions;   // scale mode: thousands of nodes around the scenario's own (demo/scale)
  /**
   * After every start (the first, and start() after stop()): how long only
   * system:masters is authorized while RBAC "syncs" (docs/demo-cluster.md); default 3000.
   */
  rbacWarmupMs?: number;
  eventTtlMs?: number;    // Events are deleted this long after their last write; default 1 h (--event-ttl)
  probeIntervalMs?: number; // the data-plane probers' round; default 30_000, as the prober (lib/probes/names.ts)
}

/** A small cluster's RBAC informers sync within a few seconds of the API server starting. */
export const DEFAULT_RBAC_WARMUP_MS = 3_000;

export interface DemoCluster {
  url: string;            // http://127.0.0.1:PORT (the same port also speaks HTTPS; the kubeconfig uses https)
  port: number;
  token: string;          // user "admin" (cluster-admin)
  viewerToken: string;    // user "viewer" (get/list/watch only)
  dashboardToken: string; // the dashboard's service account: deploy/'s read rules, plus impersonate (demo/rbac.ts)
  kubeconfigPath: string; // contexts 'cni-health-demo' (admin, current) and 'cni-health-demo-viewer'
  dashboardKubeconfigPath: string; // only the dashboard's service account: what a token- or proxy-mode dashboard runs with
  /** The dashboard's service account current (its cache reads), plus the admin and viewer contexts a demo-mode user picks from. */
  demoModeKubeconfigPath: string;
  controlUrl: string;     // url + '/demo/v1'
  stop(): Promise<void>;  // closes the listener and all open watches (state is kept)
  start(): Promise<void>; // listens again on the same port with the same state
  dispose(): Promise<void>; // stop + clear timers; the process can exit
  rebootWithRace(node: string): void;
  heal(node: string): void;
  /** The data-plane faults and an immediate probe round (demo/sim/probers.ts). */
  dataPlane: DataPlaneTarget;
  compactHistory(): void; // drop the change log: any watch resuming from an older RV now gets 410
  dropWatches(): void;    // close every open watch stream (clients must reconnect)
  stats(): DemoStats;     // { lists, watches, requests } plus gets, openWatches and counters by kind
  nodeNames(): string[];  // the scenario's own nodes (scale mode adds more, not listed here)
  setEventRate(perSecond: number): void; // scale mode's steady Event stream; no-op without scale mode
  /** The object store, for tests that change the cluster while its API is unreachable (the `down` fault). */
  store: ObjectStore;
  /** Whether the RBAC warm-up after the last start is over (non-admin identities are authorized again). */
  rbacSynced(): boolean;
  /** Deletes the Events whose TTL has run out now (the cluster also does it every second). */
  expireEvents(): number;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startDemoCluster(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`the demo cluster listens on loopback only; refusing host "${host}"`);
  const now = opts.now ?? Date.now;
  const scenarioName = opts.scenario ?? DEFAULT_SCENARIO;
  const factory = scenarioFactory(scenarioName);
  // Time-derived RVs (1000 per ms of wall clock) keep growing across restarts of the process,
  // so a client resuming with an RV from an earlier run gets 410 and relists.
  // At scale a paginated list of 150k pods takes seconds while events keep coming: the change log
  // must reach back further than that, or every continue token would expire (410) mid-list.
  const historyLimit = opts.historyLimit ?? (opts.scale ? 100_000 : 10_000);
  const store = new ObjectStore({ initialRv: Math.floor(now()) * 1000, historyLimit });
  const scenario = factory({ store, now, timing: {
    controllerMs: opts.controllerMs ?? DEFAULT_TIMING.controllerMs, kubeletMs: opts.kubeletMs ?? DEFAULT_TIMING.kubeletMs, readinessMs: opts.readinessMs ?? DEFAULT_TIMING.readinessMs,
  } });
  let churn: EventChurn | undefined;
  if (opts.scale) {
    // The thousands of scale-mode nodes write no Node condition: the bench measures the dashboard, not the agents' opt-in.
    const ops = new NodeOps(store, { nodeCondition: false });
    const seeded = seedScale(store, ops, scenario.nodeNames().length, opts.scale, now());
    ops.refreshDaemonSets(now());
    scenario.adopt?.(seeded.nodes);
    churn = new EventChurn(store, seeded.eventKeys, now);
    churn.setRate(opts.scale.eventRate);
  }
  const dataPlaneFaults = new DataPlaneFaults();
  const setup = scenario.dataPlane();
  for (const [a, b] of setup.partitions ?? []) dataPlaneFaults.partition(a, b);
  for (const n of setup.deadNodes ?? []) dataPlaneFaults.deadNodes.add(n);
  const probeIntervalMs = opts.probeIntervalMs ?? DEFAULT_INTERVAL_SECONDS * 1000;
  const probers = new Probers(store, dataPlaneFaults, { intervalSeconds: Math.max(1, Math.round(probeIntervalMs / 1000)) });
  probers.seedMesh(now());
  const probeRound = (): number => probers.round(now());
  probeRound();
  const eventTtl = new EventTtl(store, opts.eventTtlMs ?? DEFAULT_EVENT_TTL_MS, now);
  const warmupMs = opts.rbacWarmupMs ?? DEFAULT_RBAC_WARMUP_MS;
  let rbacSyncedAt = Number.POSITIVE_INFINITY;
  const rbacSynced = (): boolean => now() >= rbacSyncedAt;
  const faults = new FaultInjector(now);
  const hub = new WatchHub(store, { bookmarkMs: opts.bookmarkMs, progressNotifyMs: opts.progressNotifyMs, now, faults });
  const stats = new StatsCounter();
  const token = randomBytes(32).toString('base64url');
  const viewerToken = randomBytes(32).toString('base64url');
  const dashboardToken = randomBytes(32).toString('base64url');
  const admission = { refuseDryRun: false };
  const stateDir = opts.stateDir ?? defaultStateDir();
  let port = opts.port ?? 0;

  const target = {
    scenario,
    dataPlane: {
      faults: dataPlaneFaults,
      round: probeRound,
      resolveNode: (node: string) => scenario.resolveNode(node),
      zones: () => [...new Set(store.list('nodes').map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']).filter((z): z is string => !!z))].sort(),
    },
    compactHistory: (): void => store.compact(),
    dropWatches: (): void => hub.closeAll(),
    expireAll: (): void => {
      store.expireAll();
      hub.closeAll();
    },
    // The listener stays up (the control surface needs it): connections are cut while "down",
    // and the new process's RBAC starts empty once it is back.
    restart: (seconds: number, warmup = warmupMs): void => {
      faults.down(seconds);
      hub.closeAll();
      rbacSyncedAt = now() + seconds * 1000 + warmup;
    },
    stats: (): DemoStats => ({ ...stats.snapshot(hub.openCount), ...(churn ? { churn: churn.status() } : {}) }),
    resetListMaxima: (): void => stats.resetListMaxima(),
    faults,
    hub,
    admission,
    setEventRate: (rate: number): boolean => {
      churn?.setRate(rate);
      return churn !== undefined;
    },
  };
  const cert = selfSignedCert('cni-health-demo', [...new Set(['127.0.0.1', '::1', ...(host.includes('.') || host.includes(':') ? [host] : [])])]);
  const server = new DualListener(createApiHandler({
    store, hub, stats, identities: identities(token, viewerToken, dashboardToken), admission, faults, now, rbacSynced, serverAddress: () => `${host}:${port}`, control: createControlHandler(target),
  }), cert);
  port = await server.listen(host, port);
  rbacSyncedAt = now() + warmupMs;
  let listening = true;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `http://${authority}`;
  const kubeconfigPath = kubeconfigPathIn(stateDir);
  await writeStateFiles(
    stateDir,
    { url, token, viewerToken, dashboardToken, controlUrl: `${url}/demo/v1`, kubeconfigPath, pid: process.pid, scenario: scenarioName },
    { httpsUrl: `https://${authority}`, caPem: cert.certPem },
  );

  const ticker = setInterval(() => {
    try {
      scenario.tick();
    } catch (e) {
      console.error('demo cluster: scenario tick failed', e);
    }
  }, opts.tickMs ?? 10_000);
  ticker.unref();
  const prober = setInterval(() => {
    try {
      probeRound();
    } catch (e) {
      console.error('demo cluster: probe round failed', e);
    }
  }, probeIntervalMs);
  prober.unref();

  const stop = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    hub.closeAll();
    await server.close();
  };

  return {
    url,
    port,
    token,
    viewerToken,
    dashboardToken,
    kubeconfigPath,
    dashboardKubeconfigPath: dashboardKubeconfigPathIn(stateDir),
    demoModeKubeconfigPath: demoModeKubeconfigPathIn(stateDir),
    controlUrl: `${url}/demo/v1`,
    stop,
    start: async () => {
      if (listening) return;
      await server.listen(host, port);
      // A restarted API server's RBAC informers start empty (kubernetes#121635).
      rbacSyncedAt = now() + warmupMs;
      listening = true;
    },
    dispose: async () => {
      clearInterval(ticker);
      clearInterval(prober);
      eventTtl.dispose();
      churn?.dispose();
      scenario.dispose();
      hub.dispose();
      await stop();
      await removeStateIfOwned(stateDir, url);
    },
    rebootWithRace: (node) => scenario.rebootWithRace(node),
    dataPlane: target.dataPlane,
    heal: (node) => scenario.heal(node),
    compactHistory: target.compactHistory,
    dropWatches: target.dropWatches,
    stats: target.stats,
    nodeNames: () => scenario.nodeNames(),
    store,
    rbacSynced,
    expireEvents: () => eventTtl.sweep(),
    setEventRate: (rate) => {
      target.setEventRate(rate);
    },
  };
}

import 'server-only';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { GridView } from '@/lib/api/views';
import type { InformerStatus } from '@/lib/k8s/informer';
import { DATA_PLANE_CELLS, VERDICTS } from '@/lib/api/views';

// Process metrics (memory, event loop lag) are collected on scrape by the
// registry itself; one registry for them per process.
const KEY = Symbol.for('cni-health.process-metrics');
type Global = typeof globalThis & { [KEY]?: Registry };

function processRegistry(): Registry {
  const g = globalThis as Global;
  if (!g[KEY]) {
    g[KEY] = new Registry();
    collectDefaultMetrics({ register: g[KEY], prefix: 'cni_health_' });
  }
  return g[KEY];
}

/**
 * The fleet's health in Prometheus exposition format, built from the same
 * view as the grid, so an alert and the dashboard never disagree.
 */
/** Anything that reports informer status (the cache's informers). */
export type InformerSource = ReadonlyArray<{ status(): InformerStatus }>;

/** Process-wide counters beside the informers: Events not kept, live streams. */
export interface ServerCounters {
  ignoredEvents: number;
  stream: { open: number; backpressured: number; dropped: number; cut: number };
}

/** The probes' verdict per node (one series per node and state, like the verdict) and probe counts per zone pair: never node pairs. */
function dataPlaneMetrics(view: GridView, reg: Registry): void {
  if (!view.zones) return;
  const state = new Gauge({ name: 'cni_health_node_data_plane', help: '1 for the data-plane probes\' current state of the node, 0 for the others.', labelNames: ['node', 'state'], registers: [reg] });
  for (const n of view.nodes) {
    if (!n.dataPlane) continue;
    for (const st of DATA_PLANE_CELLS) state.set({ node: n.name, state: st }, n.dataPlane === st ? 1 : 0);
  }
  const pair = new Gauge({ name: 'cni_health_probe_zone_pair_probes', help: 'Probes of the last reports between two zones, by result.', labelNames: ['from', 'to', 'result'], registers: [reg] });
  for (const z of view.zones) {
    pair.set({ from: z.from, to: z.to, result: 'ok' }, z.ok);
    pair.set({ from: z.from, to: z.to, result: 'failed' }, z.failed);
  }
}

export async function renderMetrics(view: GridView, nowMs: number, informers?: InformerSource, counters?: ServerCounters): Promise<{ body: string; contentType: string }> {
  const reg = new Registry();
  const verdict = new Gauge({ name: 'cni_health_node_verdict', help: '1 for the node\'s current verdict, 0 for the others.', labelNames: ['node', 'verdict', 'zone', 'pool'], registers: [reg] });
  const nodes = new Gauge({ name: 'cni_health_nodes', help: 'Nodes by verdict.', labelNames: ['verdict'], registers: [reg] });
  const stuck = new Gauge({ name: 'cni_health_node_stuck_pods', help: 'Pods on the node whose network sandbox cannot be created.', labelNames: ['node'], registers: [reg] });
  const snapshotAge = new Gauge({ name: 'cni_health_node_snapshot_age_seconds', help: 'Seconds since the node\'s CNI snapshot was collected; no series for a node without one.', labelNames: ['node'], registers: [reg] });
  const findings = new Gauge({ name: 'cni_health_findings', help: 'Nodes with a finding of this rule.', labelNames: ['rule'], registers: [reg] });
  const cluster = new Gauge({ name: 'cni_health_cluster_findings', help: 'Cluster-wide findings (Multus DaemonSet hygiene).', labelNames: ['rule', 'severity'], registers: [reg] });
  const synced = new Gauge({ name: 'cni_health_cache_synced', help: '1 when the cache of this kind is synced and its watch healthy.', labelNames: ['kind'], registers: [reg] });
  const age = new Gauge({ name: 'cni_health_cache_last_sync_age_seconds', help: 'Seconds since the cache of this kind last heard from the API server.', labelNames: ['kind'], registers: [reg] });
  const objects = new Gauge({ name: 'cni_health_cache_objects', help: 'Objects held in the cache of this kind.', labelNames: ['kind'], registers: [reg] });

  for (const v of VERDICTS) nodes.set({ verdict: v }, view.counts[v]);
  const byRule = new Map<string, number>();
  for (const n of view.nodes) {
    for (const v of VERDICTS) verdict.set({ node: n.name, verdict: v, zone: n.zone ?? '', pool: n.pool ?? '' }, n.verdict === v ? 1 : 0);
    stuck.set({ node: n.name }, n.stuckPods);
    if (n.snapshotAt) snapshotAge.set({ node: n.name }, Math.max(0, (nowMs - Date.parse(n.snapshotAt)) / 1000));
    for (const rule of n.ruleIds) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  for (const [rule, count] of byRule) findings.set({ rule }, count);
  dataPlaneMetrics(view, reg);
  for (const f of view.clusterFindings) cluster.inc({ rule: f.ruleId, severity: f.severity });
  for (const s of view.sync) {
    synced.set({ kind: s.kind }, s.synced && !s.error ? 1 : 0);
    objects.set({ kind: s.kind }, s.count);
    if (s.lastSyncedAt) age.set({ kind: s.kind }, Math.max(0, (nowMs - Date.parse(s.lastSyncedAt)) / 1000));
  }
  if (informers) {
    // What the bench reads: ingest throughput and how long the first list of each kind took.
    const applied = new Gauge({ name: 'cni_health_watch_events_total', help: 'Watch events applied to the cache of this kind since start.', labelNames: ['kind'], registers: [reg] });
    const cold = new Gauge({ name: 'cni_health_cache_cold_sync_seconds', help: 'Time from start to the first complete list of this kind.', labelNames: ['kind'], registers: [reg] });
    const lists = new Gauge({ name: 'cni_health_cache_lists_total', help: 'Lists (initial and relists) of this kind.', labelNames: ['kind'], registers: [reg] });
    const listing = new Gauge({ name: 'cni_health_cache_listing', help: '1 while a list of this kind is in flight.', labelNames: ['kind'], registers: [reg] });
    for (const inf of informers) {
      const s = inf.status();
      applied.set({ kind: s.kind }, s.events);
      lists.set({ kind: s.kind }, s.lists);
      listing.set({ kind: s.kind }, s.listing ? 1 : 0);
      if (s.coldSyncMs !== undefined) cold.set({ kind: s.kind }, s.coldSyncMs / 1000);
    }
  }
  if (informers) {
    const watches = new Gauge({ name: 'cni_health_cache_watches_total', help: 'Watches started for this kind since start (one held at a time).', labelNames: ['kind'], registers: [reg] });
    for (const inf of informers) watches.set({ kind: inf.status().kind }, inf.status().watches);
  }
  if (counters) {
    new Gauge({ name: 'cni_health_events_ignored_total', help: 'Events seen and not cached (routine: not a sandbox failure, an audit record or a warning about a pod or node).', registers: [reg] }).set(counters.ignoredEvents);
    new Gauge({ name: 'cni_health_stream_clients', help: 'Open live streams (/api/stream).', registers: [reg] }).set(counters.stream.open);
    new Gauge({ name: 'cni_health_stream_backpressured', help: 'Live streams whose client is not reading right now.', registers: [reg] }).set(counters.stream.backpressured);
    new Gauge({ name: 'cni_health_stream_dropped_total', help: 'Change messages not queued because the client was not reading.', registers: [reg] }).set(counters.stream.dropped);
    new Gauge({ name: 'cni_health_stream_cut_total', help: 'Live streams ended because their client stayed backpressured.', registers: [reg] }).set(counters.stream.cut);
  }
  const merged = Registry.merge([processRegistry(), reg]);
  return { body: await merged.metrics(), contentType: merged.contentType };
}

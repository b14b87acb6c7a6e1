/**
 * `npm run bench [-- --small] [--json]`: the demo cluster at full size
 * (5,000 nodes, 150,000 pods, 300,000 events; --small: 500 / 15,000 / 30,000;
 * --no-build reuses the existing production build)
 * and the dashboard's production build, measured side by side with kubectl in
 * one run. Targets live in docs/performance.md; this script asserts only that
 * things work (synced, probes seen, no list caused by page views), never times.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GridPayload } from '../lib/api/grid-compact';
import { measurePaint } from './bench/browser';
import { probeCost } from './bench/probes';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { bulkPreviewTimes } from './bench/bulk';
import { get, load, median, metric, percentile, settledRss, treeRss, until } from './bench/http';
import { BrowserLikeClient } from './bench/live';
import { ROOT, startDashboard, startDemoProcess } from './launch';

const { values: args } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    nodes: { type: 'string' }, pods: { type: 'string' }, events: { type: 'string' },
    'kubectl-runs': { type: 'string' }, 'event-rate': { type: 'string' }, port: { type: 'string', default: '3417' },
    build: { type: 'boolean' },
    'no-build': { type: 'boolean', default: false },
  },
});
const small = args.small;
const size = { nodes: Number(args.nodes ?? (small ? 500 : 5000)), pods: Number(args.pods ?? (small ? 15_000 : 150_000)), events: Number(args.events ?? (small ? 30_000 : 300_000)) };
const kubectlRuns = Number(args['kubectl-runs'] ?? (small ? 1 : 3));
const eventRate = Number(args['event-rate'] ?? (small ? 500 : 2000));
const port = Number(args.port);
const base = `http://127.0.0.1:${port}`;
const log = (msg: string): void => { if (!args.json) console.log(`[bench] ${msg}`); else console.error(`[bench] ${msg}`); };
const figures: Record<string, number | string | boolean | null> = {};
const children: Array<{ kill: (s?: NodeJS.Signals) => boolean }> = [];
const stateDir = mkdtempSync(join(tmpdir(), 'cni-health-bench-'));

function cleanup(): void {
  for (const c of children) c.kill('SIGTERM');
  rmSync(stateDir, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

async function control(url: string, token: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/demo/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
}

interface DemoCounters { lists: number; watches: number; openWatches: number; churn?: { written: number }; byResource?: Record<string, { lists: number } | undefined> }

/**
 * Lists of what the dashboard caches (cluster objects), not of its own state:
 * the replicas' shared state (Secrets, the Lease) is listed by its periodic
 * sweeps whatever the page views (lib/state), and is not read through the cache.
 */
function clusterLists(s: DemoCounters): number {
  const own = (s.byResource?.secrets?.lists ?? 0) + (s.byResource?.leases?.lists ?? 0);
  return s.lists - own;
}

async function demoStats(url: string, token: string): Promise<DemoCounters> {
  return (await (await fetch(`${url}/demo/v1/stats`, { headers: { authorization: `Bearer ${token}` } })).json()) as DemoCounters;
}

/**
 * The bench's windows are measured in work, not in wall time: resolves once
 * the demo's Event stream has written `target` updates in all.
 */
async function writtenAtLeast(url: string, token: string, target: number): Promise<number> {
  return until(`${target} Event updates written`, 120_000, async () => {
    const written = (await demoStats(url, token)).churn?.written ?? 0;
    return written >= target ? written : undefined;
  }, 20);
}

async function metrics(): Promise<string> {
  return (await get(`${base}/api/metrics`)).body.toString('utf8');
}

function kubectlTimes(kubeconfig: string): number[] {
  const which = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  if (which.status !== 0) {
    log('kubectl is not on PATH (Debian: apt-get install kubernetes-client); K is not measured');
    return [];
  }
  const times: number[] = [];
  for (let i = 0; i < kubectlRuns; i++) {
    const t = performance.now();
    const r = spawnSync('sh', ['-c', `kubectl --kubeconfig "${kubeconfig}" get pods -A -o json > /dev/null`], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`kubectl failed with ${r.status}`);
    times.push(performance.now() - t);
    log(`kubectl get pods -A -o json: ${(times.at(-1)! / 1000).toFixed(1)} s`);
  }
  return times;
}

const SYNC_KINDS = ['nodes', 'pods', 'events', 'daemonsets', 'snapshots', 'probes', 'probemesh'];
/** The dashboard's heap ceiling as deployed (deploy/base/dashboard.yaml), so memory is measured as it runs there. */
const DASHBOARD_NODE_OPTIONS = '--max-old-space-size=1024';

async function main(): Promise<void> {
  // One build per run; --small (inside npm test, right after the e2e build) reuses an existing one.
  if (!args['no-build'] && (args.build ?? !(small && existsSync(join(ROOT, '.next', 'BUILD_ID'))))) {
    log('next build');
    const b = spawnSync(join(ROOT, 'node_modules/.bin/next'), ['build'], { cwd: ROOT, stdio: args.json ? ['ignore', 'ignore', 'inherit'] : 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (b.status !== 0) throw new Error('next build failed');
  }
  // The data-plane probes' cost, always at 5,000 nodes or more: pure and quick (scripts/bench/probes.ts).
  const probeNodes = Math.max(5000, size.nodes);
  log(`data-plane probe cost at ${probeNodes} nodes`);
  Object.assign(figures, probeCost(probeNodes));
  if (figures.probeUnreachableFound !== 1) throw new Error(`the probe aggregation found ${figures.probeUnreachableFound} unreachable nodes, expected the 1 whose pod network died`);

  log(`starting the demo cluster: ${size.nodes} nodes, ${size.pods} pods, ${size.events} events`);
  let t = performance.now();
  const demo = await startDemoProcess(['--state-dir', stateDir, '--nodes', String(size.nodes), '--pods', String(size.pods), '--events', String(size.events)], { NODE_OPTIONS: '--max-old-space-size=8192' });
  children.push(demo.child);
  figures.demoSeedS = (performance.now() - t) / 1000;
  const { token } = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as { token: string };
  const demoUrl = demo.ready.url;

  const k = kubectlTimes(demo.ready.kubeconfigPath);
  figures.kubectlMedianS = k.length ? median(k) / 1000 : null;

  log('starting the dashboard (production build, server/main.ts)');
  t = performance.now();
  const dash = startDashboard('prod', port, { KUBECONFIG: demo.ready.kubeconfigPath, CNI_HEALTH_MODE: 'demo', CNI_HEALTH_NAMESPACE: 'cni-health', NODE_OPTIONS: DASHBOARD_NODE_OPTIONS }, { stdoutToStderr: true });
  children.push(dash);
  const text = await until('the dashboard to sync every kind', 600_000, async () => {
    const m = await metrics();
    return SYNC_KINDS.every((kind) => metric(m, 'cni_health_cache_cold_sync_seconds', { kind }) !== undefined) ? m : undefined;
  }, 200);
  figures.coldSyncS = Math.max(...SYNC_KINDS.map((kind) => metric(text, 'cni_health_cache_cold_sync_seconds', { kind })!));
  figures.coldSyncWallS = (performance.now() - t) / 1000;
  figures.coldSyncOverK = figures.kubectlMedianS ? figures.coldSyncS / figures.kubectlMedianS : null;
  for (const kind of ['pods', 'events']) figures[`cold_${kind}_s`] = metric(text, 'cni_health_cache_cold_sync_seconds', { kind }) ?? null;

  // The grid must hold the whole fleet before anything is timed.
  await until('the grid to show every node', 120_000, async () => {
    const p = JSON.parse((await get(`${base}/api/grid`)).body.toString('utf8')) as GridPayload;
    return p.rows.name.length >= size.nodes && !p.meta.stale ? p : undefined;
  }, 250);
  figures.steadyRssMB = (await settledRss(dash.pid!)) / 2 ** 20;
  figures.heapUsedMB = (metric(await metrics(), 'cni_health_nodejs_heap_size_used_bytes') ?? NaN) / 2 ** 20;
  figures.eventsCached = metric(await metrics(), 'cni_health_cache_objects', { kind: 'events' }) ?? null;
  figures.eventsIgnored = metric(await metrics(), 'cni_health_events_ignored_total') ?? null;
  const listsBefore = clusterLists(await demoStats(demoUrl, token));

  // One client alone: the route's own cost, apart from queueing behind 49 others.
  const single = await load(`${base}/api/grid`, 1, 200, { 'accept-encoding': 'gzip' });
  figures.gridSingleP50Ms = percentile(single.ms, 50);
  figures.gridSingleP99Ms = percentile(single.ms, 99);
  log('grid route under 50 concurrent clients');
  const gridLoad = await load(`${base}/api/grid`, 50, small ? 500 : 2_000, { 'accept-encoding': 'gzip' });
  figures.gridP50Ms = percentile(gridLoad.ms, 50);
  figures.gridP99Ms = percentile(gridLoad.ms, 99);
  figures.gridGzipKB = (gridLoad.last?.bytes ?? 0) / 1024;
  const grid = JSON.parse((await get(`${base}/api/grid`)).body.toString('utf8')) as GridPayload;
  const verdictAt = (i: number): string => grid.rows.verdict[i] ?? '';
  const broken = grid.rows.name.filter((_, i) => verdictAt(i) === '0');
  figures.brokenNodes = broken.length;
  const probeNode = grid.rows.name.find((n, i) => verdictAt(i) === '3' && n.startsWith('ip-10-64-'))!;

  log('node diff and stuck pods');
  // Each broken node's diff asked for once: computed, not from the memo.
  const computed: number[] = [];
  for (const node of broken.slice(1, 21)) {
    const t0 = performance.now();
    const res = await get(`${base}/api/diff?target=${encodeURIComponent(node)}`);
    computed.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`/api/diff?target=${node}: HTTP ${res.status}`);
  }
  figures.diffComputedP50Ms = computed.length ? percentile(computed, 50) : null;
  figures.diffComputedMaxMs = computed.length ? Math.max(...computed) : null;
  // One incident link opened over and over, as a channel full of people does.
  const diffLoad = await load(`${base}/api/diff?target=${encodeURIComponent(broken[0] ?? probeNode)}`, 1, small ? 100 : 300);
  figures.diffP50Ms = percentile(diffLoad.ms, 50);
  figures.diffP99Ms = percentile(diffLoad.ms, 99);
  const podsLoad = await load(`${base}/api/pods`, 1, small ? 50 : 200);
  figures.podsP50Ms = percentile(podsLoad.ms, 50);
  figures.podsP99Ms = percentile(podsLoad.ms, 99);
  log('bulk repair preview of every self-nested node');
  const bulk = await bulkPreviewTimes(base, small ? 3 : 5);
  figures.bulkPreviewNodes = bulk.nodes;
  figures.bulkPreviewMedianMs = median(bulk.ms);
  figures.bulkPreviewKB = bulk.bytes / 1024;

  log('Chromium: first painted grid');
  const paint = await measurePaint(base, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  figures.firstGridPaintMs = paint.firstGridPaintMs;
  figures.domNodes = paint.domNodes;
  figures.cellsDrawn = paint.cells;
  figures.listsByPageViews = clusterLists(await demoStats(demoUrl, token)) - listsBefore;

  log(`event ingest at ${eventRate}/s with watch-to-browser probes`);
  const client = new BrowserLikeClient(base);
  await client.open();
  const eventsBefore = metric(await metrics(), 'cni_health_watch_events_total', { kind: 'events' }) ?? 0;
  const writtenBefore = (await demoStats(demoUrl, token)).churn?.written ?? 0;
  await control(demoUrl, token, 'churn', { rate: eventRate });
  const started = performance.now();
  const probes: number[] = [];
  const probeCount = small ? 5 : 20;
  // The window: this many updates (15 s of the stream; 5 s in --small), with
  // the probes spread evenly over its progress.
  const windowEvents = eventRate * (small ? 5 : 15);
  for (let i = 0; i < probeCount; i++) {
    await writtenAtLeast(demoUrl, token, writtenBefore + ((i + 1) * windowEvents) / (probeCount + 1));
    const zone = `probe-${i}`;
    const t0 = performance.now();
    const res = await fetch(`${demoUrl}/api/v1/nodes/${probeNode}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { 'topology.kubernetes.io/zone': zone } } }) });
    if (!res.ok) throw new Error(`PATCH node: HTTP ${res.status} ${await res.text()}`);
    await client.waitForZone(probeNode, zone, 30_000);
    probes.push(performance.now() - t0);
  }
  await writtenAtLeast(demoUrl, token, writtenBefore + windowEvents);
  const windowS = (performance.now() - started) / 1000;
  await control(demoUrl, token, 'churn', { rate: 0 });
  const written = ((await demoStats(demoUrl, token)).churn?.written ?? 0) - writtenBefore;
  // Drained: every written update applied (or 30 s, and what is missing is reported as behind).
  const appliedNow = async (): Promise<number> => (metric(await metrics(), 'cni_health_watch_events_total', { kind: 'events' }) ?? 0) - eventsBefore;
  const applied = await until('the dashboard to apply the Event stream', 30_000, async () => ((await appliedNow()) >= written ? appliedNow() : undefined), 200).catch(() => appliedNow());
  client.close();
  figures.eventsWrittenPerS = written / windowS;
  figures.eventsAppliedPerS = Math.min(applied, written) / windowS;
  figures.eventsBehind = Math.max(0, written - applied);
  figures.watchToBrowserP50Ms = percentile(probes, 50);
  figures.watchToBrowserP99Ms = percentile(probes, 99);

  await loadHeld(demoUrl, token, dash.pid!, probeNode);

  log('relist: every resourceVersion expired, every watch dropped');
  const listsTotal = async (): Promise<number> => {
    const m = await metrics();
    // A kind counts once its relist has finished, not when it started.
    if (SYNC_KINDS.some((kind) => metric(m, 'cni_health_cache_listing', { kind }) === 1)) return -1;
    return SYNC_KINDS.reduce((n, kind) => n + (metric(m, 'cni_health_cache_lists_total', { kind }) ?? 0), 0);
  };
  const before = await listsTotal();
  let peak = treeRss(dash.pid!);
  const sampler = setInterval(() => { peak = Math.max(peak, treeRss(dash.pid!)); }, 100);
  t = performance.now();
  await control(demoUrl, token, 'faults', { fault: 'relist' });
  await until('every kind to relist', 300_000, async () => ((await listsTotal()) >= before + SYNC_KINDS.length ? true : undefined), 200);
  figures.relistS = (performance.now() - t) / 1000;
  // The peak can come after the last list (projection, the grid's catch-up, GC): sample until RSS settles.
  await settledRss(dash.pid!, 30_000, 1_000);
  clearInterval(sampler);
  figures.relistPeakRssMB = peak / 2 ** 20;
  figures.relistPeakOverSteady = figures.relistPeakRssMB / figures.steadyRssMB;
  figures.rssAfterRelistMB = treeRss(dash.pid!) / 2 ** 20;

  // Functional checks only: a slow machine changes the figures, not the verdict.
  const problems: string[] = [];
  if (figures.listsByPageViews !== 0) problems.push(`page views caused ${figures.listsByPageViews} list(s) against the API server`);
  if (paint.cells === 0) problems.push('Chromium drew no node cell');
  if (broken.length === 0) problems.push('no broken node in the grid');
  report(problems);
  cleanup();
  // Keep-alive sockets would hold the process open.
  process.exit(problems.length ? 1 : 0);
}

/**
 * Load held (issue #8): 200 browser-like clients (SSE stream + grid deltas on
 * every change, in a process of their own) while the Event stream runs, and
 * one stream client that never reads. Watches per kind must not grow with
 * clients; the slow client must not grow the server's memory.
 */
async function loadHeld(demoUrl: string, token: string, pid: number, changingNode: string): Promise<void> {
  const clients = small ? 50 : 200;
  log(`load held: ${clients} browser-like clients and one stream client that never reads, Event stream at ${eventRate}/s, a node changing twice a second`);
  const watchesBefore = (await demoStats(demoUrl, token)).watches;
  const crowd = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/bench/crowd.ts'), base, String(clients)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(crowd);
  const lines = createInterface({ input: crowd.stdout! });
  const nextLine = (): Promise<string> => new Promise((resolve, reject) => {
    lines.once('line', resolve);
    crowd.once('exit', (code) => reject(new Error(`the client crowd exited with code ${code}`)));
  });
  if ((await nextLine()) !== 'READY') throw new Error('the client crowd did not start');
  figures.heldOpenWatches = (await demoStats(demoUrl, token)).openWatches;
  // The slow client: asks for the stream, then never reads a byte.
  const slow = connect(port, '127.0.0.1');
  let slowClosedAfterS: number | null = null;
  const slowAt = performance.now();
  slow.on('close', () => { slowClosedAfterS = (performance.now() - slowAt) / 1000; });
  slow.on('error', () => undefined);
  slow.write('GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  slow.pause();
  const rss: number[] = [treeRss(pid)];
  const sampler = setInterval(() => rss.push(treeRss(pid)), 1_000);
  const writtenBefore = (await demoStats(demoUrl, token)).churn?.written ?? 0;
  await control(demoUrl, token, 'churn', { rate: eventRate });
  // The window: 15 s of the Event stream (5 s in --small), during which the
  // fleet changes under the crowd: one node's zone at every half second of
  // the stream, so every client refetches its grid delta at each change, as
  // open dashboards do.
  const changes = small ? 10 : 30;
  for (let tick = 1; tick <= changes; tick++) {
    await writtenAtLeast(demoUrl, token, writtenBefore + (tick * eventRate) / 2);
    const res = await fetch(`${demoUrl}/api/v1/nodes/${changingNode}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { 'topology.kubernetes.io/zone': `held-${tick % 2}` } } }) });
    if (!res.ok) throw new Error(`PATCH node: HTTP ${res.status} ${await res.text()}`);
  }
  await control(demoUrl, token, 'churn', { rate: 0 });
  crowd.stdin!.write('STOP\n');
  const result = JSON.parse(await nextLine()) as { requests: number; p50: number; p99: number; fulls: number; deltas: number; errors: number; kbPerRequest: number };
  clearInterval(sampler);
  const m = await metrics();
  figures.heldClients = clients;
  figures.heldGridRequests = result.requests;
  figures.heldGridP50Ms = result.p50;
  figures.heldGridP99Ms = result.p99;
  figures.heldGridErrors = result.errors;
  figures.heldGridKBPerRequest = result.kbPerRequest;
  figures.heldWatchesStarted = (await demoStats(demoUrl, token)).watches - watchesBefore;
  figures.heldStreamsOpen = metric(m, 'cni_health_stream_clients') ?? null;
  figures.slowBackpressured = metric(m, 'cni_health_stream_backpressured') ?? null;
  figures.slowDroppedMessages = metric(m, 'cni_health_stream_dropped_total') ?? null;
  figures.slowCut = metric(m, 'cni_health_stream_cut_total') ?? null;
  figures.slowClosedAfterS = slowClosedAfterS;
  figures.heldRssStartMB = rss[0]! / 2 ** 20;
  figures.heldRssMaxMB = Math.max(...rss) / 2 ** 20;
  figures.heldRssEndMB = rss.at(-1)! / 2 ** 20;
  figures.heldRssSeriesMB = rss.map((r) => Math.round(r / 2 ** 20)).join(' ');
  slow.destroy();
}

const TARGETS: Array<[string, string, string, (v: number) => boolean]> = [
  ['kubectlMedianS', 'K: kubectl get pods -A -o json (median, s)', '', () => true],
  ['coldSyncS', 'cold sync, all kinds (s)', '≤ 1.0 × K', (v) => typeof figures.kubectlMedianS === 'number' && v <= figures.kubectlMedianS],
  ['coldSyncOverK', 'cold sync / K', '≤ 1.0', (v) => v <= 1],
  ['steadyRssMB', 'steady RSS after sync (MB)', '≤ 1024', (v) => v <= 1024],
  ['relistPeakRssMB', 'peak RSS during a relist (MB)', '≤ 1.7 × steady', () => Number(figures.relistPeakOverSteady) <= 1.7],
  ['relistS', 'relist of every kind (s)', '', () => true],
  ['gridSingleP50Ms', 'grid route p50, 1 client (ms)', '', () => true],
  ['gridP50Ms', 'grid route p50, 50 clients (ms)', '≤ 30', (v) => v <= 30],
  ['gridP99Ms', 'grid route p99, 50 clients (ms)', '≤ 100', (v) => v <= 100],
  ['gridGzipKB', 'grid payload gzipped (KB)', '≤ 60', (v) => v <= 60],
  ['diffComputedP50Ms', 'node diff, each node once: p50 (ms)', '', () => true],
  ['diffComputedMaxMs', 'node diff, each node once: max (ms)', '', () => true],
  ['diffP99Ms', 'node diff p99, one link asked again and again (ms)', '≤ 5', (v) => v <= 5],
  ['podsP99Ms', 'stuck pods p99 (ms)', '≤ 50', (v) => v <= 50],
  ['bulkPreviewNodes', 'bulk repair preview: nodes in it (self-nested)', '', () => true],
  ['bulkPreviewMedianMs', 'bulk repair preview, plans + access reviews + a dry run of every call: median (ms)', '', () => true],
  ['bulkPreviewKB', 'bulk repair preview payload (KB)', '', () => true],
  // Keeping up: at least 3/4 of the offered stream (2,000/s full size, so ≥ 1,500/s; 500/s with --small).
  ['eventsAppliedPerS', 'events applied per second', `≥ ${0.75 * eventRate}`, (v) => v >= 0.75 * eventRate],
  ['watchToBrowserP99Ms', 'watch to browser p99 (ms)', '≤ 2000', (v) => v <= 2000],
  ['firstGridPaintMs', 'first painted grid in Chromium (ms)', '≤ 1500', (v) => v <= 1500],
  ['domNodes', 'DOM nodes with the grid drawn', '≤ 1500', (v) => v <= 1500],
  ['listsByPageViews', 'lists caused by page views', '0', (v) => v === 0],
  ['probesPerRound', 'data-plane probes per round at 5,000 nodes (N·k)', '≤ N·k', (v) => v <= Number(figures.probeNodes) * Number(figures.probePeers)],
  ['probeWritesPerSSteady', 'probe report writes/s, steady state', '≤ 20', (v) => v <= 20],
  ['probeStateChangesDuringFailureRound', 'probe state changes when a node dies', '', () => true],
  ['probeAggregationP50Ms', 'probe aggregation p50 (ms)', '', () => true],
  ['probeDashboardCpuPctSteady', 'dashboard CPU for probe aggregation, steady (% of a core)', '≤ 5', (v) => v <= 5],
  ['probeDataAgeMaxS', 'probe data age at most (s)', '≤ 60', (v) => v <= 60],
  ['probeMeshExtraProbesPerRound', 'extra probes per round for a 50-node probe mesh', '≤ 2,450', (v) => v <= 2450],
  ['probeMeshExtraWritesWhenMemberDies', 'extra report writes when a mesh member dies', '≤ 49', (v) => v <= 49],
  ['heapUsedMB', 'heap used after sync (MB)', '', () => true],
  ['eventsCached', 'Events cached (the rest counted)', '', () => true],
  ['heldGridP50Ms', 'load held: grid p50, 200 clients (--small: 50) (ms)', '', () => true],
  ['heldGridP99Ms', 'load held: grid p99, 200 clients (--small: 50) (ms)', '≤ 150', (v) => v <= 150],
  ['heldOpenWatches', 'load held: watches open on the API server', `= ${SYNC_KINDS.length} (1/kind)`, (v) => v === SYNC_KINDS.length],
  ['heldWatchesStarted', 'load held: watches started during it', '0', (v) => v === 0],
  ['heldRssStartMB', 'load held: RSS at start (MB)', '', () => true],
  ['heldRssMaxMB', 'load held: RSS max (MB)', '', () => true],
  ['slowDroppedMessages', 'slow client: messages dropped', '', () => true],
  ['slowCut', 'slow client: streams cut', '', () => true],
];

function report(problems: string[]): void {
  const result = { size, machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, figures, problems };
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`\ncni-health bench: ${size.nodes} nodes, ${size.pods} pods, ${size.events} events (node ${process.version})\n`);
  console.log(`${'figure'.padEnd(56)}${'value'.padStart(12)}  ${'target'.padEnd(16)}met`);
  for (const [key, label, target, met] of TARGETS) {
    const v = figures[key];
    const shown = typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v);
    const ok = typeof v === 'number' && target ? (met(v) ? 'yes' : 'NO') : '';
    console.log(`${label.padEnd(56)}${shown.padStart(12)}  ${target.padEnd(16)}${ok}`);
  }
  for (const p of problems) console.log(`PROBLEM: ${p}`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  cleanup();
  process.exit(1);
});

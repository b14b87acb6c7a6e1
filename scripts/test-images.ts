/**
 * `npm run test:images`: builds both images from the real Dockerfiles with
 * buildah (scripts/images/), then starts each image's own entrypoint from
 * its root filesystem against the demo cluster, configured as its pod would
 * be (the service account files, the in-cluster environment):
 *   dashboard  answers /api/healthz, serves the grid page and /api/grid,
 *              and lets Prometheus's token scrape /api/metrics
 *   agent      publishes its node's snapshot from a fixture CNI directory
 * Prints each image's build time and size. Needs root (buildah with the vfs
 * driver and chroot isolation, unshare); scripts/ensure-tools.ts installs
 * buildah and debootstrap.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoCluster, type DemoCluster } from '../demo/cluster';
import { SNAPSHOT_DATA_KEY } from '../lib/cni/snapshot';
import { ensureBases } from './images/bases';
import { buildImage, type Built } from './images/build';
import { mib } from './images/buildah';
import { imageProcess, startImage, type Started } from './images/start';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const FIXTURE_FILE = '10-image-test.conflist';
const READY_PERIOD_MS = 1_000;
const READY_TRIES = 120;

if (process.getuid?.() !== 0) {
  console.error('test:images needs root (buildah with the vfs driver, chroot, unshare)');
  process.exit(1);
}

function fail(message: string): never {
  throw new Error(message);
}

/** What a pod's service account volume holds. */
function serviceAccount(token: string, ca: string): Record<string, { content: string; mode: number }> {
  return {
    [`${SA_DIR}/token`]: { content: token, mode: 0o644 },
    [`${SA_DIR}/ca.crt`]: { content: ca, mode: 0o644 },
    [`${SA_DIR}/namespace`]: { content: 'cni-health', mode: 0o644 },
  };
}

function demoCa(cluster: DemoCluster): string {
  const kubeconfig = readFileSync(cluster.kubeconfigPath, 'utf8');
  const data = /certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? fail('the demo kubeconfig has no CA');
  return Buffer.from(data, 'base64').toString('utf8');
}

/**
 * One request to the demo cluster on its own connection: the global fetch
 * would reuse a kept-alive socket the server may just have closed (ECONNRESET).
 */
function demoCall(cluster: DemoCluster, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.url}${path}`, { method, agent: false, headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function control(cluster: DemoCluster, path: string, body: unknown): Promise<{ token: string }> {
  const res = await demoCall(cluster, 'POST', `/demo/v1${path}`, body);
  if (res.status !== 201) fail(`demo ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as { token: string };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function checkDashboard(cluster: DemoCluster, image: string): Promise<void> {
  const port = await freePort();
  const started = startImage({
    image,
    // In the Deployment it listens on 0.0.0.0:3000; here on loopback, on a free port.
    env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(cluster.port), CNI_HEALTH_HOST: '127.0.0.1', PORT: String(port) },
    files: serviceAccount(cluster.dashboardToken, demoCa(cluster)),
  });
  try {
    await started.waitForLine(/listening on http:\/\/127\.0\.0\.1/, 120_000);
    const base = `http://127.0.0.1:${port}`;
    const fetch = (url: string, init: RequestInit = {}): Promise<Response> => globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
    // As the kubelet's readiness probe: 503 until every kind has synced, then 200.
    let health = 0;
    for (let tries = 0; tries < READY_TRIES && health !== 200; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, READY_PERIOD_MS));
      health = (await fetch(`${base}/api/healthz`)).status;
    }
    if (health !== 200) fail(`/api/healthz still answered ${health} after ${READY_TRIES} probes`);
    const page = await fetch(`${base}/`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('data-testid="node-grid"')) fail(`/ answered ${page.status} without the node grid`);
    // The compact grid payload (lib/api/grid-compact.ts): one entry per node in each column.
    const grid = (await (await fetch(`${base}/api/grid`)).json()) as { rows?: { name?: string[] } };
    const names = grid.rows?.name ?? [];
    const expected = cluster.nodeNames();
    if (expected.some((n) => !names.includes(n))) fail(`/api/grid lists ${names.length} nodes, not the demo's ${expected.length}`);
    const scraper = await control(cluster, '/tokens', { role: 'scraper' });
    const metrics = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${scraper.token}` } });
    if (metrics.status !== 200 || !(await metrics.text()).includes('cni_health_node_verdict')) fail(`/api/metrics with Prometheus's token answered ${metrics.status}`);
    console.log(`dashboard image: /api/healthz 200, the grid with all ${names.length} nodes, /api/metrics 200 for Prometheus's token, as uid ${expectUid(started, '65532', 'the dashboard')}`);
  } catch (e) {
    console.error(started.output());
    throw e;
  } finally {
    await started.stop();
  }
}

/** The effective uid of the image's process: the child `unshare --fork` started (it exec'd the entrypoint). */
function uidOf(started: Started): string {
  const child = imageProcess(started.process) ?? fail('the image\'s process is gone');
  const status = readFileSync(`/proc/${child}/status`, 'utf8');
  if (!status.includes('Name:\tnode')) fail(`pid ${child} is not the image's node process`);
  return /Uid:\s+\d+\s+(\d+)/.exec(status)?.[1] ?? fail('no Uid line');
}

function expectUid(started: Started, want: string, what: string): string {
  const uid = uidOf(started);
  if (uid !== want) fail(`${what} runs as uid ${uid}, not the image's user ${want}`);
  return uid;
}

async function checkAgent(cluster: DemoCluster, image: string): Promise<void> {
  const node = cluster.nodeNames()[0] ?? fail('the demo cluster has no node');
  const agentToken = await control(cluster, '/tokens', { role: 'agent', node });
  const fixtures = mkdtempSync(join(tmpdir(), 'cni-health-image-agent-'));
  mkdirSync(join(fixtures, 'net.d'));
  mkdirSync(join(fixtures, 'bin'));
  writeFileSync(join(fixtures, 'net.d', FIXTURE_FILE), JSON.stringify({ cniVersion: '1.0.0', name: 'image-test', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.88.0.0/16' } }] }));
  writeFileSync(join(fixtures, 'bin', 'bridge'), '');
  const started = startImage({
    image,
    env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(cluster.port), NODE_NAME: node, POD_NAMESPACE: 'cni-health', AGENT_HEALTH_PORT: '0' },
    files: serviceAccount(agentToken.token, demoCa(cluster)),
    binds: { [join(fixtures, 'net.d')]: '/host/etc/cni/net.d', [join(fixtures, 'bin')]: '/host/opt/cni/bin' },
  });
  try {
    await started.waitForLine(/running: snapshot/, 120_000);
    const cm = (await demoCall(cluster, 'GET', `/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${node}`)).json as { data?: Record<string, string> };
    const snapshot = JSON.parse(cm.data?.[SNAPSHOT_DATA_KEY] ?? '{}') as { node?: string; files?: Array<{ name: string }> };
    if (snapshot.node !== node || !snapshot.files?.some((f) => f.name === FIXTURE_FILE)) fail(`cni-snapshot-${node} does not hold the fixture ${FIXTURE_FILE}: ${JSON.stringify(snapshot).slice(0, 400)}`);
    console.log(`agent image: published cni-snapshot-${node} with ${FIXTURE_FILE}, as uid ${expectUid(started, '0', 'the agent')}`);
  } catch (e) {
    console.error(started.output());
    throw e;
  } finally {
    await started.stop();
    rmSync(fixtures, { recursive: true, force: true });
  }
}

const AGENT_IMAGE = 'localhost/cni-health-agent:test';
const DASHBOARD_IMAGE = 'localhost/cni-health-dashboard:test';
const total = Date.now();
// `--start-only`: start the images the last run built (for working on the checks); CI always builds.
if (!process.argv.includes('--start-only')) {
  const bases = ensureBases();
  console.log(`bases ready in ${((Date.now() - total) / 1000).toFixed(0)} s: ${bases.build}, ${bases.runtime}`);
  const built: Built[] = [
    buildImage({ context: ROOT, dockerfile: join(ROOT, 'agent/Dockerfile'), image: AGENT_IMAGE, buildImage: bases.build, runtimeImage: bases.runtime }),
    buildImage({ context: ROOT, dockerfile: join(ROOT, 'Dockerfile'), image: DASHBOARD_IMAGE, buildImage: bases.build, runtimeImage: bases.runtime }),
  ];
  for (const b of built) console.log(`built ${b.image} in ${b.seconds.toFixed(0)} s, ${mib(b.bytes)}`);
}

const stateDir = mkdtempSync(join(tmpdir(), 'cni-health-image-demo-'));
const cluster = await startDemoCluster({ stateDir, rbacWarmupMs: 0 });
try {
  if (!process.argv.includes('--agent-only')) await checkDashboard(cluster, DASHBOARD_IMAGE);
  await checkAgent(cluster, AGENT_IMAGE);
} finally {
  await cluster.dispose();
  rmSync(stateDir, { recursive: true, force: true });
}
console.log(`images built and started in ${((Date.now() - total) / 1000).toFixed(0)} s`);

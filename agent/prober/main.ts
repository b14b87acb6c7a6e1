/**
 * `npm run prober` (in a pod of the cni-health-prober DaemonSet): the node's
 * data-plane prober. Env: NODE_NAME and POD_IP (downward API), NAMESPACE
 * (default cni-health), PROBE_PEERS (4), PROBE_INTERVAL_SECONDS (30),
 * PROBE_HEARTBEAT_SECONDS (600), PROBE_PORT (9809). docs/data-plane.md.
 *
 * It watches only the prober pods of its namespace (they change when a node
 * joins, leaves or restarts its prober: rare), reads the zones of a few
 * nodes once, and writes its report ConfigMap on change: no API load per
 * round. It also watches the one ConfigMap naming the probe mesh
 * (lib/probes/mesh-set.ts), by name, which its RBAC narrows to that name.
 */
import { CoreV1Api, ListWatch, makeInformer, Watch, type V1ConfigMap, type V1Pod } from '@kubernetes/client-node';
import { MESH_CONFIGMAP, MESH_DATA_KEY, parseMeshText } from '@/lib/probes/mesh-set';
import { Counter, Histogram, Registry } from 'prom-client';
import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_INTERVAL_SECONDS, DEFAULT_PEERS, PROBE_DATA_KEY, PROBE_LABEL, PROBE_LABEL_VALUE, PROBER_APP, PROBER_PORT, probeConfigMapName } from '@/lib/probes/names';
import { MAX_REPORT_BYTES, parseReport } from '@/lib/probes/report';
import { loadKubeConfig } from '../kube';
import { errorLine, sha256Hex, SnapshotPublisher } from '../publish';
import { dnsLookup, httpPing, measure, tcpConnect } from './checks';
import { Prober, type Member } from './prober';
import { startProbeServer } from './server';

function int(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const node = env.NODE_NAME;
  if (!node) throw new Error('NODE_NAME is not set (the DaemonSet sets it from spec.nodeName)');
  const namespace = env.NAMESPACE || 'cni-health';
  const port = int(env.PROBE_PORT, PROBER_PORT, 1, 65535, 'PROBE_PORT');
  const say = (msg: string): void => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), component: PROBER_APP, node, msg })}\n`);
  };
  const kube = loadKubeConfig(env);
  if (!kube.ok) throw new Error(kube.error);
  const core = kube.kc.makeApiClient(CoreV1Api);
  const self = await core.readNode({ name: node });
  const zones = new Map<string, string | undefined>([[node, self.metadata?.labels?.['topology.kubernetes.io/zone']]]);

  const selector = `app.kubernetes.io/name=${PROBER_APP}`;
  const pods = makeInformer<V1Pod>(kube.kc, `/api/v1/namespaces/${namespace}/pods`, () => core.listNamespacedPod({ namespace, labelSelector: selector }), selector);
  pods.on('error', (e: unknown) => {
    say(`prober pod watch failed, restarting in 5 s: ${errorLine(e)}`);
    setTimeout(() => void pods.start(), 5_000).unref();
  });
  await pods.start();

  // list/watch narrowed to one object by a metadata.name field selector: kube-apiserver authorises it
  // against resourceNames (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources;
  // staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go reads the name from that selector).
  const meshField = `metadata.name=${MESH_CONFIGMAP}`;
  const mesh = new ListWatch<V1ConfigMap>(`/api/v1/namespaces/${namespace}/configmaps`, new Watch(kube.kc),
    () => core.listNamespacedConfigMap({ namespace, fieldSelector: meshField }), false, undefined, meshField);
  let meshError = '';
  const meshSet = (): readonly string[] => {
    const parsed = parseMeshText(mesh.get(MESH_CONFIGMAP, namespace)?.data?.[MESH_DATA_KEY]);
    const error = parsed.ok ? '' : parsed.error;
    if (error !== meshError) say(error ? `probe mesh ignored: ${error}` : 'probe mesh readable again');
    meshError = error;
    return parsed.ok ? parsed.nodes : [];
  };
  mesh.on('error', (e: unknown) => {
    say(`probe mesh watch failed, restarting in 5 s: ${errorLine(e)}`);
    setTimeout(() => void mesh.start(), 5_000).unref();
  });
  await mesh.start().catch((e: unknown) => say(`probe mesh not readable, probing the ring only: ${errorLine(e)}`));

  // Per check kind, never per peer: the series stay O(nodes) across the fleet (Prometheus adds the pod and node).
  const registry = new Registry();
  const checks = new Counter({ name: 'cni_health_prober_checks_total', help: 'Checks run by this node\'s prober, by kind and result.', labelNames: ['check', 'result'], registers: [registry] });
  const latency = new Histogram({ name: 'cni_health_prober_check_seconds', help: 'Median round-trip of a check\'s answered attempts.', labelNames: ['check'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2], registers: [registry] });
  const publisher = new SnapshotPublisher({
    core, namespace, node, ownerUid: self.metadata?.uid,
    document: { name: (n) => probeConfigMapName(n, sha256Hex), dataKey: PROBE_DATA_KEY, label: [PROBE_LABEL, PROBE_LABEL_VALUE], manager: PROBER_APP, maxBytes: MAX_REPORT_BYTES },
  });
  const serviceHost = env.KUBERNETES_SERVICE_HOST ?? 'kubernetes.default.svc';
  const servicePort = int(env.KUBERNETES_SERVICE_PORT, 443, 1, 65535, 'KUBERNETES_SERVICE_PORT');
  const intervalSeconds = int(env.PROBE_INTERVAL_SECONDS, DEFAULT_INTERVAL_SECONDS, 5, 3600, 'PROBE_INTERVAL_SECONDS');
  const prober = new Prober(
    { node, podIP: env.POD_IP, peers: int(env.PROBE_PEERS, DEFAULT_PEERS, 1, 16, 'PROBE_PEERS'), intervalSeconds, heartbeatSeconds: int(env.PROBE_HEARTBEAT_SECONDS, DEFAULT_HEARTBEAT_SECONDS, 60, 86_400, 'PROBE_HEARTBEAT_SECONDS') },
    {
      members: () => pods.list().flatMap((p): Member[] => (p.spec?.nodeName && p.status?.podIP && p.status.phase === 'Running' && !p.metadata?.deletionTimestamp ? [{ name: p.spec.nodeName, podIP: p.status.podIP }] : [])),
      meshSet,
      zoneOf: async (name) => {
        if (!zones.has(name)) {
          const n = await core.readNode({ name }).catch(() => undefined);
          zones.set(name, n?.metadata?.labels?.['topology.kubernetes.io/zone']);
        }
        return zones.get(name);
      },
      peer: (ip) => measure(httpPing(ip, port)),
      dns: () => measure(dnsLookup('kubernetes.default')),
      service: () => measure(tcpConnect(serviceHost, servicePort)),
      publish: (r) => publisher.publish(r),
      now: Date.now,
      observe: (check, o) => {
        checks.inc({ check, result: o.ok ? 'ok' : 'failed' });
        if (o.latencyMs !== undefined) latency.observe({ check }, o.latencyMs / 1000);
      },
    },
  );

  // Its own last report, read back (get is in its Role): each check's history outlives a prober restart.
  try {
    const previous = parseReport((await publisher.read())?.data?.[PROBE_DATA_KEY] ?? '');
    if (previous.ok) prober.resume(previous.report);
  } catch (e) {
    say(`could not read the last report, starting a new history: ${errorLine(e)}`);
  }
  const server = await startProbeServer(port, '0.0.0.0', async () => ({ body: await registry.metrics(), contentType: registry.contentType }));
  say(`probing: port ${port}, every ${intervalSeconds} s, report ${namespace}/${publisher.name}`);
  let timer: NodeJS.Timeout | undefined;
  const loop = async (): Promise<void> => {
    try {
      const { report, published } = await prober.round();
      if (published) say(`published: ${report.peers.filter((p) => !p.ok).length} of ${report.peers.length} peers and ${(report.mesh ?? []).filter((p) => !p.ok).length} of ${(report.mesh ?? []).length} mesh members failing, dns ${report.dns.ok ? 'ok' : 'failing'}, service ${report.kubernetesService.ok ? 'ok' : 'failing'}`);
    } catch (e) {
      say(`round failed: ${errorLine(e)}`);
    }
    timer = setTimeout(() => void loop(), intervalSeconds * 1000);
  };
  void loop();
  const stop = (signal: string): void => {
    say(`${signal}: stopping`);
    clearTimeout(timer);
    server.close();
    void Promise.all([pods.stop(), mesh.stop()]).finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${PROBER_APP}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

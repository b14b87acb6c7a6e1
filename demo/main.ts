/**
 * `npm run demo:cluster -- [--port N] [--host 127.0.0.1] [--scenario NAME] [--state-dir DIR] [--rbac-warmup-ms N] [--event-ttl-seconds N]`
 *
 * Starts the demo cluster and prints, as its first line on stdout,
 * `DEMO_READY {"url":...,"controlUrl":...,"kubeconfigPath":...,"demoModeKubeconfigPath":...,"pid":...,"scenario":...}`
 * (state.json without the token) for the process that spawned it; human
 * lines follow. SIGINT/SIGTERM dispose the cluster and exit 0.
 */
import { parseArgs } from 'node:util';
import { startDemoCluster } from './cluster';
import { parseScaleOptions } from './scale/options';

const USAGE = 'usage: npm run demo:cluster -- [--port N] [--host 127.0.0.1] [--scenario multus-boot-race|corpus] [--state-dir DIR] [--rbac-warmup-ms N] [--event-ttl-seconds N] [--progress-notify-seconds N] [--nodes N --pods N --events N --event-rate N]';

function nonNegative(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag}: not a non-negative number: ${v}`);
  return n;
}

// The launcher reads our stdout; when it is gone, a log line must not crash the shutdown.
process.stdout.on('error', () => undefined);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      'state-dir': { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      events: { type: 'string' },
      'event-rate': { type: 'string' },
      'rbac-warmup-ms': { type: 'string' },
      'event-ttl-seconds': { type: 'string' },
      'progress-notify-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port: not a port number: ${values.port}`);

  const scale = parseScaleOptions(values);
  const started = Date.now();
  const rbacWarmupMs = nonNegative('rbac-warmup-ms', values['rbac-warmup-ms']);
  const ttlSeconds = nonNegative('event-ttl-seconds', values['event-ttl-seconds']);
  const progressSeconds = nonNegative('progress-notify-seconds', values['progress-notify-seconds']);
  const cluster = await startDemoCluster({
    port, host: values.host, scenario: values.scenario, stateDir: values['state-dir'], scale,
    ...(rbacWarmupMs !== undefined ? { rbacWarmupMs } : {}), ...(ttlSeconds !== undefined ? { eventTtlMs: ttlSeconds * 1000 } : {}),
    // etcd's --experimental-watch-progress-notify-interval: 600 s by default, 5 s on kubeadm clusters; 0 for none.
    ...(progressSeconds !== undefined ? { progressNotifyMs: progressSeconds * 1000 } : {}),
  });
  const scenario = values.scenario ?? 'multus-boot-race';
  const ready = { url: cluster.url, controlUrl: cluster.controlUrl, kubeconfigPath: cluster.kubeconfigPath, demoModeKubeconfigPath: cluster.demoModeKubeconfigPath, pid: process.pid, scenario };
  process.stdout.write(`DEMO_READY ${JSON.stringify(ready)}\n`);
  const size = scale ? `${scale.nodes} nodes, ${scale.pods} pods, ${scale.events} events, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s` : `${cluster.nodeNames().length} nodes`;
  console.log(`cni-health demo cluster "${scenario}" listening on ${cluster.url} (${size})`);
  console.log(`  kubectl --kubeconfig ${cluster.kubeconfigPath} get nodes`);
  console.log('  npm run demo:ctl -- status | reboot-with-race <node> | heal <node>');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the demo cluster`);
    cluster.dispose().then(() => process.exit(0), (e: unknown) => {
      console.error('demo cluster: dispose failed', e);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`demo cluster: ${e instanceof Error ? e.message : String(e)}`);
  console.error(USAGE);
  process.exit(1);
});

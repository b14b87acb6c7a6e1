/**
 * `npm run demo`: the demo cluster plus the dashboard pointed at it.
 *   --port N          dashboard port (default 3000)
 *   --prod            serve the production build (run `npm run build` first)
 *   --scenario NAME   demo scenario (default multus-boot-race)
 *   --nodes N --pods N --events N [--event-rate N]
 *                     scale mode: the scenario inside a fleet of N nodes (docs/performance.md)
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard, startDemoProcess, superviseChildren } from './launch';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    prod: { type: 'boolean', default: false },
    scenario: { type: 'string', default: 'multus-boot-race' },
    'state-dir': { type: 'string' },
    nodes: { type: 'string' },
    pods: { type: 'string' },
    events: { type: 'string' },
    'event-rate': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a TCP port number, got ${values.port}`);
  process.exit(2);
}

const demoArgs = ['--scenario', values.scenario];
if (values['state-dir']) demoArgs.push('--state-dir', resolve(values['state-dir']));
for (const flag of ['nodes', 'pods', 'events', 'event-rate'] as const) {
  const v = values[flag];
  if (v !== undefined) demoArgs.push(`--${flag}`, v);
}
// 150,000 realistic pods do not fit Node's default heap; the dashboard itself stays within its own.
const scaled = values.nodes !== undefined || values.pods !== undefined;
const { child: cluster, ready } = await startDemoProcess(demoArgs, scaled ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() } : {});
// The cache reads with the dashboard's least-privilege service account, as an install does;
// what a person does runs as the admin or viewer they pick (lib/k8s/user.ts).
const dashboard = startDashboard(values.prod ? 'prod' : 'dev', port, {
  KUBECONFIG: ready.demoModeKubeconfigPath,
  CNI_HEALTH_MODE: 'demo',
  CNI_HEALTH_NAMESPACE: 'cni-health',
});
superviseChildren([cluster, dashboard]);

console.log(`
  cni-health demo
  ───────────────
  Dashboard:        http://localhost:${port}
  Demo cluster:     ${ready.url}  (scenario ${ready.scenario})
  Kubeconfig:       ${ready.kubeconfigPath}
    try:            kubectl --kubeconfig ${ready.kubeconfigPath} get nodes,pods,events,ds,cm -A
  Break a node:     npm run demo:ctl -- reboot-with-race <node>
  Heal it:          npm run demo:ctl -- heal <node>
  Stop:             Ctrl+C
`);

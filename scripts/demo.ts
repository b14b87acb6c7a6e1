/**
 * `npm run demo`: the demo cluster plus the dashboard pointed at it.
 *   --port N          dashboard port (default 3000)
 *   --dev             development mode (hot reload) for contributors; the default
 *                     is the production build, built once if there is none yet
 *   --scenario NAME   demo scenario (default multus-boot-race)
 *   --nodes N --pods N --events N [--event-rate N]
 *                     scale mode: the scenario inside a fleet of N nodes (docs/performance.md)
 *   --help            this text
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureProductionBuild, startDashboard, startDemoProcess, superviseChildren } from './launch';
import { checkPort, portTakenMessage } from './port';

const USAGE = `usage: npm run demo -- [--port N] [--dev] [--scenario NAME] [--state-dir DIR]
                     [--nodes N --pods N --events N [--event-rate N]]
  --port N        dashboard port (default 3000, or $PORT)
  --dev           development mode with hot reload (contributors); default: the production build
  --scenario      demo scenario (default multus-boot-race; docs/demo-cluster.md lists them)
  --nodes/--pods/--events   the scenario inside a fleet of that size (docs/performance.md)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      dev: { type: 'boolean', default: false },
      // Kept so older command lines work: production is the default now.
      prod: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      scenario: { type: 'string', default: 'multus-boot-race' },
      'state-dir': { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      events: { type: 'string' },
      'event-rate': { type: 'string' },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a TCP port number, got ${values.port}`);
  process.exit(2);
}
// Before anything starts: a taken port must not get its owner's URL printed as ours (issue 14.5).
const check = await checkPort(port);
if (!check.free) {
  console.error(portTakenMessage(port, check, (p) => `npm run demo -- --port ${p}`));
  process.exit(1);
}
const mode = values.dev ? 'dev' : 'prod';
if (mode === 'prod') ensureProductionBuild();

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
const dashboard = startDashboard(mode, port, {
  KUBECONFIG: ready.demoModeKubeconfigPath,
  CNI_HEALTH_MODE: 'demo',
  CNI_HEALTH_NAMESPACE: 'cni-health',
}, { onListening: printBanner });
superviseChildren([cluster, dashboard]);

// Only once the dashboard holds the port: the URL printed is ours.
function printBanner(): void {
  console.log(`
  cni-health demo${mode === 'dev' ? ' (development mode)' : ''}
  ───────────────
  Dashboard:        http://localhost:${port}
  Demo cluster:     ${ready.url}  (scenario ${ready.scenario})
  Kubeconfig:       ${ready.kubeconfigPath}
    try:            kubectl --kubeconfig ${ready.kubeconfigPath} get nodes,pods,events,ds,cm -A
  Break a node:     npm run demo:ctl -- reboot-with-race <node>
  Heal it:          npm run demo:ctl -- heal <node>
  Stop:             Ctrl+C
`);
}

/**
 * `npm start`: the dashboard against a real cluster (KUBECONFIG,
 * ~/.kube/config, or the in-cluster service account). Refuses to start
 * without one rather than show anything that is not that cluster.
 */
import { resolveClusterConfig } from '../lib/k8s/config';
import { ensureProductionBuild, startDashboard, superviseChildren } from './launch';
import { checkPort, portTakenMessage } from './port';

const config = resolveClusterConfig(process.env);
if (!config.ok) {
  console.error(`\ncni-health: ${config.reason}\n`);
  process.exit(1);
}
if (process.env.CNI_HEALTH_MODE === 'demo') {
  console.error('cni-health: CNI_HEALTH_MODE=demo is for `npm run demo` only.');
  process.exit(1);
}
console.log(`cni-health: cluster ${config.cluster.name} (${config.cluster.server}) via ${config.source}`);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.CNI_HEALTH_HOST || '127.0.0.1';
if (Number.isInteger(port) && port > 0 && port < 65536) {
  const check = await checkPort(port, [host]);
  if (!check.free) {
    console.error(portTakenMessage(port, check, (p) => `PORT=${p} npm start`));
    process.exit(1);
  }
}
ensureProductionBuild();
// Loopback unless told otherwise; server/main.ts refuses other addresses without a sign-in mode (docs/security.md).
superviseChildren([startDashboard('prod', port, {}, { host, onListening: () => console.log(`cni-health: http://localhost:${port}`) })]);

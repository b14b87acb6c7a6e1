/**
 * `npm start`: the dashboard against a real cluster (KUBECONFIG,
 * ~/.kube/config, or the in-cluster service account). Refuses to start
 * without one rather than show anything that is not that cluster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveClusterConfig } from '../lib/k8s/config';
import { ROOT, startDashboard, superviseChildren } from './launch';

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

if (!existsSync(`${ROOT}.next/BUILD_ID`)) {
  console.log('cni-health: no production build yet, building (one time)…');
  const build = spawnSync(`${ROOT}node_modules/.bin/next`, ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise; server/main.ts refuses other addresses without a sign-in mode (docs/security.md).
superviseChildren([startDashboard('prod', port, {}, { host: process.env.CNI_HEALTH_HOST || '127.0.0.1' })]);
console.log(`cni-health: http://localhost:${port}`);

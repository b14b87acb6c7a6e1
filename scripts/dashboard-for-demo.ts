/**
 * A second dashboard against a demo cluster that is already running (its
 * state directory), signed in the way a real cluster would be: token or
 * proxy mode, with the demo's dashboard identity (reads, impersonates) as
 * its own credentials. The e2e suite uses it; so can you, to try sign-in:
 *   tsx scripts/dashboard-for-demo.ts --state-dir .demo --port 3301 --auth token [--prod]
 *   tsx scripts/dashboard-for-demo.ts --state-dir .demo --port 3302 --auth proxy --proxy-addresses 127.0.0.1
 */
import { existsSync, mkdirSync, readFileSync, watch } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard, superviseChildren } from './launch';

const { values } = parseArgs({
  options: {
    'state-dir': { type: 'string', default: '.demo' },
    port: { type: 'string', default: '3301' },
    auth: { type: 'string', default: 'token' },
    'proxy-addresses': { type: 'string' },
    prod: { type: 'boolean', default: false },
  },
});
const stateDir = resolve(values['state-dir']);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Started beside the demo cluster (as Playwright starts its web servers):
// wait for it to be up, woken by its state files being written.
function demoUp(): boolean {
  const statePath = `${stateDir}/state.json`;
  if (!existsSync(statePath) || !existsSync(`${stateDir}/kubeconfig-dashboard`)) return false;
  try {
    return alive((JSON.parse(readFileSync(statePath, 'utf8')) as { pid: number }).pid);
  } catch {
    return false; // caught mid-write; the write's own event comes next
  }
}

if (!demoUp()) {
  mkdirSync(stateDir, { recursive: true });
  await new Promise<void>((done) => {
    const watcher = watch(stateDir, () => {
      if (!demoUp()) return;
      clearTimeout(giveUp);
      watcher.close();
      done();
    });
    const giveUp = setTimeout(() => {
      console.error(`no running demo cluster in ${stateDir}`);
      process.exit(1);
    }, 120_000);
    // Written between the first look and the watch starting.
    if (demoUp()) watcher.emit('change');
  });
}

const env: Record<string, string> = {
  KUBECONFIG: `${stateDir}/kubeconfig-dashboard`,
  CNI_HEALTH_AUTH: values.auth,
  CNI_HEALTH_NAMESPACE: 'cni-health',
  CNI_HEALTH_MODE: '',
  // The names it is reached at here; a real install names its public origin.
  CNI_HEALTH_HOSTS: `http://localhost:${values.port},http://127.0.0.1:${values.port}`,
};
if (values['proxy-addresses']) env.CNI_HEALTH_PROXY_ADDRESSES = values['proxy-addresses'];
superviseChildren([startDashboard(values.prod ? 'prod' : 'dev', Number(values.port), env)]);

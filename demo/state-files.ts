/**
 * The files through which other processes find a running demo cluster:
 * `<stateDir>/kubeconfig` (for kubectl and @kubernetes/client-node) and
 * `<stateDir>/state.json` (for `npm run demo:ctl` and scripts). Both hold the
 * bearer token, so both are written 0600, atomically.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTEXT_NAME = 'cni-health-demo';
export const VIEWER_CONTEXT_NAME = 'cni-health-demo-viewer';
export const DASHBOARD_CONTEXT_NAME = 'cni-health-demo-dashboard';

export interface DemoState {
  url: string;
  token: string;
  viewerToken: string;
  /** The dashboard's service-account-like identity: reads and impersonates (token and proxy mode try-outs). */
  dashboardToken?: string;
  controlUrl: string;
  kubeconfigPath: string;
  pid: number;
  scenario: string;
}

export function defaultStateDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '.demo');
}

export const kubeconfigPathIn = (stateDir: string): string => join(stateDir, 'kubeconfig');
export const statePathIn = (stateDir: string): string => join(stateDir, 'state.json');
/** The same cluster with the dashboard identity as the current context, for a dashboard in token or proxy mode. */
export const dashboardKubeconfigPathIn = (stateDir: string): string => join(stateDir, 'kubeconfig-dashboard');
/**
 * For a demo-mode dashboard: its cache reads as the service account (as an
 * install does), and the person picks admin or viewer for what they do.
 */
export const demoModeKubeconfigPathIn = (stateDir: string): string => join(stateDir, 'kubeconfig-demo-dashboard');

interface KubeconfigUser { name: string; token: string; namespace: string }

function yamlFor(httpsUrl: string, caPem: string, users: KubeconfigUser[]): string {
  // JSON-quoted scalars are valid YAML and need no escaping rules of their own.
  const q = JSON.stringify;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CONTEXT_NAME}`,
    '  cluster:',
    `    server: ${q(httpsUrl)}`,
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    'contexts:',
    ...users.flatMap((u) => [`- name: ${u.name}`, '  context:', `    cluster: ${CONTEXT_NAME}`, `    user: ${u.name}`, `    namespace: ${u.namespace}`]),
    `current-context: ${users[0]!.name}`,
    'users:',
    ...users.flatMap((u) => [`- name: ${u.name}`, '  user:', `    token: ${q(u.token)}`]),
    'preferences: {}',
    '',
  ].join('\n');
}

/**
 * The kubeconfig points at the HTTPS side of the port (kubectl sends tokens
 * over TLS only) and trusts the cluster's self-signed certificate.
 */
export function kubeconfigYaml(httpsUrl: string, token: string, caPem: string, viewerToken: string): string {
  return yamlFor(httpsUrl, caPem, [
    { name: CONTEXT_NAME, token, namespace: 'default' },
    { name: VIEWER_CONTEXT_NAME, token: viewerToken, namespace: 'default' },
  ]);
}

/** Only the dashboard's own identity (reads, impersonates): what a dashboard in token or proxy mode runs with. */
export function dashboardKubeconfigYaml(httpsUrl: string, caPem: string, dashboardToken: string): string {
  return yamlFor(httpsUrl, caPem, [{ name: DASHBOARD_CONTEXT_NAME, token: dashboardToken, namespace: 'cni-health' }]);
}

/** The dashboard identity current, then the people a demo-mode user can be (lib/k8s/user.ts picks them by context name). */
export function demoModeKubeconfigYaml(httpsUrl: string, caPem: string, tokens: { dashboard: string; admin: string; viewer: string }): string {
  return yamlFor(httpsUrl, caPem, [
    { name: DASHBOARD_CONTEXT_NAME, token: tokens.dashboard, namespace: 'cni-health' },
    { name: CONTEXT_NAME, token: tokens.admin, namespace: 'default' },
    { name: VIEWER_CONTEXT_NAME, token: tokens.viewer, namespace: 'default' },
  ]);
}

async function writePrivate(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export async function writeStateFiles(stateDir: string, state: DemoState, tls: { httpsUrl: string; caPem: string }): Promise<void> {
  await writePrivate(state.kubeconfigPath, kubeconfigYaml(tls.httpsUrl, state.token, tls.caPem, state.viewerToken));
  if (state.dashboardToken) {
    await writePrivate(dashboardKubeconfigPathIn(stateDir), dashboardKubeconfigYaml(tls.httpsUrl, tls.caPem, state.dashboardToken));
    const tokens = { dashboard: state.dashboardToken, admin: state.token, viewer: state.viewerToken };
    await writePrivate(demoModeKubeconfigPathIn(stateDir), demoModeKubeconfigYaml(tls.httpsUrl, tls.caPem, tokens));
  }
  await writePrivate(statePathIn(stateDir), `${JSON.stringify(state, null, 2)}\n`);
}

export async function readState(stateDir: string): Promise<DemoState | undefined> {
  try {
    return JSON.parse(await readFile(statePathIn(stateDir), 'utf8')) as DemoState;
  } catch {
    return undefined;
  }
}

/** Removes state.json if it still describes the cluster at `url` (a newer one may have replaced it). */
export async function removeStateIfOwned(stateDir: string, url: string): Promise<void> {
  const current = await readState(stateDir);
  if (current?.url === url) await rm(statePathIn(stateDir), { force: true });
}

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

export interface DemoState {
  url: string;
  token: string;
  viewerToken: string;
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

/**
 * The kubeconfig points at the HTTPS side of the port (kubectl sends tokens
 * over TLS only) and trusts the cluster's self-signed certificate.
 */
export function kubeconfigYaml(httpsUrl: string, token: string, caPem: string, viewerToken: string): string {
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
    `- name: ${CONTEXT_NAME}`,
    '  context:',
    `    cluster: ${CONTEXT_NAME}`,
    `    user: ${CONTEXT_NAME}`,
    '    namespace: default',
    `- name: ${VIEWER_CONTEXT_NAME}`,
    '  context:',
    `    cluster: ${CONTEXT_NAME}`,
    `    user: ${VIEWER_CONTEXT_NAME}`,
    '    namespace: default',
    `current-context: ${CONTEXT_NAME}`,
    'users:',
    `- name: ${CONTEXT_NAME}`,
    '  user:',
    `    token: ${q(token)}`,
    `- name: ${VIEWER_CONTEXT_NAME}`,
    '  user:',
    `    token: ${q(viewerToken)}`,
    'preferences: {}',
    '',
  ].join('\n');
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

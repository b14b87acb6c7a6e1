import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './test-support';

const run = promisify(execFile);

function findOnPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterAll(async () => {
  await c.cleanup();
});

async function kubectl(...args: string[]): Promise<string> {
  const bin = findOnPath('kubectl');
  if (!bin) throw new Error('kubectl is not on PATH: run `npx tsx scripts/ensure-tools.ts` (it installs Debian\'s kubernetes-client) and try again');
  const { stdout } = await run(bin, ['--kubeconfig', c.kubeconfigPath, '--cache-dir', join(c.stateDir, 'kube-cache'), ...args], { timeout: 45_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

describe('kubectl against the demo cluster', () => {
  it('gets nodes, pods, events, daemonsets and configmaps in all namespaces', { timeout: 60_000 }, async () => {
    const out = await kubectl('get', 'nodes,pods,events,ds,cm', '-A');
    for (const node of c.nodeNames()) {
      expect(out).toContain(`node/${node}`);
      expect(out).toContain(`configmap/cni-snapshot-${node}`);
    }
    expect(out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(out).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    expect(out).toMatch(/daemonset\.apps\/kube-multus-ds\s+12\s+12\s+12/);
    expect(out).toMatch(/ip-10-0-44-117\.eu-west-1\.compute\.internal\s+NotReady/);
    expect(out).toContain('ContainerCreating');
    expect(out).toContain('FailedCreatePodSandBox');
  });

  it('prints pods as JSON with -o json', { timeout: 60_000 }, async () => {
    const list = JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json')) as { kind: string; items: { kind: string; metadata: { name: string } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.length).toBeGreaterThan(90);
    expect(list.items.every((p) => p.kind === 'Pod')).toBe(true);
  });
});

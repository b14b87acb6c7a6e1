/**
 * The agent as the DaemonSet runs it: a process with NODE_NAME in its
 * environment, a kubeconfig (here the demo cluster's), health endpoints,
 * and SIGTERM ending it cleanly with exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster, type WatchStream } from '../demo/test-support';
import { freshNode, PRIMARY, snapshotWhen, tempNodeDirs, type Fixture } from './test-support';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let c: TestCluster;
let d: Fixture;
const streams: WatchStream[] = [];
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
  d = await tempNodeDirs({ '10-aws.conflist': PRIMARY });
});
afterAll(async () => {
  streams.forEach((s) => s.close());
  await c.cleanup();
  await d.cleanup();
});

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

/** Resolves with the first log line whose message matches. */
function logLine(child: ChildProcess, match: RegExp, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      const msg = (JSON.parse(line) as { msg: string }).msg;
      if (match.test(msg)) resolve(msg);
    });
    child.once('exit', (code) => reject(new Error(`agent exited with ${code} before logging ${match}: ${lines.join('\n')}`)));
  });
}

describe('npm run agent', () => {
  it('publishes, reports ready on /readyz, and exits 0 on SIGTERM', async () => {
    const node = freshNode();
    const port = await freePort();
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['agent/main.ts', '--conf-dir', d.confDir, '--bin-dir', d.binDir, '--health-port', String(port), '--health-host', '127.0.0.1'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KUBECONFIG: c.kubeconfigPath, NODE_NAME: node, POD_NAMESPACE: 'cni-health' },
    });
    const lines: string[] = [];
    try {
      await logLine(child, /^running: snapshot cni-health\/cni-snapshot-/, lines);
      const { doc } = await snapshotWhen(c, node, streams, () => true);
      expect(doc.files.map((f) => f.name)).toEqual(['10-aws.conflist']);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, node, revision: 1, repair: { enabled: false } });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
      // 'close', not 'exit': it comes after stdout is drained, so the last log line is in.
      const exited = once(child, 'close');
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

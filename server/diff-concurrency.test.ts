import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DiffView } from '@/lib/api/diff';
import { getClusterCache } from '@/lib/k8s/cache';
import { installFastRoute } from '@/lib/server/fast-routes';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { diffAnswer } from '@/lib/views/diff-response';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressionLayer } from './compress';
import { fastRouteLayer } from './fast';
import { compose } from './pipeline';

/*
 * Hundreds of distinct diffs asked at once, through the server's own
 * compression and fast-path layers against the demo cluster: every answer
 * must be the diff its request named. Diffs computed in the same millisecond
 * once shared a time-based ETag, and the compression cache, keyed by it,
 * handed one pair's bytes to another.
 */

let demo: DemoCluster;
let server: Server;
let port: number;

function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

function decode(r: { headers: IncomingHttpHeaders; body: Buffer }): DiffView {
  const enc = r.headers['content-encoding'];
  const raw = enc === 'br' ? brotliDecompressSync(r.body) : enc === 'gzip' ? gunzipSync(r.body) : r.body;
  return JSON.parse(raw.toString('utf8')) as DiffView;
}

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-diffs-')), tickMs: 3_600_000 });
  process.env.KUBECONFIG = demo.kubeconfigPath;
  process.env.CNI_HEALTH_MODE = 'demo';
  const handle = getClusterCache();
  if (!handle.ok) throw new Error(handle.reason);
  await vi.waitFor(() => expect(handle.cache.sync().every((s) => s.synced)).toBe(true), { timeout: 10_000, interval: 20 });
  installFastRoute('/api/diff', diffAnswer);
  const handler = compose([compressionLayer(), fastRouteLayer()], (_req, res) => {
    res.writeHead(599).end();
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.close();
  const handle = getClusterCache();
  if (handle.ok) await handle.cache.stop();
  await demo?.dispose();
});

function pairs(): Array<{ target: string; base: string; ignore: boolean }> {
  const handle = getClusterCache();
  if (!handle.ok) throw new Error(handle.reason);
  const names = handle.cache.state().nodes.map((n) => n.name);
  const out: Array<{ target: string; base: string; ignore: boolean }> = [];
  for (const target of names) for (const base of names) if (target !== base) for (const ignore of [true, false]) out.push({ target, base, ignore });
  return out;
}

describe('concurrent distinct diffs through the server pipeline', () => {
  for (const encoding of ['gzip', 'br', undefined]) {
    it(`answers each request with its own pair (${encoding ?? 'uncompressed'})`, async () => {
      const wanted = pairs();
      expect(wanted.length).toBeGreaterThanOrEqual(200);
      // A fast server computes many diffs within one millisecond; a frozen clock makes that certain here.
      const frozen = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
      const answers = await Promise.all(wanted.map((p) => {
        const q = new URLSearchParams({ target: p.target, base: p.base, ...(p.ignore ? {} : { ignore: '0' }) });
        return get(`/api/diff?${q}`, encoding ? { 'accept-encoding': encoding } : {});
      })).finally(() => frozen.mockRestore());
      const wrong = answers.map((a, i) => {
        expect(a.status).toBe(200);
        const view = decode(a);
        const p = wanted[i]!;
        return view.target.node === p.target && view.base.node === p.base && view.ignoreNodeSpecific === p.ignore ? undefined : `${p.base}->${p.target} got ${view.base.node}->${view.target.node}`;
      }).filter((w) => w !== undefined);
      expect(wrong).toEqual([]);
    });
  }
});

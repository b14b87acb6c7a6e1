/**
 * Helpers for the demo cluster's tests: start a cluster in a temp state dir,
 * call it over real HTTP, and read watch streams event by event. Waiting is
 * always for a condition on received data, never for time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from './cluster';

export interface TestCluster extends DemoCluster {
  stateDir: string;
  get(path: string, init?: { accept?: string; token?: string | null }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<Response>;
  cleanup(): Promise<void>;
}

export async function startTestCluster(opts: DemoClusterOptions = {}): Promise<TestCluster> {
  const stateDir = await mkdtemp(join(tmpdir(), 'cni-health-demo-'));
  const cluster = await startDemoCluster({ stateDir, ...opts });
  const get = (path: string, init: { accept?: string; token?: string | null } = {}): Promise<Response> => {
    const token = init.token === undefined ? cluster.token : init.token;
    return fetch(`${cluster.url}${path}`, {
      headers: { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...(init.accept ? { Accept: init.accept } : {}) },
    });
  };
  return Object.assign(cluster, {
    stateDir,
    get,
    json: async <T,>(path: string): Promise<T> => {
      const res = await get(path);
      if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    post: (path: string, body: unknown): Promise<Response> => fetch(`${cluster.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
    cleanup: async (): Promise<void> => {
      await cluster.dispose();
      await rm(stateDir, { recursive: true, force: true });
    },
  });
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { kind?: string; metadata?: { name?: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> }; [k: string]: unknown };
}

export interface WatchStream {
  status: number;
  contentType: string | null;
  events: WatchEvent[];
  /** Resolves with the first event (already received or future) that matches. */
  next(match: (e: WatchEvent) => boolean): Promise<WatchEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openWatch(cluster: TestCluster, path: string): Promise<WatchStream> {
  const abort = new AbortController();
  const res = await fetch(`${cluster.url}${path}`, { headers: { Authorization: `Bearer ${cluster.token}` }, signal: abort.signal });
  const events: WatchEvent[] = [];
  const waiters: { match: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  const push = (e: WatchEvent): void => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.match(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };
  const ended = (async (): Promise<void> => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) push(JSON.parse(line) as WatchEvent);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    next: (match) => {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    ended,
    close: () => abort.abort(),
  };
}

export const NESTED = ['ip-10-0-4-201.eu-west-1.compute.internal', 'ip-10-0-40-9.eu-west-1.compute.internal'];
export const MISSING_PRIMARY = 'ip-10-0-44-117.eu-west-1.compute.internal';
export const HEALTHY = 'ip-10-0-1-17.eu-west-1.compute.internal';

/**
 * Helpers for the demo cluster's tests: start a cluster in a temp state dir,
 * call it over real HTTP, and read watch streams event by event. Waiting is
 * always for a condition on received data, never for time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from './cluster';

export interface TestCluster extends DemoCluster {
  stateDir: string;
  get(path: string, init?: { accept?: string; token?: string | null }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<Response>;
  cleanup(): Promise<void>;
}

/** No RBAC warm-up at the first start unless a test asks for one (`rbacWarmupMs`). */
export async function startTestCluster(opts: DemoClusterOptions = {}): Promise<TestCluster> {
  const stateDir = await mkdtemp(join(tmpdir(), 'cni-health-demo-'));
  const cluster = await startDemoCluster({ stateDir, rbacWarmupMs: 0, ...opts });
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

/**
 * A test file's clusters and watch streams, all closed after every test:
 * `start` gives a fresh cluster with the file's defaults under the test's
 * own options; push streams a test opens onto `streams`.
 */
export function clusterPerTest(defaults: DemoClusterOptions = {}): { start(opts?: DemoClusterOptions): Promise<TestCluster>; streams: WatchStream[] } {
  const clusters: TestCluster[] = [];
  const streams: WatchStream[] = [];
  afterEach(async () => {
    streams.splice(0).forEach((s) => s.close());
    await Promise.all(clusters.splice(0).map((c) => c.cleanup()));
  });
  return {
    streams,
    start: async (opts = {}) => {
      const c = await startTestCluster({ ...defaults, ...opts });
      clusters.push(c);
      return c;
    },
  };
}

export interface CallOptions { token?: string; contentType?: string }

/** One API call as any client makes it; the body is parsed JSON (a Status on errors). */
export async function call<T = Record<string, unknown>>(cluster: TestCluster, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${opts.token ?? cluster.token}`,
      ...(body !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { kind?: string; metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string>; labels?: Record<string, string>; deletionTimestamp?: string }; [k: string]: unknown };
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

export async function openWatch(cluster: TestCluster, path: string, token?: string): Promise<WatchStream> {
  const abort = new AbortController();
  const res = await fetch(`${cluster.url}${path}`, { headers: { Authorization: `Bearer ${token ?? cluster.token}` }, signal: abort.signal });
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

/**
 * Folds a watch's events into the current set of objects (by namespace/name)
 * and resolves once `pred` holds for that set: waiting on state, not time.
 */
export async function watchUntil<T>(w: WatchStream, pred: (objects: Map<string, T>) => boolean, initial: Map<string, T> = new Map()): Promise<Map<string, T>> {
  const state = initial;
  let seen = 0;
  const apply = (): boolean => {
    for (; seen < w.events.length; seen++) {
      const e = w.events[seen];
      const m = e?.object.metadata;
      if (!e || !m?.name) continue;
      const key = `${m.namespace ?? ''}/${m.name}`;
      if (e.type === 'ADDED' || e.type === 'MODIFIED') state.set(key, e.object as unknown as T);
      else if (e.type === 'DELETED') state.delete(key);
    }
    return pred(state);
  };
  if (!apply()) await w.next(() => apply());
  return state;
}

export interface Observed<T> {
  stream: WatchStream;
  /** The objects once `pred` holds for them (list, then every watch event folded in). */
  until(pred: (objects: Map<string, T>) => boolean): Promise<Map<string, T>>;
}

/** List + watch from the list's resourceVersion, the way an informer starts. */
export async function observe<T extends { metadata: { name: string; namespace?: string } }>(cluster: TestCluster, path: string, streams: WatchStream[]): Promise<Observed<T>> {
  const list = await cluster.json<{ metadata: { resourceVersion: string }; items: T[] }>(path);
  const stream = await openWatch(cluster, `${path}${path.includes('?') ? '&' : '?'}watch=1&resourceVersion=${list.metadata.resourceVersion}`);
  streams.push(stream);
  const state = new Map(list.items.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  return { stream, until: (pred) => watchUntil(stream, pred, state) };
}

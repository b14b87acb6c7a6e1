import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
// client-node's own HTTP client (its Watch uses it too): the request carries
// exactly the TLS and credentials KubeConfig.applyToFetchOptions puts on it.
import fetch from 'node-fetch';
import { parseRetryAfter } from './errors';
import type { ListPage } from './informer-types';

interface RawList {
  items?: unknown[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/**
 * One page of a list as plain JSON. The typed API (`core.listPodForAllNamespaces`)
 * runs every object through client-node's ObjectSerializer, which walks each
 * field against its schema and builds Date objects: at 150,000 pods that costs
 * more than the transfer itself, and the slim projections drop almost all of
 * it anyway. The request still goes through client-node (its KubeConfig and
 * fetch), so authentication, TLS and proxies are the same as for its API calls.
 */
export async function listPageRaw(kc: KubeConfig, path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<ListPage> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const init = await kc.applyToFetchOptions({ method: 'GET', headers: { Accept: 'application/json' } });
  const res = await fetch(url.toString(), signal ? { ...init, signal } : init);
  const text = await res.text();
  if (!res.ok) {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not a Status: keep the text
    }
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
    throw Object.assign(new Error(`HTTP ${res.status} listing ${path}`), { code: res.status, body, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }
  const list = JSON.parse(text) as RawList;
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?.continue || undefined };
}

/**
 * "No lost and no phantom objects": the cache, kind by kind, against a fresh
 * list of the demo cluster: the same keys with the same resourceVersions.
 * The list runs with the viewer token, so the demo's lists-in-flight counter
 * for the dashboard's service account only ever counts the informers' lists.
 */
import { expect, vi } from 'vitest';
import type { DemoCluster } from '@/demo/cluster';
import { SNAPSHOT_LABEL } from '@/lib/cni/snapshot';
import type { ClusterCache } from '@/lib/k8s/cache';
import { objectKey } from '@/lib/k8s/informer';
import { projectDaemonSet, projectEvent, projectNode, projectPod, projectProbe, projectSnapshot } from '@/lib/k8s/project';
import { projectProbeMesh } from '@/lib/k8s/project-mesh';
import { MESH_CONFIGMAP } from '@/lib/probes/mesh-set';
import { PROBE_LABEL } from '@/lib/probes/names';
import type { ResourceKind } from '@/lib/api/views';

const SOURCES: Record<ResourceKind, { path: string; project: (raw: unknown) => unknown }> = {
  nodes: { path: '/api/v1/nodes', project: projectNode },
  pods: { path: '/api/v1/pods', project: projectPod },
  events: { path: '/api/v1/events', project: projectEvent },
  daemonsets: { path: '/apis/apps/v1/daemonsets', project: projectDaemonSet },
  snapshots: { path: `/api/v1/namespaces/cni-health/configmaps?labelSelector=${encodeURIComponent(SNAPSHOT_LABEL)}`, project: projectSnapshot },
  probes: { path: `/api/v1/namespaces/cni-health/configmaps?labelSelector=${encodeURIComponent(PROBE_LABEL)}`, project: projectProbe },
  probemesh: { path: `/api/v1/namespaces/cni-health/configmaps?fieldSelector=${encodeURIComponent(`metadata.name=${MESH_CONFIGMAP}`)}`, project: projectProbeMesh },
};

export const KINDS = Object.keys(SOURCES) as ResourceKind[];

type Versions = Record<string, string>;

/** key → resourceVersion of what the cache would hold, from one unpaginated list. */
export async function freshList(demo: DemoCluster, kind: ResourceKind): Promise<Versions> {
  const { path, project } = SOURCES[kind];
  const res = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.viewerToken}` } });
  if (!res.ok) throw new Error(`fresh list of ${kind}: HTTP ${res.status}`);
  const items = ((await res.json()) as { items: Array<{ metadata: { resourceVersion: string } }> }).items;
  const out: Versions = {};
  for (const raw of items) if (project(raw) !== undefined) out[objectKey(raw)!] = raw.metadata.resourceVersion;
  return out;
}

export function cachedVersions(cache: ClusterCache, kind: ResourceKind): Versions {
  const out: Versions = {};
  for (const [key, obj] of cache.informers[kind].entries()) out[key] = (obj as { resourceVersion: string }).resourceVersion;
  return out;
}

/** Waits (polling, with a deadline) until every kind in `kinds` equals a fresh list. */
export async function expectCacheEqualsFreshList(cache: ClusterCache, demo: DemoCluster, kinds: readonly ResourceKind[] = KINDS, timeout = 15_000): Promise<void> {
  await vi.waitFor(async () => {
    for (const kind of kinds) expect(cachedVersions(cache, kind), kind).toEqual(await freshList(demo, kind));
  }, { timeout, interval: 50 });
}

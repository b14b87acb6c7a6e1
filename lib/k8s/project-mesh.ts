import type { V1ConfigMap } from '@kubernetes/client-node';
import type { ProbeMeshModel } from '@/lib/model/probe-mesh';
import { MESH_CONFIGMAP, MESH_DATA_KEY, parseMeshText } from '@/lib/probes/mesh-set';

/** The mesh ConfigMap, parsed and bounded at projection: the cache never holds more than the set. */
export function projectProbeMesh(raw: unknown): ProbeMeshModel | undefined {
  const cm = raw as V1ConfigMap;
  if (cm?.metadata?.name !== MESH_CONFIGMAP) return undefined;
  const parsed = parseMeshText(cm.data?.[MESH_DATA_KEY]);
  return {
    namespace: cm.metadata.namespace ?? '',
    name: cm.metadata.name,
    resourceVersion: cm.metadata.resourceVersion ?? '',
    nodes: parsed.ok ? parsed.nodes : [],
    ...(parsed.ok ? {} : { error: parsed.error }),
  };
}

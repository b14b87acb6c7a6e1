import 'server-only';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { toKubeError, type KubeError } from './errors';

/*
 * One read of a container's log through the API server (the pods/log
 * subresource, `get` verb), always with the caller's KubeConfig: the
 * signed-in user's, so RBAC on pods/log decides, never the dashboard's.
 * tailLines and limitBytes bound what the API server sends; the text is cut
 * again here in case a server ignores limitBytes.
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-read-log-of-the-specified-pod
 */

export interface PodLogRequest {
  namespace: string;
  name: string;
  container: string;
  previous: boolean;
  tailLines: number;
  limitBytes: number;
}

export type PodLogResult = { ok: true; text: string } | { ok: false; error: KubeError };

export async function readPodLog(kc: KubeConfig, r: PodLogRequest): Promise<PodLogResult> {
  try {
    const text = await kc.makeApiClient(CoreV1Api).readNamespacedPodLog({
      name: r.name, namespace: r.namespace, container: r.container, previous: r.previous, tailLines: r.tailLines, limitBytes: r.limitBytes,
    });
    const s = typeof text === 'string' ? text : String(text ?? '');
    return { ok: true, text: Buffer.byteLength(s) > r.limitBytes ? Buffer.from(s).subarray(0, r.limitBytes).toString('utf8') : s };
  } catch (err) {
    return { ok: false, error: toKubeError(err) };
  }
}

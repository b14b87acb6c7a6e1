import 'server-only';
import {
  AppsV1Api, AuthorizationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions,
  type CoreV1Event, type KubeConfig, type V1ConfigMap, type V1DeleteOptions, type V1Eviction,
} from '@kubernetes/client-node';
import type { AccessCheck, PatchType, PlannedCall } from '@/lib/model/calls';
import { toKubeError, type KubeError } from './errors';

/*
 * The write side of lib/k8s: every mutation of a remediation, always with
 * the acting user's KubeConfig, and always callable as a server-side dry run
 * (`dryRun=All`) first.
 */

const PATCH_CONTENT: Record<PatchType, string> = {
  'strategic-merge': PatchStrategy.StrategicMergePatch,
  merge: PatchStrategy.MergePatch,
  json: PatchStrategy.JsonPatch,
};

export type CallResult = { ok: true; object: unknown } | { ok: false; error: KubeError };

/** Plain JSON of what client-node returns (its models hold Date objects). */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export async function performCall(kc: KubeConfig, call: PlannedCall, dryRun: boolean): Promise<CallResult> {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const dry = dryRun ? 'All' : undefined;
  const fieldManager = 'cni-health';
  const { target: t } = call;
  try {
    let out: unknown;
    if (call.verb === 'create' && t.resource === 'configmaps') {
      out = await core.createNamespacedConfigMap({ namespace: t.namespace!, body: call.body as V1ConfigMap, dryRun: dry, fieldManager });
    } else if (call.verb === 'create' && t.resource === 'pods' && t.subresource === 'eviction') {
      out = await core.createNamespacedPodEviction({ name: t.name!, namespace: t.namespace!, body: call.body as V1Eviction, dryRun: dry, fieldManager });
    } else if (call.verb === 'delete' && t.resource === 'pods') {
      out = await core.deleteNamespacedPod({ name: t.name!, namespace: t.namespace!, body: call.body as V1DeleteOptions, dryRun: dry });
    } else if (call.verb === 'patch' && t.resource === 'nodes') {
      out = await core.patchNode({ name: t.name!, body: call.body as object, dryRun: dry, fieldManager }, setHeaderOptions('Content-Type', PATCH_CONTENT[call.patchType ?? 'strategic-merge']));
    } else if (call.verb === 'patch' && t.resource === 'daemonsets') {
      out = await apps.patchNamespacedDaemonSet({ name: t.name!, namespace: t.namespace!, body: call.body as object, dryRun: dry, fieldManager }, setHeaderOptions('Content-Type', PATCH_CONTENT[call.patchType ?? 'strategic-merge']));
    } else {
      return { ok: false, error: { message: `cni-health cannot ${call.verb} ${t.resource}` } };
    }
    return { ok: true, object: plain(out) };
  } catch (err) {
    return { ok: false, error: toKubeError(err) };
  }
}

/** The current object a patch applies to, read as the user (for the before/after preview). */
export async function readTarget(kc: KubeConfig, call: PlannedCall): Promise<unknown> {
  const { target: t } = call;
  if (t.resource === 'nodes') return plain(await kc.makeApiClient(CoreV1Api).readNode({ name: t.name! }));
  if (t.resource === 'daemonsets') return plain(await kc.makeApiClient(AppsV1Api).readNamespacedDaemonSet({ name: t.name!, namespace: t.namespace! }));
  return undefined;
}

/** SelfSubjectAccessReview, asked as the user: may they do this? */
export async function canI(kc: KubeConfig, check: AccessCheck): Promise<{ allowed: boolean; error?: string; code?: number }> {
  try {
    const review = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: check.verb, group: check.group, resource: check.resource, subresource: check.subresource, namespace: check.namespace, name: check.name } },
      },
    });
    return { allowed: review.status?.allowed === true };
  } catch (err) {
    const e = toKubeError(err);
    return { allowed: false, error: e.message, code: e.code };
  }
}

export async function readConfigMap(kc: KubeConfig, namespace: string, name: string): Promise<V1ConfigMap | undefined> {
  try {
    return await kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name, namespace });
  } catch (err) {
    if (toKubeError(err).code === 404) return undefined;
    throw err;
  }
}

export async function deleteConfigMap(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).deleteNamespacedConfigMap({ name, namespace });
  } catch (err) {
    if (toKubeError(err).code !== 404) throw err;
  }
}

export async function createEvent(kc: KubeConfig, event: CoreV1Event): Promise<CallResult> {
  try {
    return { ok: true, object: plain(await kc.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: event.metadata.namespace ?? 'default', body: event })) };
  } catch (err) {
    return { ok: false, error: toKubeError(err) };
  }
}

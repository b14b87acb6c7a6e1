/**
 * The shape of one Kubernetes API call as plans describe it and the
 * transport (lib/k8s/actions.ts) performs and authorises it.
 */

export type ApiGroup = '' | 'apps' | 'policy';
export type PatchType = 'strategic-merge' | 'merge' | 'json';

export interface ResourceRef {
  group: ApiGroup;
  resource: 'pods' | 'configmaps' | 'nodes' | 'daemonsets' | 'events';
  subresource?: 'eviction';
  namespace?: string;
  name?: string;
}

export interface PlannedCall {
  /** Stable within the plan, e.g. `delete-multus-pod`. */
  id: string;
  verb: 'create' | 'delete' | 'patch';
  target: ResourceRef;
  patchType?: PatchType;
  /** The object to create, the patch, or DeleteOptions (with preconditions). */
  body?: unknown;
  /** One sentence, for the preview. */
  description: string;
  /** After this call, wait until the node's agent reports the repair request's outcome. */
  awaitRepairStatus?: boolean;
}

export interface AccessCheck {
  verb: 'create' | 'delete' | 'patch' | 'get' | 'list';
  group: ApiGroup;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

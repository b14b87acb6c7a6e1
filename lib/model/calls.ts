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
  /** A host file the node's agent will rewrite on this request: exactly the content it will write, for the preview. */
  fileChange?: FileChange;
}

export interface FileChange {
  node: string;
  /** Path on the host, e.g. `/etc/cni/net.d/00-multus.conf`. */
  path: string;
  /** sha256 of the file now (as previewed): the agent rewrites nothing else. */
  sha256: string;
  /** What the agent will write: it derives the same bytes from the file itself and checks their sha256. */
  after: { content: string; sha256: string };
  /** Multus levels in the file now; after the change, 1. */
  depth: number;
}

export interface AccessCheck {
  verb: 'create' | 'delete' | 'patch' | 'get' | 'list';
  group: ApiGroup;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

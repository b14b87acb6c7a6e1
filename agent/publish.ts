/**
 * Writes this node's snapshot ConfigMap: create it, or replace it carrying
 * the resourceVersion last seen (optimistic concurrency, as every Kubernetes
 * controller does). On 409 (someone wrote it in between, or it already
 * existed) re-read and try again, a bounded number of times with backoff.
 * Labels, annotations and owner references others added survive a retry,
 * because each attempt starts from the object as last read.
 */
import { createHash } from 'node:crypto';
import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import {
  SNAPSHOT_DATA_KEY, SNAPSHOT_LABEL, SNAPSHOT_LABEL_VALUE, SNAPSHOT_MAX_BYTES, SNAPSHOT_NODE_ANNOTATION, snapshotConfigMapName, type SnapshotInput,
} from '../lib/cni/snapshot';
import { backoffDelay, type BackoffPolicy } from '../lib/k8s/backoff';
import { AGENT_NAME } from './document';

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');
export const FIELD_MANAGER = AGENT_NAME;

/** The HTTP status of what client-node throws (ApiException.code), if any. */
export function httpStatus(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * One line for the log: the message of the Status the API server answered
 * (an admission denial names the policy and why), else the error's first line.
 */
export function errorLine(e: unknown): string {
  const body = (e as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: unknown } | null;
      if (typeof status?.message === 'string') return `HTTP ${httpStatus(e) ?? '?'}: ${status.message.split('\n')[0]}`;
    } catch {
      // Not a Status: fall through to the error's own text.
    }
  }
  return e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
}

/** What a node's ConfigMap holds: the snapshot by default, or another per-node document (the probe report). */
export interface NodeDocumentKind {
  name: (node: string) => string;
  dataKey: string;
  label: [string, string];
  /** Who writes it: app.kubernetes.io/name and the field manager. */
  manager: string;
  maxBytes: number;
}

export const SNAPSHOT_DOCUMENT: NodeDocumentKind = {
  name: (node) => snapshotConfigMapName(node, sha256Hex),
  dataKey: SNAPSHOT_DATA_KEY,
  label: [SNAPSHOT_LABEL, SNAPSHOT_LABEL_VALUE],
  manager: AGENT_NAME,
  maxBytes: SNAPSHOT_MAX_BYTES,
};

export interface PublisherOptions {
  core: CoreV1Api;
  namespace: string;
  node: string;
  /** The Node's uid: with it the snapshot is owned by the Node and garbage-collected with it. */
  ownerUid?: string;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  document?: NodeDocumentKind;
}

export interface PublishStats { creates: number; updates: number; conflicts: number }

export class SnapshotPublisher {
  readonly name: string;
  readonly stats: PublishStats = { creates: 0, updates: 0, conflicts: 0 };
  /** The object as last read or written; undefined means "read before writing". */
  private last: V1ConfigMap | undefined;
  private readonly opts: Required<Omit<PublisherOptions, 'ownerUid'>> & Pick<PublisherOptions, 'ownerUid'>;

  constructor(opts: PublisherOptions) {
    this.opts = { maxAttempts: 6, backoff: { initialMs: 100, maxMs: 5_000 }, document: SNAPSHOT_DOCUMENT, ...opts };
    this.name = this.opts.document.name(opts.node);
  }

  set ownerUid(uid: string | undefined) {
    this.opts.ownerUid = uid;
  }

  /** The ConfigMap as it is now (undefined when there is none); remembered for the next write. */
  async read(): Promise<V1ConfigMap | undefined> {
    try {
      this.last = await this.opts.core.readNamespacedConfigMap({ name: this.name, namespace: this.opts.namespace });
    } catch (e) {
      if (httpStatus(e) !== 404) throw e;
      this.last = undefined;
    }
    return this.last;
  }

  async publish(doc: SnapshotInput | object): Promise<void> {
    const json = JSON.stringify(doc);
    const max = this.opts.document.maxBytes;
    if (Buffer.byteLength(json) > max) throw new Error(`${this.opts.document.dataKey} is ${Buffer.byteLength(json)} bytes, over ${max}`);
    let known = this.last !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const base = known ? this.last : await this.read();
        known = true;
        if (!base) {
          this.last = await this.opts.core.createNamespacedConfigMap({ namespace: this.opts.namespace, body: this.body(undefined, json), fieldManager: this.opts.document.manager });
          this.stats.creates++;
        } else {
          this.last = await this.opts.core.replaceNamespacedConfigMap({ name: this.name, namespace: this.opts.namespace, body: this.body(base, json), fieldManager: this.opts.document.manager });
          this.stats.updates++;
        }
        return;
      } catch (e) {
        const code = httpStatus(e);
        // 409: changed since we read it, or created by someone else first; 404: deleted since.
        if (code !== 409 && code !== 404) throw e;
        if (code === 409) this.stats.conflicts++;
        known = false;
        if (attempt >= this.opts.maxAttempts) throw new Error(`gave up publishing ${this.opts.namespace}/${this.name} after ${attempt} attempts: ${(e as Error).message.split('\n')[0]}`);
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, this.opts.backoff)));
      }
    }
  }

  private body(base: V1ConfigMap | undefined, json: string): V1ConfigMap {
    const meta = base?.metadata ?? {};
    const owners = (meta.ownerReferences ?? []).filter((o) => !(o.kind === 'Node' && o.apiVersion === 'v1'));
    if (this.opts.ownerUid) owners.push({ apiVersion: 'v1', kind: 'Node', name: this.opts.node, uid: this.opts.ownerUid });
    else owners.push(...(meta.ownerReferences ?? []).filter((o) => o.kind === 'Node' && o.apiVersion === 'v1'));
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.name,
        namespace: this.opts.namespace,
        ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
        labels: { ...meta.labels, [this.opts.document.label[0]]: this.opts.document.label[1], 'app.kubernetes.io/name': this.opts.document.manager, 'app.kubernetes.io/part-of': 'cni-health' },
        annotations: { ...meta.annotations, [SNAPSHOT_NODE_ANNOTATION]: this.opts.node },
        ...(owners.length > 0 ? { ownerReferences: owners } : {}),
      },
      // Only our key: anything else would count against the same 1 MiB.
      data: { [this.opts.document.dataKey]: json },
    };
  }
}

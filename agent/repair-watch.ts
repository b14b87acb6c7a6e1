/**
 * Feeds repair requests for this node to the handler: list, then watch from
 * the list's resourceVersion, relist whenever the watch ends (a server
 * timeout, a 410, a dropped connection), with backoff after failures so a
 * broken API server is not hammered. Requests are handled one at a time.
 */
import { Watch, type CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { REPAIR_NODE_HASH_LABEL, REPAIR_REQUEST_LABEL, repairNodeHash } from '../lib/remediation/protocol';
import { backoffDelay } from '../lib/k8s/backoff';
import { sha256Hex } from './publish';
import type { RepairHandler } from './repair';

export interface RepairWatchOptions {
  kc: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  node: string;
  handler: RepairHandler;
  log: (msg: string) => void;
}

export class RepairWatch {
  private stopped = false;
  private abort: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();
  private loop: Promise<void> | undefined;
  readonly selector: string;

  constructor(private readonly o: RepairWatchOptions) {
    this.selector = `${REPAIR_REQUEST_LABEL},${REPAIR_NODE_HASH_LABEL}=${repairNodeHash(o.node, sha256Hex)}`;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops watching and waits for the request being handled, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.();
    this.wake?.();
    await this.loop;
    await this.queue;
  }

  private enqueue(name: string | undefined): void {
    if (!name || this.pending.has(name) || this.stopped) return;
    this.pending.add(name);
    this.queue = this.queue.then(async () => {
      this.pending.delete(name);
      if (this.stopped) return;
      try {
        await this.o.handler.handle(name);
      } catch (e) {
        this.o.log(`repair ${name}: ${(e as Error).message.split('\n')[0]}`);
      }
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const list = await this.o.core.listNamespacedConfigMap({ namespace: this.o.namespace, labelSelector: this.selector });
        for (const cm of list.items) this.enqueue(cm.metadata?.name);
        await this.watchFrom(list.metadata?.resourceVersion);
        failures = 0;
      } catch (e) {
        failures++;
        if (!this.stopped) this.o.log(`repair requests: ${(e as Error).message.split('\n')[0]}; retrying`);
      }
      if (this.stopped) break;
      const delay = failures === 0 ? 0 : backoffDelay(failures, { initialMs: 1_000, maxMs: 30_000 });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  private watchFrom(resourceVersion: string | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        this.abort = undefined;
        if (err) reject(err instanceof Error ? err : new Error(String((err as { message?: string }).message ?? err)));
        else resolve();
      };
      new Watch(this.o.kc).watch(
        `/api/v1/namespaces/${this.o.namespace}/configmaps`,
        { labelSelector: this.selector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300) },
        (type: string, obj: { metadata?: { name?: string }; message?: string }) => {
          if (type === 'ERROR') finish(new Error(obj.message ?? 'watch error'));
          else if (type === 'ADDED' || type === 'MODIFIED') this.enqueue(obj.metadata?.name);
        },
        (err: unknown) => finish(err ?? undefined),
      ).then((controller) => {
        this.abort = () => {
          controller.abort();
          finish();
        };
        if (this.stopped || settled) this.abort();
      }, finish);
    });
  }
}

/**
 * Events expire as on a real API server: kube-apiserver stores each Event
 * with an etcd lease of `--event-ttl` (default 1h0m0s), renewed on every
 * create and update (pkg/registry/core/event/storage/storage.go: TTLFunc
 * returns the TTL for both), so an Event disappears one TTL after its last
 * write, and watchers see it DELETED like any other deletion.
 * https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/ (--event-ttl)
 */
import type { EventObject } from './types';
import { objectKey, type ObjectStore } from './store';

export const DEFAULT_EVENT_TTL_MS = 60 * 60_000;

/**
 * When an Event present at start was last written: a scenario seeds them
 * with backdated timestamps, standing for writes that happened then.
 */
function seededAt(ev: EventObject, now: number): number {
  const stamps = [ev.lastTimestamp, ev.firstTimestamp, ev.metadata.creationTimestamp].map((s) => (s ? Date.parse(s) : NaN));
  const at = stamps.find((t) => !Number.isNaN(t));
  return Math.min(at ?? now, now);
}

export class EventTtl {
  private readonly expiry = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly store: ObjectStore, private readonly ttlMs: number, private readonly now: () => number) {
    const t = now();
    for (const ev of store.list('events')) this.expiry.set(objectKey(ev), seededAt(ev, t) + ttlMs);
    this.unsubscribe = store.subscribe('events', (c) => {
      if (c.type === 'DELETED') this.expiry.delete(c.key);
      else this.expiry.set(c.key, this.now() + this.ttlMs);
    });
    // etcd revokes expired leases about once a second (its lessor's checkpoint loop).
    this.timer = setInterval(() => this.sweep(), Math.min(1_000, Math.max(10, ttlMs)));
    this.timer.unref();
  }

  /** Deletes every Event whose TTL has run out; returns how many. */
  sweep(): number {
    const t = this.now();
    const due: string[] = [];
    for (const [key, at] of this.expiry) if (at <= t) due.push(key);
    for (const key of due) if (!this.store.delete('events', key)) this.expiry.delete(key);
    return due.length;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }
}

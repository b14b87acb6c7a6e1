/**
 * A steady stream of Event updates, as a busy cluster's kubelets produce:
 * every tick re-reports a slice of the seeded events (count + lastTimestamp),
 * which every watcher receives as MODIFIED. The rate can be changed at run
 * time through the control surface, so the bench can push it up and measure
 * what the dashboard keeps up with.
 */
import { bumpEvent } from '../builders/event';
import type { ObjectStore } from '../store';

const TICK_MS = 50;

export class EventChurn {
  private rate = 0;
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private carry = 0;
  private written = 0;
  private lastTick = 0;

  constructor(private readonly store: ObjectStore, private readonly keys: readonly string[], private readonly now: () => number) {}

  /** Event updates per second; 0 stops the stream. */
  setRate(perSecond: number): void {
    this.rate = Math.max(0, perSecond);
    if (this.rate > 0 && !this.timer && this.keys.length > 0) {
      this.lastTick = performance.now();
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    } else if (this.rate === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  status(): { rate: number; written: number } {
    return { rate: this.rate, written: this.written };
  }

  dispose(): void {
    this.setRate(0);
  }

  private tick(): void {
    // By elapsed time, not by tick count: a tick delayed by a busy event loop
    // (serving a big list) catches up, so the rate is what was asked for.
    const t = performance.now();
    this.carry += (this.rate * Math.min(1000, t - this.lastTick)) / 1000;
    this.lastTick = t;
    const n = Math.floor(this.carry);
    this.carry -= n;
    const at = this.now();
    for (let i = 0; i < n; i++) {
      const key = this.keys[this.next++ % this.keys.length]!;
      if (!this.store.get('events', key)) continue;
      this.store.update('events', key, (draft) => bumpEvent(draft, at));
      this.written++;
    }
  }
}

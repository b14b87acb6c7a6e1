/**
 * Tells the agent when to look at the config directory again: inotify
 * events (fs.watch) for promptness, debounced because a CNI writing a file
 * produces a burst of them (create, write, chmod, rename), and a periodic
 * rescan because inotify is not guaranteed: the directory may not exist yet
 * at boot, may be replaced, and events are dropped when the queue overflows.
 */
import { watch, type FSWatcher } from 'node:fs';

export interface DirWatchOptions {
  dir: string;
  debounceMs: number;
  rescanMs: number;
  onChange: (reason: 'fs-event' | 'rescan') => void;
  log: (msg: string) => void;
}

export class DirWatch {
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private rescan: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: DirWatchOptions) {}

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  start(): void {
    this.ensureWatcher();
    this.rescan = setInterval(() => {
      // A directory that appeared since, or a watcher that died: try again on every rescan.
      this.ensureWatcher();
      this.o.onChange('rescan');
    }, this.o.rescanMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.rescan);
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private ensureWatcher(): void {
    if (this.watcher || this.stopped) return;
    try {
      const w = watch(this.o.dir, { persistent: false }, () => this.fire());
      w.on('error', (e) => {
        this.o.log(`watching ${this.o.dir}: ${e.message}; relying on the rescan until it can be watched again`);
        w.close();
        if (this.watcher === w) this.watcher = undefined;
        this.fire();
      });
      this.watcher = w;
    } catch (e) {
      // ENOENT at boot is normal: the primary CNI has not created the directory yet.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.o.log(`cannot watch ${this.o.dir}: ${(e as Error).message}`);
    }
  }

  private fire(): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.o.onChange('fs-event'), this.o.debounceMs);
  }
}

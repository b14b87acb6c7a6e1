import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
// client-node's own HTTP client, as for lists: the same TLS and credentials.
import fetch from 'node-fetch';

export interface LivenessTiming {
  /** Between two probes; default 20 s. */
  intervalMs?: number;
  /** A probe not answered by then has failed; default 10 s. */
  timeoutMs?: number;
  /** With no answer for this long (and at least two failed probes), the connection is lost; default 45 s. */
  failAfterMs?: number;
}

export interface LivenessOptions extends LivenessTiming {
  /** One cheap request that is not a list of any kind: resolves if the server answered at all, rejects on a transport failure or abort. */
  probe: (signal: AbortSignal) => Promise<void>;
  now?: () => number;
  onAlive: (at: number) => void;
  /** Called on every failed probe once the connection counts as lost, so attempts hanging since are cut again. */
  onLost: (reason: string) => void;
  log?: (msg: string) => void;
}

/**
 * One liveness probe per API server, not per kind. A quiet watch sends
 * nothing for minutes (bookmarks come about once a minute, only after a
 * change or an etcd progress notification; events get none), so silence on
 * it cannot tell a quiet cluster from a stopped server. TCP cannot either: a
 * SIGSTOPped server's kernel still ACKs keepalives, and a NAT-dropped
 * connection is seen only after Linux's keepalive probes (9 × 75 s). client-go
 * answers this with HTTP/2 PINGs (ReadIdleTimeout 30 s, PingTimeout 15 s,
 * k8s.io/apimachinery/pkg/util/net/http.go); client-node speaks HTTP/1.1, so
 * we ask the server something it must answer: GET /livez, readable by
 * everyone (the system:public-info-viewer ClusterRole) and exempt from API
 * Priority and Fairness queueing (the `probes` FlowSchema,
 * apiserver/pkg/apis/flowcontrol/bootstrap/default.go), so a busy server's
 * queues do not pass for a dead one. Any HTTP answer is life (a 500 from a
 * failing check too: the server answered); a timeout, reset or refusal is a
 * failure; failures for `failAfterMs` are a lost connection.
 */
export class LivenessProbe {
  private readonly t: Required<LivenessTiming>;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private stopped = true;
  private lastOkAt = 0;
  private failures = 0;

  constructor(private readonly opts: LivenessOptions) {
    this.t = { intervalMs: 20_000, timeoutMs: 10_000, failAfterMs: 45_000, ...strip(opts) };
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastOkAt = this.now();
    this.schedule(this.t.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const started = this.now();
    const abort = new AbortController();
    this.inFlight = abort;
    const timeout = setTimeout(() => abort.abort(new Error(`no answer within ${this.t.timeoutMs / 1000} s`)), this.t.timeoutMs);
    try {
      await this.opts.probe(abort.signal);
      if (this.stopped) return;
      this.lastOkAt = this.now();
      this.failures = 0;
      this.opts.onAlive(this.lastOkAt);
    } catch (err) {
      if (this.stopped) return;
      this.failures++;
      const why = abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason.message : err instanceof Error ? err.message : String(err);
      const silentMs = this.now() - this.lastOkAt;
      if (this.failures >= 2 && silentMs >= this.t.failAfterMs) {
        const reason = `no answer from the API server for ${Math.round(silentMs / 1000)} s (GET /livez: ${why.slice(0, 120)}); watches resume when it answers`;
        this.opts.log?.(reason);
        this.opts.onLost(reason);
      }
    } finally {
      clearTimeout(timeout);
      this.inFlight = undefined;
      this.schedule(Math.max(0, this.t.intervalMs - (this.now() - started)));
    }
  }
}

function strip(t: LivenessTiming): LivenessTiming {
  return Object.fromEntries(Object.entries(t).filter(([k, v]) => v !== undefined && ['intervalMs', 'timeoutMs', 'failAfterMs'].includes(k)));
}

/** GET /livez with the cache's own credentials; any HTTP status means the server answered. */
export function livezProbe(kc: KubeConfig): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    const init = await kc.applyToFetchOptions({ method: 'GET', headers: { Accept: 'application/json' } });
    // Appended, not resolved: a server URL may carry a path prefix (an authenticating proxy's).
    const res = await fetch(`${server.replace(/\/+$/, '')}/livez`, { ...init, signal });
    await res.text();
  };
}

import 'server-only';
import { randomBytes } from 'node:crypto';
import { getSessionStore } from '@/lib/auth/sessions';
import { toKubeError } from '@/lib/k8s/errors';
import type { KubeConfig } from '@kubernetes/client-node';
import { LeaderElector, leaseLock } from '@/lib/k8s/lease';
import { memoryRecords, RecordError, secretRecords, type RecordStore } from '@/lib/k8s/records';
import { keyLoader } from './key';
import { OperationLedger } from './operations';
import { sessionPersistence } from './sessions';

/**
 * Where this replica keeps what must outlive it and be shared with the
 * other: in the cluster (Secrets and a Lease in the dashboard's namespace)
 * whenever that namespace is writable; otherwise, and only outside a
 * cluster (a laptop with a kubeconfig that has no such namespace or no
 * rights there), in this process, which /api/healthz says
 * (docs/fault-tolerance.md). In a cluster there is no silent fallback: a
 * replica that cannot reach its state fails its requests rather than
 * diverge from the other replica.
 */
export const LEASE_NAME = 'cni-health-dashboard';

export interface DashboardState {
  storage: 'cluster' | 'memory';
  /** Why memory: what the cluster answered. */
  reason?: string;
  /** This process: the pod name (HOSTNAME) and a random suffix, new on every start. */
  identity: string;
  namespace: string;
  records: RecordStore;
  ledger: OperationLedger;
  elector?: LeaderElector;
  /** The key sessions' tokens are sealed with (cluster storage only). */
  sessionKey?: () => Promise<Buffer>;
}

const KEY = Symbol.for('cni-health.dashboard-state');
type Global = typeof globalThis & { [KEY]?: DashboardState };

const newIdentity = (): string => `${(process.env.HOSTNAME || 'cni-health-dashboard').slice(0, 200)}-${randomBytes(3).toString('hex')}`;

function memoryState(namespace: string, reason: string | undefined): DashboardState {
  const records = memoryRecords();
  const identity = newIdentity();
  return { storage: 'memory', ...(reason ? { reason } : {}), identity, namespace, records, ledger: new OperationLedger(records, identity) };
}

/** This process's state; in-memory when nothing set it up (unit tests, `next dev` without instrumentation). */
export function getDashboardState(): DashboardState {
  const g = globalThis as Global;
  g[KEY] ??= memoryState(process.env.CNI_HEALTH_NAMESPACE || 'cni-health', undefined);
  return g[KEY];
}

export function setDashboardState(state: DashboardState | undefined): void {
  (globalThis as Global)[KEY] = state;
}

/**
 * Decides where state lives, once, at start (instrumentation.ts): reads (or
 * makes) the session key Secret. A 403 or 404 there means the namespace is
 * not ours to write; outside a cluster that is a laptop, and memory serves;
 * inside one it is a broken install, and the cluster stays the store (the
 * error shows on every request that needs it). Anything else (the API
 * server down at start) also keeps the cluster: it is retried.
 */
export async function startDashboardState(kc: KubeConfig, namespace: string, inCluster: boolean, rbacWarmupMs = 15_000): Promise<DashboardState> {
  const records = secretRecords(kc, namespace);
  const key = keyLoader(records);
  const codeOf = (e: unknown): number | undefined => (e instanceof RecordError ? e.error.code : toKubeError(e).code);
  let code: number | undefined;
  // A 403 may be the API server's RBAC warm-up after its own restart (kubernetes#121635): asked again for a while first.
  for (const until = Date.now() + rbacWarmupMs; ;) {
    try {
      await key();
      code = undefined;
      break;
    } catch (e) {
      code = codeOf(e);
      if (code !== 403 || inCluster || Date.now() >= until) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  if (!inCluster && (code === 403 || code === 404)) {
    const state = memoryState(namespace, `the namespace "${namespace}" is not writable with these credentials (HTTP ${code}): sessions, operations and pending audit records live in this process only; run one replica`);
    setDashboardState(state);
    return state;
  }
  const identity = newIdentity();
  getSessionStore().attach(sessionPersistence(records, key));
  const elector = new LeaderElector({ lock: leaseLock(kc, namespace, LEASE_NAME), identity, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, now: Date.now });
  const state: DashboardState = { storage: 'cluster', identity, namespace, records, ledger: new OperationLedger(records, identity), elector, sessionKey: key };
  setDashboardState(state);
  return state;
}

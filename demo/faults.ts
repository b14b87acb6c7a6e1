/**
 * Injected faults: what a real API server, its load balancer or its
 * authorizer does to clients on a bad day, switchable from the control
 * surface so tests can check that the dashboard survives each one.
 * Decisions only; demo/api.ts and demo/watch.ts act on them, demo/fault-control.ts
 * parses the control surface's requests. Faults compose: several may be on
 * at once, each scoped to one resource or to every resource.
 * The wording of every Status copies kube-apiserver's, so clients branch on
 * the same code and reason they would see in production.
 */
import type { Role } from './auth';
import { expiredContinue, status, type Status } from './status';

export const INJECTED_FAULTS = ['watch-gone', 'expire-continue', 'freeze', 'reset', 'down', 'throttle', 'list-5xx', 'unauthorized', 'forbid'] as const;
export type InjectedFault = (typeof INJECTED_FAULTS)[number];

/** Which list page a `list-5xx` hits: the first (no continue token), a later one, or any. */
export type PageSelector = 'first' | 'next' | 'any';

/** `undefined` resource: every resource; `count`: how many more requests it hits. */
interface Budget { resource?: string; count: number }
interface Throttle extends Budget { retryAfterSeconds: number }
interface ServerError extends Budget { page: PageSelector }

/** What the router should do with a request instead of serving it. */
export type Refusal =
  | { type: 'reset' }
  | { type: 'status'; status: Status; headers?: Record<string, string> };

/** What happens to a connection: refused, or (a frozen server) accepted and not answered until it is thawed. */
export type ConnectionFate = Refusal | { type: 'hold' };

export interface ActiveFaults {
  watchGone: Budget[];
  expireContinue: Budget[];
  frozen: boolean;
  /** Requests the frozen server accepted and has not answered. */
  held: number;
  reset: number;
  downForSeconds?: number;
  throttle: Throttle[];
  list5xx: ServerError[];
  unauthorized?: { role?: Role; forSeconds?: number };
  forbid: string[];
}

/** Takes one from the first budget that covers `resource` (and `also`), dropping it when used up. */
function spend<T extends Budget>(budgets: T[], resource: string, also: (b: T) => boolean = () => true): T | undefined {
  const hit = budgets.find((b) => b.count > 0 && (b.resource === undefined || b.resource === resource) && also(b));
  if (!hit) return undefined;
  hit.count--;
  if (hit.count <= 0) budgets.splice(budgets.indexOf(hit), 1);
  return hit;
}

export class FaultInjector {
  private watchGone: Budget[] = [];
  private expireContinue: Budget[] = [];
  private frozen = false;
  /** Requests a frozen server accepted: served, in order, when it is thawed (SIGCONT). */
  private held: Array<() => void> = [];
  private resets = 0;
  private downUntil = 0;
  private throttles: Throttle[] = [];
  private serverErrors: ServerError[] = [];
  private unauthorized: { role?: Role; until: number } | undefined;
  private forbidden = new Set<string>();

  constructor(private readonly now: () => number) {}

  addWatchGone(resource: string | undefined, count: number): void { this.watchGone.push({ resource, count }); }
  addExpireContinue(resource: string | undefined, count: number): void { this.expireContinue.push({ resource, count }); }
  freeze(): void { this.frozen = true; }
  addResets(count: number): void { this.resets += count; }
  down(seconds: number): void { this.downUntil = this.now() + seconds * 1000; }
  addThrottle(t: Throttle): void { this.throttles.push(t); }
  addServerError(e: ServerError): void { this.serverErrors.push(e); }
  unauthorize(role: Role | undefined, seconds: number): void { this.unauthorized = { role, until: this.now() + seconds * 1000 }; }
  forbid(resource: string): void { this.forbidden.add(resource); }

  /** Switches one fault off, or all of them. */
  clear(fault?: InjectedFault): void {
    const all = fault === undefined;
    if (all || fault === 'watch-gone') this.watchGone = [];
    if (all || fault === 'expire-continue') this.expireContinue = [];
    if ((all || fault === 'freeze') && this.frozen) {
      this.frozen = false;
      for (const resume of this.held.splice(0)) resume();
    }
    if (all || fault === 'reset') this.resets = 0;
    if (all || fault === 'down') this.downUntil = 0;
    if (all || fault === 'throttle') this.throttles = [];
    if (all || fault === 'list-5xx') this.serverErrors = [];
    if (all || fault === 'unauthorized') this.unauthorized = undefined;
    if (all || fault === 'forbid') this.forbidden.clear();
  }

  isDown(): boolean {
    return this.now() < this.downUntil;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  /** Keeps a request a frozen server accepted until it is thawed. */
  hold(resume: () => void): void {
    this.held.push(resume);
  }

  /** Before anything else (a dead or stopped server, or a cut connection, answers nothing at all). */
  connection(): ConnectionFate | undefined {
    if (this.frozen) return { type: 'hold' };
    if (this.isDown()) return { type: 'reset' };
    if (this.resets > 0) {
      this.resets--;
      return { type: 'reset' };
    }
    return undefined;
  }

  /** The authentication filter: 401 for a token the server no longer accepts (expired, rotated, revoked). */
  authentication(role: Role): Refusal | undefined {
    const u = this.unauthorized;
    if (!u || this.now() >= u.until || (u.role !== undefined && u.role !== role)) return undefined;
    return { type: 'status', status: status(401, 'Unauthorized', 'Unauthorized') };
  }

  /** Whether reads of `resource` (or creating SelfSubjectAccessReviews) are denied as if RBAC no longer granted them. */
  isForbidden(resource: string, verb: string): boolean {
    if (!this.forbidden.has(resource)) return false;
    return resource === 'selfsubjectaccessreviews' ? verb === 'create' : verb === 'list' || verb === 'watch' || verb === 'get';
  }

  /** A list request (one page). `continued`: it carries a continue token. */
  list(resource: string, continued: boolean): Refusal | undefined {
    if (continued && spend(this.expireContinue, resource)) return { type: 'status', status: expiredContinue().status };
    const t = spend(this.throttles, resource);
    if (t) {
      // The priority-and-fairness filter's answer (apiserver/pkg/server/filters/priority-and-fairness.go).
      return {
        type: 'status',
        status: status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: t.retryAfterSeconds }),
        headers: { 'Retry-After': String(t.retryAfterSeconds) },
      };
    }
    const page: PageSelector = continued ? 'next' : 'first';
    if (spend(this.serverErrors, resource, (e) => e.page === 'any' || e.page === page)) {
      return { type: 'status', status: status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out') };
    }
    return undefined;
  }

  /** A new watch: answered with one ERROR 410 event and ended. */
  watch(resource: string): 'gone' | undefined {
    return spend(this.watchGone, resource) ? 'gone' : undefined;
  }

  describe(): ActiveFaults {
    const now = this.now();
    const copy = <T extends Budget>(b: T[]): T[] => b.map((x) => ({ ...x }));
    return {
      watchGone: copy(this.watchGone),
      expireContinue: copy(this.expireContinue),
      frozen: this.frozen,
      held: this.held.length,
      reset: this.resets,
      ...(this.isDown() ? { downForSeconds: Math.ceil((this.downUntil - now) / 1000) } : {}),
      throttle: copy(this.throttles),
      list5xx: copy(this.serverErrors),
      ...(this.unauthorized && now < this.unauthorized.until
        ? { unauthorized: { role: this.unauthorized.role, ...(Number.isFinite(this.unauthorized.until) ? { forSeconds: Math.ceil((this.unauthorized.until - now) / 1000) } : {}) } }
        : {}),
      forbid: [...this.forbidden],
    };
  }
}

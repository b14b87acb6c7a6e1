/**
 * `POST /demo/v1/faults` for the injected faults (demo/faults.ts): validates
 * the parameters, switches the fault on, and does to open watches what the
 * fault would do to them on a real server, so a dashboard that is already
 * watching meets it at once instead of at its next reconnect.
 */
import { INJECTED_FAULTS, type FaultInjector, type InjectedFault, type PageSelector } from './faults';
import { KINDS } from './kinds';
import type { Resource } from './types';
import type { WatchHub } from './watch';

export class FaultParamError extends Error {}

export interface FaultTarget {
  faults: FaultInjector;
  hub: WatchHub;
}

type Body = Record<string, unknown>;

const RESOURCES = Object.keys(KINDS) as Resource[];

function resourceOf(body: Body, required = false): Resource | undefined {
  const r = body.resource;
  if (r === undefined && !required) return undefined;
  if (typeof r === 'string' && (RESOURCES as string[]).includes(r)) return r as Resource;
  throw new FaultParamError(`"resource" must be one of: ${RESOURCES.join(', ')}${required ? '' : ' (or left out for every resource)'}`);
}

function intOf(body: Body, name: string, fallback: number | undefined, min: number, max: number): number {
  const v = body[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  throw new FaultParamError(`"${name}" must be an integer from ${min} to ${max}`);
}

function pageOf(body: Body): PageSelector {
  const p = body.page ?? 'any';
  if (p === 'first' || p === 'next' || p === 'any') return p;
  throw new FaultParamError('"page" must be "first" (no continue token), "next" (a continue token) or "any"');
}

function roleOf(body: Body): 'admin' | 'viewer' | undefined {
  const r = body.role;
  if (r === undefined || r === 'admin' || r === 'viewer') return r;
  throw new FaultParamError('"role" must be "admin" or "viewer" (or left out for every token)');
}

export function isInjectedFault(name: string): name is InjectedFault {
  return (INJECTED_FAULTS as readonly string[]).includes(name);
}

/** Switches one injected fault on; returns what is now in force (for the response). */
export function injectFault(t: FaultTarget, fault: InjectedFault, body: Body): Record<string, unknown> {
  const { faults, hub } = t;
  switch (fault) {
    case 'watch-gone': {
      const resource = resourceOf(body);
      const count = intOf(body, 'count', 0, 0, 10_000);
      faults.addWatchGone(resource, count);
      hub.expire(resource);
      return { resource: resource ?? 'all', count };
    }
    case 'expire-continue': {
      const resource = resourceOf(body);
      const count = intOf(body, 'count', 1, 1, 10_000);
      faults.addExpireContinue(resource, count);
      return { resource: resource ?? 'all', count };
    }
    case 'freeze': {
      // The whole server, as SIGSTOP or a network partition does: open watches go quiet, new requests hang.
      faults.freeze();
      return { frozen: true };
    }
    case 'reset': {
      const count = intOf(body, 'count', 0, 0, 10_000);
      faults.addResets(count);
      hub.resetAll();
      return { count };
    }
    case 'down': {
      const seconds = intOf(body, 'seconds', undefined, 1, 3_600);
      faults.down(seconds);
      hub.resetAll();
      return { seconds };
    }
    case 'throttle': {
      const resource = resourceOf(body);
      const count = intOf(body, 'count', 1, 1, 10_000);
      const retryAfterSeconds = intOf(body, 'retryAfterSeconds', 1, 1, 600);
      faults.addThrottle({ resource, count, retryAfterSeconds });
      return { resource: resource ?? 'all', count, retryAfterSeconds };
    }
    case 'list-5xx': {
      const resource = resourceOf(body);
      const count = intOf(body, 'count', 1, 1, 10_000);
      const page = pageOf(body);
      faults.addServerError({ resource, count, page });
      return { resource: resource ?? 'all', count, page };
    }
    case 'unauthorized': {
      const seconds = body.seconds === undefined ? Infinity : intOf(body, 'seconds', undefined, 1, 3_600);
      const role = roleOf(body);
      faults.unauthorize(role, seconds);
      // Open watches end as at their timeout; the reconnect meets the 401.
      hub.closeAll();
      return { role: role ?? 'all', ...(Number.isFinite(seconds) ? { seconds } : { until: 'cleared' }) };
    }
    case 'forbid': {
      // The review API too: an identity that lost system:basic-user cannot ask what it may do;
      // and pods/log, a rule of its own in RBAC (a role may read pods and not their logs).
      if (body.resource === 'selfsubjectaccessreviews' || body.resource === 'pods/log') {
        faults.forbid(body.resource);
        return { resource: body.resource };
      }
      const resource = resourceOf(body, true)!;
      faults.forbid(resource);
      hub.closeAll(resource);
      return { resource };
    }
  }
}

/** `{"fault":"clear"}` or `{"fault":"clear","name":FAULT}`. Thawed, held requests are served; watches that lost events end. */
export function clearFaults(t: FaultTarget, name: unknown): Record<string, unknown> {
  if (name !== undefined && (typeof name !== 'string' || !isInjectedFault(name))) {
    throw new FaultParamError(`"name" must be one of: ${INJECTED_FAULTS.join(', ')} (or left out to clear every injected fault)`);
  }
  t.faults.clear(name);
  if (name === undefined || name === 'freeze') t.hub.endMuted();
  return { cleared: name ?? 'all' };
}

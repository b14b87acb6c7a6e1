/**
 * The control surface, beside the Kubernetes paths and behind the same token:
 *   GET  /demo/v1/scenario   nodes and what the dashboard should conclude about each
 *   POST /demo/v1/steps      {"step":"reboot-with-race"|"heal","node":"..."}
 *   POST /demo/v1/faults     {"fault":"compact"|"drop-watches"|"relist"} or {"fault":"refuse-dry-run","enabled":bool}
 *                            ("relist": expire every resourceVersion and drop every watch, so every client relists)
 *                            or {"fault":"restart","seconds":N[,"warmupSeconds":M]}: the API server process restarts
 *                            (down N s, then its RBAC warm-up, the cluster's own or M s)
 *                            or an injected fault with its parameters (demo/fault-control.ts, docs/demo-cluster.md):
 *                            watch-gone, expire-continue, freeze, reset, down, throttle, list-5xx,
 *                            unauthorized, forbid; {"fault":"clear"[,"name":FAULT]} switches them off
 *   GET  /demo/v1/faults     the injected faults in force
 *   GET  /demo/v1/stats      request counters, lists in flight (and, in scale mode, the Event stream's)
 *   POST /demo/v1/stats/reset  start the lists-in-flight maxima afresh
 *   POST /demo/v1/churn      {"rate": N}: scale mode's Event updates per second (0 stops them)
 * Bodies are plain JSON; errors are `{"error": "..."}` with a 4xx code.
 */
import { applyDataPlane, DATA_PLANE_ACTIONS, DataPlaneInputError, describeDataPlane, type DataPlaneTarget } from './data-plane-control';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clearFaults, FaultParamError, injectFault, isInjectedFault, type FaultTarget } from './fault-control';
import { INJECTED_FAULTS } from './faults';
import { BodyTooLargeError, readBody, writeJson } from './http';
import { STEPS, UnknownNodeError, type ScenarioRuntime, type StepName } from './scenarios/types';
import type { DemoStats } from './stats';
import type { Admission } from './writes/engine';

export const FAULTS = ['compact', 'drop-watches', 'refuse-dry-run', 'relist', 'restart', ...INJECTED_FAULTS, 'clear'] as const;
export type FaultName = (typeof FAULTS)[number];

export interface ControlTarget extends FaultTarget {
  scenario: ScenarioRuntime;
  dataPlane: DataPlaneTarget;
  compactHistory(): void;
  dropWatches(): void;
  expireAll(): void;
  /** The API server restarts (etcd intact): unreachable for `seconds`, then its RBAC warm-up. */
  restart(seconds: number, warmupMs?: number): void;
  stats(): DemoStats;
  resetListMaxima(): void;
  admission: Admission;
  /** False when the cluster runs without scale mode (no Event stream to set). */
  setEventRate(perSecond: number): boolean;
}

class ControlError extends Error {
  constructor(readonly code: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new ControlError(413, e.message);
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ControlError(400, `body is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError(400, 'body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${value}"` : 'missing';
  throw new ControlError(400, `unknown ${what} ${shown}; expected one of: ${allowed.join(', ')}`, { allowed });
}

function runStep(target: ControlTarget, step: StepName, node: unknown): Record<string, unknown> {
  if (typeof node !== 'string' || node === '') throw new ControlError(400, 'missing "node" (a node name)', { nodes: target.scenario.nodeNames() });
  let name: string;
  try {
    name = target.scenario.resolveNode(node);
  } catch (e) {
    if (e instanceof UnknownNodeError) throw new ControlError(400, e.message, { nodes: e.known });
    throw e;
  }
  if (step === 'reboot-with-race') target.scenario.rebootWithRace(name);
  else if (step === 'lose-primary') target.scenario.losePrimary(name);
  else target.scenario.heal(name);
  return { ok: true, step, node: target.scenario.describe().nodes.find((n) => n.name === name) };
}

async function route(req: IncomingMessage, res: ServerResponse, path: string, target: ControlTarget): Promise<void> {
  const method = req.method ?? 'GET';
  const expect = (m: string): void => {
    if (method !== m) throw new ControlError(405, `${path} accepts ${m} only`);
  };
  switch (path) {
    case '/demo/v1':
      expect('GET');
      return writeJson(res, 200, { endpoints: ['GET /demo/v1/scenario', 'POST /demo/v1/steps', 'GET /demo/v1/data-plane', 'POST /demo/v1/data-plane', 'GET /demo/v1/faults', 'POST /demo/v1/faults', 'GET /demo/v1/stats', 'POST /demo/v1/stats/reset', 'POST /demo/v1/churn'], steps: STEPS, faults: FAULTS });
    case '/demo/v1/scenario':
      expect('GET');
      return writeJson(res, 200, { ...target.scenario.describe(), faults: { refuseDryRun: target.admission.refuseDryRun } });
    case '/demo/v1/stats':
      expect('GET');
      return writeJson(res, 200, target.stats());
    case '/demo/v1/stats/reset':
      expect('POST');
      target.resetListMaxima();
      return writeJson(res, 200, { ok: true });
    case '/demo/v1/data-plane': {
      if (method === 'GET') return writeJson(res, 200, describeDataPlane(target.dataPlane));
      expect('POST');
      const body = await jsonBody(req);
      try {
        return writeJson(res, 200, applyDataPlane(target.dataPlane, body));
      } catch (e) {
        if (e instanceof DataPlaneInputError || e instanceof UnknownNodeError) throw new ControlError(400, e.message, { actions: DATA_PLANE_ACTIONS });
        throw e;
      }
    }
    case '/demo/v1/steps': {
      expect('POST');
      const body = await jsonBody(req);
      return writeJson(res, 200, runStep(target, oneOf(body.step, STEPS, 'step'), body.node));
    }
    case '/demo/v1/faults': {
      if (method === 'GET') return writeJson(res, 200, { ...target.faults.describe(), refuseDryRun: target.admission.refuseDryRun });
      expect('POST');
      const body = await jsonBody(req);
      const fault = oneOf(body.fault, FAULTS, 'fault');
      try {
        if (isInjectedFault(fault)) return writeJson(res, 200, { ok: true, fault, ...injectFault(target, fault, body) });
        if (fault === 'clear') {
          const cleared = clearFaults(target, body.name);
          if (body.name === undefined) target.admission.refuseDryRun = false;
          return writeJson(res, 200, { ok: true, fault, ...cleared });
        }
      } catch (e) {
        if (e instanceof FaultParamError) throw new ControlError(400, `${fault}: ${e.message}`);
        throw e;
      }
      if (fault === 'refuse-dry-run') {
        // A standing fault: it stays until switched off, like an installed webhook.
        if (typeof body.enabled !== 'boolean') throw new ControlError(400, '"refuse-dry-run" needs "enabled": true or false');
        target.admission.refuseDryRun = body.enabled;
        return writeJson(res, 200, { ok: true, fault, enabled: body.enabled });
      }
      if (fault === 'restart') {
        const seconds = body.seconds ?? 1;
        if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 600) throw new ControlError(400, '"restart": "seconds" must be an integer from 1 to 600');
        const warmup = body.warmupSeconds;
        if (warmup !== undefined && (typeof warmup !== 'number' || !Number.isInteger(warmup) || warmup < 0 || warmup > 600)) throw new ControlError(400, '"restart": "warmupSeconds" must be an integer from 0 to 600');
        target.restart(seconds, warmup === undefined ? undefined : warmup * 1000);
        return writeJson(res, 200, { ok: true, fault, seconds, ...(warmup === undefined ? {} : { warmupSeconds: warmup }) });
      }
      if (fault === 'compact') target.compactHistory();
      else if (fault === 'relist') target.expireAll();
      else target.dropWatches();
      return writeJson(res, 200, { ok: true, fault });
    }
    case '/demo/v1/churn': {
      expect('POST');
      const body = await jsonBody(req);
      const rate = body.rate;
      if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 0 || rate > 100_000) throw new ControlError(400, '"rate" must be an integer from 0 to 100000 (Event updates per second)');
      if (!target.setEventRate(rate)) throw new ControlError(409, 'the Event stream needs scale mode (start the demo cluster with --nodes/--pods/--events)');
      return writeJson(res, 200, { ok: true, rate });
    }
    default:
      throw new ControlError(404, `no control endpoint ${method} ${path}`);
  }
}

export function createControlHandler(target: ControlTarget): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  return async (req, res, path) => {
    try {
      await route(req, res, path, target);
    } catch (e) {
      if (!(e instanceof ControlError)) throw e;
      writeJson(res, e.code, { error: e.message, ...e.extra });
    }
  };
}

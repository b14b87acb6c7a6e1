/**
 * Request counters: tests and the bench use them to prove the dashboard lists
 * once and then watches, instead of polling the API server.
 */
import type { ServerResponse } from 'node:http';
import type { Resource } from './types';

export interface KindCounters { gets: number; lists: number; watches: number }

export interface DemoStats {
  requests: number;
  lists: number;
  watches: number;
  gets: number;
  unauthorized: number;
  openWatches: number;
  /**
   * List requests being served right now, and the most ever served at once,
   * by user then resource: "at most one list in flight per kind" is
   * `max <= 1` for the dashboard's user.
   */
  listsInFlight: Record<string, Partial<Record<Resource, { now: number; max: number }>>>;
  /** Scale mode's Event stream: the rate asked for and the updates written so far. */
  churn?: { rate: number; written: number };
  byResource: Partial<Record<Resource, KindCounters>>;
}

export type RequestKind = keyof KindCounters;

export class StatsCounter {
  private readonly totals = { requests: 0, lists: 0, watches: 0, gets: 0, unauthorized: 0 };
  private readonly byResource: Partial<Record<Resource, KindCounters>> = {};
  private inFlight: Record<string, Partial<Record<Resource, { now: number; max: number }>>> = {};

  request(): void {
    this.totals.requests++;
  }

  unauthorized(): void {
    this.totals.unauthorized++;
  }

  count(resource: Resource, kind: RequestKind): void {
    this.totals[kind]++;
    const c = (this.byResource[resource] ??= { gets: 0, lists: 0, watches: 0 });
    c[kind]++;
  }

  /** Counts a list as in flight until its response has been sent (or the client went away). */
  listStarted(user: string, resource: Resource, res: ServerResponse): void {
    const c = ((this.inFlight[user] ??= {})[resource] ??= { now: 0, max: 0 });
    c.now++;
    c.max = Math.max(c.max, c.now);
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      c.now--;
    };
    res.once('finish', end);
    res.once('close', end);
  }

  /** Starts the in-flight maxima afresh (from what is in flight now), so a test measures its own window. */
  resetListMaxima(): void {
    for (const byRes of Object.values(this.inFlight)) for (const c of Object.values(byRes)) c.max = c.now;
  }

  snapshot(openWatches: number): DemoStats {
    const byResource: Partial<Record<Resource, KindCounters>> = {};
    for (const [k, v] of Object.entries(this.byResource) as [Resource, KindCounters][]) byResource[k] = { ...v };
    const listsInFlight = Object.fromEntries(Object.entries(this.inFlight).map(([u, r]) => [u, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { ...v }]))]));
    return { ...this.totals, openWatches, listsInFlight, byResource };
  }
}

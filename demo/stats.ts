/**
 * Request counters: tests and the bench use them to prove the dashboard lists
 * once and then watches, instead of polling the API server.
 */
import type { Resource } from './types';

export interface KindCounters { gets: number; lists: number; watches: number }

export interface DemoStats {
  requests: number;
  lists: number;
  watches: number;
  gets: number;
  unauthorized: number;
  openWatches: number;
  /** Scale mode's Event stream: the rate asked for and the updates written so far. */
  churn?: { rate: number; written: number };
  byResource: Partial<Record<Resource, KindCounters>>;
}

export type RequestKind = keyof KindCounters;

export class StatsCounter {
  private readonly totals = { requests: 0, lists: 0, watches: 0, gets: 0, unauthorized: 0 };
  private readonly byResource: Partial<Record<Resource, KindCounters>> = {};

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

  snapshot(openWatches: number): DemoStats {
    const byResource: Partial<Record<Resource, KindCounters>> = {};
    for (const [k, v] of Object.entries(this.byResource) as [Resource, KindCounters][]) byResource[k] = { ...v };
    return { ...this.totals, openWatches, byResource };
  }
}

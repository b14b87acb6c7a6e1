/**
 * Scale mode: the multus-boot-race incident inside a fleet the size of the
 * largest clusters Kubernetes supports (5,000 nodes, 150,000 pods). The
 * scenario's 12 nodes stay fully simulated (steps and heal work on them); the
 * rest are seeded once, about 2% of them broken the same way, and a churn
 * generator keeps a steady stream of Event updates flowing.
 */

export interface ScaleOptions {
  /** Total nodes, the scenario's 12 included. */
  nodes: number;
  /** Total pods (approximate: whole pods per node). */
  pods: number;
  /** Total Events seeded. */
  events: number;
  /** Event updates per second the churn generator writes from the start. */
  eventRate: number;
  /** Share of the added nodes with a self-nested Multus config. */
  brokenRatio: number;
}

export const DEFAULT_BROKEN_RATIO = 0.02;

function positiveInt(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: expected an integer from ${min} to ${max}, got ${raw}`);
  return n;
}

/** Scale options from CLI flags; undefined when no scale flag was given (the plain 12-node demo). */
export function parseScaleOptions(flags: { nodes?: string; pods?: string; events?: string; 'event-rate'?: string }): ScaleOptions | undefined {
  const nodes = positiveInt('nodes', flags.nodes, 12, 20_000);
  const pods = positiveInt('pods', flags.pods, 0, 1_000_000);
  const events = positiveInt('events', flags.events, 0, 2_000_000);
  const eventRate = positiveInt('event-rate', flags['event-rate'], 0, 100_000);
  if (nodes === undefined && pods === undefined && events === undefined && eventRate === undefined) return undefined;
  const n = nodes ?? 12;
  return { nodes: n, pods: pods ?? n * 30, events: events ?? n * 60, eventRate: eventRate ?? 0, brokenRatio: DEFAULT_BROKEN_RATIO };
}

/**
 * A stuck pod's timeline: from creation (or shortly before its failures when
 * it was created long before) through its sandbox failures to now or to
 * running, with the node's config changes on the same axis. Pure.
 */
import type { ConfigChange } from './config-changes';
import { ms, type FailureEpisode } from './episodes';

/** A pod created longer than this before its first failure gets an axis that starts near the failures instead. */
export const CREATION_LOOKBACK_MS = 6 * 3600_000;

export interface TimelinePoint {
  /** Epoch milliseconds. */
  t: number;
  /** Sandbox failures so far (interpolated inside an aggregated event). */
  failures: number;
}

export interface PodTimeline {
  createdAt: string;
  /** The axis: epoch milliseconds. */
  start: number;
  end: number;
  endKind: 'now' | 'running';
  episodes: FailureEpisode[];
  totalFailures: number;
  /** Every config change of the node; `onAxis` tells which fall inside [start, end]. */
  configChanges: Array<ConfigChange & { onAxis: boolean }>;
  /** The latest config change before the first failure, when within CREATION_LOOKBACK_MS of it: the likely trigger. */
  changeBeforeFailures?: ConfigChange;
  points: TimelinePoint[];
}

/**
 * Failures counted up to `t`. An aggregated event says only "count times
 * between firstSeen and lastSeen", so its occurrences are spread evenly:
 * the first at firstSeen, the last at lastSeen.
 */
export function failuresAt(episodes: readonly FailureEpisode[], t: number): number {
  let sum = 0;
  for (const e of episodes) {
    const first = ms(e.firstSeen);
    const last = ms(e.lastSeen);
    if (t < first) continue;
    if (t >= last || last <= first) sum += e.count;
    else sum += 1 + ((e.count - 1) * (t - first)) / (last - first);
  }
  return Math.round(sum * 10) / 10;
}

function cumulativePoints(episodes: readonly FailureEpisode[], start: number, end: number): TimelinePoint[] {
  const breaks = new Set<number>([start, end]);
  for (const e of episodes) {
    breaks.add(ms(e.firstSeen));
    breaks.add(ms(e.lastSeen));
  }
  const points: TimelinePoint[] = [];
  for (const t of [...breaks].filter((x) => x >= start && x <= end).sort((a, b) => a - b)) {
    // A failure is a step: show the count just before it as well, so the line jumps.
    const before = failuresAt(episodes, t - 1);
    const at = failuresAt(episodes, t);
    if (before !== at && t > start) points.push({ t, failures: before });
    points.push({ t, failures: at });
  }
  return points;
}

export function buildPodTimeline(input: {
  createdAt: string;
  episodes: readonly FailureEpisode[];
  changes: readonly ConfigChange[];
  /** When it became Ready after its failures; absent while it still waits. */
  runningAt?: string;
  now: number;
}): PodTimeline {
  const { episodes, changes, now } = input;
  const created = ms(input.createdAt);
  const end = input.runningAt ? ms(input.runningAt) : now;
  const firstFailure = episodes.length ? Math.min(...episodes.map((e) => ms(e.firstSeen))) : end;
  const before = changes.filter((c) => ms(c.at) <= firstFailure).sort((a, b) => ms(a.at) - ms(b.at)).at(-1);
  // The axis shows the trigger (the config change before the failures, when
  // it is recent enough to be one) and the creation, unless the pod was
  // created long before its failures: then it starts near them.
  const trigger = before && firstFailure - ms(before.at) <= CREATION_LOOKBACK_MS ? ms(before.at) : firstFailure;
  const from = firstFailure - created > CREATION_LOOKBACK_MS ? trigger : Math.min(created, trigger);
  const start = from === created ? created : from - Math.max(60_000, (end - from) * 0.05);
  return {
    createdAt: input.createdAt,
    start,
    end,
    endKind: input.runningAt ? 'running' : 'now',
    episodes: [...episodes],
    totalFailures: episodes.reduce((n, e) => n + e.count, 0),
    configChanges: changes.map((c) => ({ ...c, onAxis: ms(c.at) >= start && ms(c.at) <= end })),
    changeBeforeFailures: episodes.length && trigger !== firstFailure ? before : undefined,
    points: cumulativePoints(episodes, start, end),
  };
}

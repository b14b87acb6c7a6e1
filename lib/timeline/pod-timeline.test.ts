import { describe, expect, it } from 'vitest';
import { aSandboxFailure, aStuckPod, at, brokenAtSnapshot, T0 } from '@/lib/testing/models';
import { configChanges } from './config-changes';
import { podEpisodes } from './episodes';
import { buildPodTimeline, failuresAt } from './pod-timeline';

const pod = aStuckPod('web-1', 'node-a', -39);
const episodes = podEpisodes(pod, [aSandboxFailure(pod, { firstSeen: at(-38), lastSeen: at(-2), count: 19 })]);
const changes = configChanges(brokenAtSnapshot('node-a', -40).snapshot);

describe('failuresAt', () => {
  it('spreads an aggregated event’s occurrences evenly from first to last', () => {
    expect(failuresAt(episodes, Date.parse(at(-39)))).toBe(0);
    expect(failuresAt(episodes, Date.parse(at(-38)))).toBe(1);
    expect(failuresAt(episodes, Date.parse(at(-20)))).toBe(10);
    expect(failuresAt(episodes, Date.parse(at(-2)))).toBe(19);
  });
});

describe('buildPodTimeline', () => {
  it('runs from creation to now with the config change that came before the failures', () => {
    const tl = buildPodTimeline({ createdAt: pod.createdAt, episodes, changes, now: T0 });
    // Revision 3 came a minute before the pod existed: the axis starts a little before it.
    expect(tl.start).toBeLessThan(Date.parse(at(-40)));
    expect(tl.start).toBeGreaterThan(Date.parse(at(-43)));
    expect(tl.end).toBe(T0);
    expect(tl.endKind).toBe('now');
    expect(tl.totalFailures).toBe(19);
    expect(tl.changeBeforeFailures).toMatchObject({ revision: 3, at: at(-40) });
    expect(tl.configChanges.map((c) => [c.revision, c.onAxis])).toEqual([[1, false], [2, false], [3, true]]);
    expect(tl.points.at(-1)).toEqual({ t: T0, failures: 19 });
    expect(tl.points.map((p) => p.t)).toEqual([...tl.points.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('starts near the failures, with the trigger on the axis, for a pod created days before', () => {
    const old = aStuckPod('web-2', 'node-a', -3 * 24 * 60);
    const eps = podEpisodes(old, [aSandboxFailure(old, { firstSeen: at(-38), lastSeen: at(-2), count: 19 })]);
    const tl = buildPodTimeline({ createdAt: old.createdAt, episodes: eps, changes, now: T0 });
    expect(tl.start).toBeLessThan(Date.parse(at(-40)));
    expect(tl.start).toBeGreaterThan(Date.parse(at(-45)));
    expect(tl.configChanges.find((c) => c.revision === 3)?.onAxis).toBe(true);
    expect(tl.points[0]).toEqual({ t: tl.start, failures: 0 });
  });

  it('starts at creation when no config change came shortly before the failures', () => {
    const tl = buildPodTimeline({ createdAt: pod.createdAt, episodes, changes: changes.slice(0, 2), now: T0 });
    expect(tl.start).toBe(Date.parse(at(-39)));
    expect(tl.changeBeforeFailures).toBeUndefined();
  });

  it('ends when the pod ran', () => {
    const tl = buildPodTimeline({ createdAt: pod.createdAt, episodes, changes, runningAt: at(-1), now: T0 });
    expect(tl.endKind).toBe('running');
    expect(tl.end).toBe(Date.parse(at(-1)));
  });
});

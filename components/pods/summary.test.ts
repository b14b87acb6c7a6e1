import { describe, expect, it } from 'vitest';
import type { PodTimelineView } from '@/lib/api/pods';
import { messageTail, seriesSentence, timelineSentence } from './summary';

const T = Date.parse('2026-11-26T12:00:00Z');
const iso = (min: number): string => new Date(T + min * 60_000).toISOString();

describe('timelineSentence', () => {
  const tl: PodTimelineView = {
    start: T - 45 * 60_000, end: T, endKind: 'now', totalFailures: 19,
    episodes: [{ reason: 'FailedCreatePodSandBox', count: 19, firstSeen: iso(-38), lastSeen: iso(-1), message: 'x' }],
    configChanges: [], changeBeforeFailures: { revision: 3, at: iso(-40), source: 'file-modified', files: [], onAxis: true }, points: [],
  };

  it('names the trigger before the failures and whether the pod runs now', () => {
    expect(timelineSentence(tl)).toBe("The node's CNI config changed to revision 3 2 min before the first sandbox failure. 19 sandbox failures in 1 event, over 38 min. The pod is still not running.");
    expect(timelineSentence({ ...tl, changeBeforeFailures: undefined, endKind: 'running' })).toMatch(/^No config change .* Then the pod started\.$/);
  });
});

describe('seriesSentence', () => {
  it('gives pods, peak and now', () => {
    const chart = { from: T - 10 * 60_000, to: T, bucketMs: 5 * 60_000, buckets: [T - 10 * 60_000, T - 5 * 60_000], pods: 3, peak: 2, current: 2, series: [{ key: 'node-a', values: [1, 2], peak: 2 }, { key: 'node-b', values: [1, 0], peak: 1 }] };
    expect(seriesSentence(chart)).toBe('3 pods stuck at some point in the last 10 min, at most 2 at once, 2 now. By node: node-a (peak 2), node-b (peak 1).');
    expect(seriesSentence({ ...chart, series: [], pods: 0 })).toBe('No pod was stuck in the last 10 min.');
  });
});

describe('messageTail', () => {
  it('keeps short messages and cuts long ones from the front', () => {
    expect(messageTail('short')).toBe('short');
    expect(messageTail('x'.repeat(300) + ' already exists', 20)).toBe(`…${'x'.repeat(4)} already exists`);
    expect(messageTail('y'.repeat(300), 20)).toHaveLength(20);
  });
});

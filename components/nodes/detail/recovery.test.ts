import { describe, expect, it } from 'vitest';
import type { RecentPodView } from '@/lib/api/node-detail';
import { recoveryCounts, recoverySentence } from './recovery';

const pod = (name: string, state: RecentPodView['state']): RecentPodView => ({ namespace: 'shop', name, state, stuckFrom: '2026-01-01T00:00:00Z', stuckTo: '2026-01-01T00:10:00Z' });

describe('recoverySentence', () => {
  it('says how many of the pods run again', () => {
    expect(recoverySentence(recoveryCounts(Array.from({ length: 7 }, (_, i) => pod(`p${i}`, 'running'))))).toBe('7 of 7 pods running');
    expect(recoverySentence(recoveryCounts([pod('a', 'running')]))).toBe('1 of 1 pod running');
  });

  it('names what holds the rest back', () => {
    const c = recoveryCounts([pod('a', 'running'), pod('b', 'stuck'), pod('c', 'stuck'), pod('d', 'gone'), pod('e', 'not-running')]);
    expect(c).toEqual({ total: 5, running: 1, stuck: 2, notRunning: 1, gone: 1 });
    expect(recoverySentence(c)).toBe('1 of 5 pods running; 2 still stuck, 1 not running for another reason, 1 deleted (a controller may have replaced it)');
  });
});

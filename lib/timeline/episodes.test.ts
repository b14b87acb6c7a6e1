import { describe, expect, it } from 'vitest';
import { aPod, aSandboxFailure, aStuckPod, at, T0 } from '@/lib/testing/models';
import { episodeSignature, podEpisodes, stuckInterval, UNMATCHED_SIGNATURE } from './episodes';

describe('podEpisodes', () => {
  it('keeps the failures of this pod’s life, oldest first, clamped to its creation', () => {
    const pod = aStuckPod('web-1', 'node-a', -30);
    const earlierPod = aSandboxFailure(pod, { name: 'old', firstSeen: at(-90), lastSeen: at(-80) });
    const straddling = aSandboxFailure(pod, { name: 'b', firstSeen: at(-35), lastSeen: at(-10), count: 7 });
    const later = aSandboxFailure(pod, { name: 'c', firstSeen: at(-8), lastSeen: at(-1), count: 3 });
    const episodes = podEpisodes(pod, [later, earlierPod, straddling]);
    expect(episodes.map((e) => [e.firstSeen, e.count])).toEqual([[at(-30), 7], [at(-8), 3]]);
  });

  it('names the signature of the newest failure, or says none matched', () => {
    const pod = aStuckPod('web-1', 'node-a', -30);
    expect(episodeSignature(podEpisodes(pod, [aSandboxFailure(pod)]))).toBe('multus-ifname-exists');
    expect(episodeSignature(podEpisodes(pod, [aSandboxFailure(pod, { message: 'something new' })]))).toBe(UNMATCHED_SIGNATURE);
  });
});

describe('stuckInterval', () => {
  it('runs from the first failure to now while the pod still waits', () => {
    const pod = aStuckPod('web-1', 'node-a', -30);
    const iv = stuckInterval(pod, podEpisodes(pod, [aSandboxFailure(pod, { firstSeen: at(-29) })]), T0);
    expect(iv).toMatchObject({ from: at(-29), to: at(0), ongoing: true, node: 'node-a', signature: 'multus-ifname-exists' });
  });

  it('ends when the pod became Ready after its failures', () => {
    const pod = aPod('web-1', 'node-a', { createdAt: at(-60), readyTransitionAt: at(-10) });
    const iv = stuckInterval(pod, podEpisodes(pod, [aSandboxFailure(pod, { firstSeen: at(-59), lastSeen: at(-12) })]), T0);
    expect(iv).toMatchObject({ from: at(-59), to: at(-10), ongoing: false });
  });

  it('after a reboot counts only the failures since the pod stopped being Ready', () => {
    const pod = aStuckPod('web-1', 'node-a', -600);
    const rebooted = { ...pod, readyTransitionAt: at(-20) };
    const before = aSandboxFailure(pod, { name: 'a', firstSeen: at(-590), lastSeen: at(-500) });
    const after = aSandboxFailure(pod, { name: 'b', firstSeen: at(-19), lastSeen: at(-1) });
    expect(stuckInterval(rebooted, podEpisodes(rebooted, [before, after]), T0)).toMatchObject({ from: at(-19), to: at(0) });
  });

  it('is undefined for a pod that never failed or was never scheduled', () => {
    const pod = aStuckPod('web-1', 'node-a', -30);
    expect(stuckInterval(pod, [], T0)).toBeUndefined();
    const unscheduled = { ...pod, nodeName: undefined };
    expect(stuckInterval(unscheduled, podEpisodes(unscheduled, [aSandboxFailure(pod)]), T0)).toBeUndefined();
  });
});

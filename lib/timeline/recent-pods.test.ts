import { describe, expect, it } from 'vitest';
import { aPod, aSandboxFailure, aStuckPod, at, T0 } from '@/lib/testing/models';
import { recentPodsOnNode, stuckAt, RECENT_WINDOW_MS } from './recent-pods';

const stuck = aStuckPod('web-1', 'node-a', -30);
const recovered = aPod('cart-1', 'node-a', { createdAt: at(-40), readyTransitionAt: at(-5) });
const longAgo = aPod('old-1', 'node-a', { createdAt: at(-400), readyTransitionAt: at(-300) });
const elsewhere = aStuckPod('api-1', 'node-b', -30);
const fine = aPod('fine-1', 'node-a');
const deleted = aStuckPod('gone-1', 'node-a', -30);

const events = [
  aSandboxFailure(stuck, { firstSeen: at(-29), lastSeen: at(-1), host: 'node-a' }),
  aSandboxFailure(recovered, { firstSeen: at(-39), lastSeen: at(-6), host: 'node-a' }),
  aSandboxFailure(longAgo, { firstSeen: at(-399), lastSeen: at(-301), host: 'node-a' }),
  aSandboxFailure(elsewhere, { firstSeen: at(-29), lastSeen: at(-1), host: 'node-b' }),
  aSandboxFailure(deleted, { firstSeen: at(-29), lastSeen: at(-8), host: 'node-a' }),
];
const state = { pods: [stuck, recovered, longAgo, elsewhere, fine], events };

describe('recentPodsOnNode', () => {
  it('lists the node’s recently stuck pods with what became of each, oldest first', () => {
    expect(recentPodsOnNode(state, 'node-a', T0)).toEqual([
      { namespace: 'shop', name: 'cart-1', state: 'running', stuckFrom: at(-39), stuckTo: at(-5), runningSince: at(-5) },
      { namespace: 'shop', name: 'gone-1', state: 'gone', stuckFrom: at(-29), stuckTo: at(-8) },
      { namespace: 'shop', name: 'web-1', state: 'stuck', stuckFrom: at(-29), stuckTo: new Date(T0).toISOString() },
    ]);
  });

  it('leaves out pods that recovered before the window and pods of other nodes', () => {
    const names = recentPodsOnNode(state, 'node-a', T0).map((p) => p.name);
    expect(names).not.toContain('old-1');
    expect(names).not.toContain('api-1');
    expect(RECENT_WINDOW_MS).toBeLessThan(300 * 60_000);
    expect(recentPodsOnNode(state, 'node-b', T0).map((p) => p.name)).toEqual(['api-1']);
  });
});

describe('stuckAt', () => {
  const recent = recentPodsOnNode(state, 'node-a', T0);
  it('picks the pods stuck when a fix started, including those since deleted', () => {
    expect(stuckAt(recent, Date.parse(at(-7))).map((p) => p.name)).toEqual(['cart-1', 'gone-1', 'web-1']);
  });

  it('does not count a pod that was running before the fix, or one whose failures had long stopped', () => {
    expect(stuckAt(recent, Date.parse(at(-2))).map((p) => p.name)).toEqual(['gone-1', 'web-1']);
    // gone-1's last failure was 8 minutes before now: eleven minutes of silence means it had stopped failing.
    expect(stuckAt(recent, Date.parse(at(3))).map((p) => p.name)).toEqual(['web-1']);
    expect(stuckAt(recent, Date.parse(at(-45))).map((p) => p.name)).toEqual([]);
  });
});

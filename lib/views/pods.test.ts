import { describe, expect, it } from 'vitest';
import { aPod, aSandboxFailure, aStuckPod, at, brokenAtSnapshot, healthySnapshot, T0 } from '@/lib/testing/models';
import { podsViewFrom } from './pods';

const stuckA = aStuckPod('web-1', 'node-a', -39);
const stuckA2 = aStuckPod('cart-1', 'node-a', -38);
const stuckB = aStuckPod('api-1', 'node-b', -20);
const recovered = aPod('search-1', 'node-b', { createdAt: at(-90), readyTransitionAt: at(-50) });
const state = {
  pods: [stuckA, stuckA2, stuckB, recovered, aPod('fine-1', 'node-c')],
  events: [
    aSandboxFailure(stuckA, { firstSeen: at(-38), lastSeen: at(-1), count: 19 }),
    aSandboxFailure(stuckA2, { firstSeen: at(-37), lastSeen: at(-1), count: 18 }),
    aSandboxFailure(stuckB, { message: 'failed to find plugin "aws-cni" in path [/opt/cni/bin]', firstSeen: at(-19), lastSeen: at(-2), count: 9 }),
    aSandboxFailure(recovered, { firstSeen: at(-89), lastSeen: at(-51), count: 20 }),
  ],
  snapshots: [brokenAtSnapshot('node-a', -40), healthySnapshot('node-b')],
};

describe('podsViewFrom', () => {
  it('lists the stuck pods with signature, failures and a timeline naming the config change before them', () => {
    const view = podsViewFrom(state, [], {}, T0);
    expect(view.total).toBe(3);
    expect(view.pods.map((p) => `${p.node} ${p.name} ${p.signature.id} ${p.failures}`)).toEqual([
      'node-a web-1 multus-ifname-exists 19',
      'node-a cart-1 multus-ifname-exists 18',
      'node-b api-1 cni-plugin-not-found 9',
    ]);
    const web = view.pods[0]!;
    expect(web.timeline.changeBeforeFailures).toMatchObject({ revision: 3, at: at(-40), source: 'file-modified' });
    expect(web.timeline.totalFailures).toBe(19);
    expect(view.facets.signatures.map((f) => [f.key, f.count])).toEqual([['multus-ifname-exists', 2], ['cni-plugin-not-found', 1]]);
  });

  it('charts pods that were stuck earlier and have started since', () => {
    const view = podsViewFrom(state, [], {}, T0);
    expect(view.chart.pods).toBe(4);
    expect(view.chart.series.map((s) => s.key).sort()).toEqual(['node-a', 'node-b']);
  });

  it('filters list and chart by node and signature, keeping the unfiltered total and facets', () => {
    const view = podsViewFrom(state, [], { signature: 'cni-plugin-not-found' }, T0);
    expect(view.pods.map((p) => p.name)).toEqual(['api-1']);
    expect(view.total).toBe(3);
    expect(view.facets.nodes).toHaveLength(2);
    expect(view.chart.series.map((s) => s.key)).toEqual(['node-b']);
    expect(podsViewFrom(state, [], { node: 'node-c' }, T0).pods).toEqual([]);
  });

  it('reports unsynced kinds as stale beside the data', () => {
    const view = podsViewFrom(state, [{ kind: 'events', synced: false, count: 0 }], {}, T0);
    expect(view.stale).toBe(true);
    expect(view.errors).toEqual(['events: not synced yet']);
  });
});

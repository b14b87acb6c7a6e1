import { describe, expect, it } from 'vitest';
import { aPod, aSandboxFailure, aStuckPod, at, brokenAtSnapshot, healthySnapshot, T0 } from '@/lib/testing/models';
import type { PodsFilter, PodsListing } from '@/lib/api/pods';
import { podsViewFrom } from './pods';

const L = (f: PodsFilter = {}, sort: Partial<Pick<PodsListing, 'sort' | 'order'>> = {}): PodsListing => ({ sort: 'node', order: 'asc', ...sort, ...f });

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
    const view = podsViewFrom(state, [], L({}), T0);
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
    const view = podsViewFrom(state, [], L({}), T0);
    expect(view.chart.pods).toBe(4);
    expect(view.chart.series.map((s) => s.key).sort()).toEqual(['node-a', 'node-b']);
  });

  it('filters list and chart by node and signature, keeping the unfiltered total and facets', () => {
    const view = podsViewFrom(state, [], L({ signature: 'cni-plugin-not-found' }), T0);
    expect(view.pods.map((p) => p.name)).toEqual(['api-1']);
    expect(view.total).toBe(3);
    expect(view.facets.nodes).toHaveLength(2);
    expect(view.chart.series.map((s) => s.key)).toEqual(['node-b']);
    expect(podsViewFrom(state, [], L({ node: 'node-c' }), T0).pods).toEqual([]);
  });

  it('reports unsynced kinds as stale beside the data', () => {
    const view = podsViewFrom(state, [{ kind: 'events', synced: false, count: 0 }], L(), T0);
    expect(view.stale).toBe(true);
    expect(view.errors).toEqual(['events: not synced yet']);
  });

  it('filters by namespace, workload and search text, counting what matches', () => {
    const other = { ...aStuckPod('pay-1', 'node-b', -30), namespace: 'payments' };
    const s2 = { ...state, pods: [...state.pods, other], events: [...state.events, aSandboxFailure(other, { firstSeen: at(-29), count: 3 })] };
    expect(podsViewFrom(s2, [], L({ namespace: 'payments' }), T0).pods.map((p) => p.name)).toEqual(['pay-1']);
    expect(podsViewFrom(s2, [], L({ workload: 'ReplicaSet/cart' }), T0).pods.map((p) => p.name)).toEqual(['cart-1']);
    const byText = podsViewFrom(s2, [], L({ q: 'AWS-CNI' }), T0);
    expect(byText.pods.map((p) => p.name)).toEqual(['api-1']);
    expect(byText.matching).toBe(1);
    expect(byText.total).toBe(4);
    expect(podsViewFrom(s2, [], L({ q: 'payments/' }), T0).pods.map((p) => p.name)).toEqual(['pay-1']);
    const facets = podsViewFrom(s2, [], L(), T0).facets;
    expect(facets.namespaces).toEqual([{ key: 'shop', count: 3 }, { key: 'payments', count: 1 }]);
    expect(facets.workloads.map((f) => f.key).sort()).toEqual(['ReplicaSet/api', 'ReplicaSet/cart', 'ReplicaSet/pay', 'ReplicaSet/web']);
  });

  it('sorts by the chosen column in either order, ties by node, then oldest, then name', () => {
    const names = (sort: PodsListing['sort'], order: PodsListing['order']): string[] => podsViewFrom(state, [], L({}, { sort, order }), T0).pods.map((p) => p.name);
    expect(names('failures', 'desc')).toEqual(['web-1', 'cart-1', 'api-1']);
    expect(names('failures', 'asc')).toEqual(['api-1', 'cart-1', 'web-1']);
    expect(names('pod', 'asc')).toEqual(['cart-1', 'web-1', 'api-1'].sort((a, b) => `shop/${a}`.localeCompare(`shop/${b}`)));
    expect(names('since', 'desc')).toEqual(['api-1', 'cart-1', 'web-1']);
    expect(names('node', 'desc')).toEqual(['api-1', 'web-1', 'cart-1']);
    expect(names('signature', 'asc')).toEqual(['api-1', 'web-1', 'cart-1']);
  });
});

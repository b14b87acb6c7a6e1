import { describe, expect, it } from 'vitest';
import { chooseBase, type Candidate } from './comparison';

const c = (name: string, over: Partial<Candidate> = {}): Candidate => ({ name, verdict: 'healthy', zone: 'a', pool: 'p1', variant: 'v1', ...over });

describe('chooseBase', () => {
  it('prefers a healthy node of the same variant and pool, same zone first, then by name', () => {
    const target = c('t', { verdict: 'degraded', zone: 'b' });
    const choice = chooseBase(target, [target, c('n3', { zone: 'a' }), c('n2', { zone: 'b' }), c('n1', { zone: 'b' }), c('x', { pool: 'p2', zone: 'b' })]);
    expect(choice).toMatchObject({ node: 'n1', reason: 'same-variant' });
    expect(choice?.description).toBe('compared with n1, the nearest healthy node in pool p1 with the same config variant (same zone, b)');
  });

  it('falls back to the largest healthy variant of the pool when the target variant has no healthy node', () => {
    const target = c('t', { verdict: 'broken', variant: 'nested' });
    const choice = chooseBase(target, [target, c('other-nested', { verdict: 'broken', variant: 'nested' }), c('small', { variant: 'v2' }), c('b2'), c('b1', { zone: 'z' })]);
    expect(choice).toMatchObject({ node: 'b2', reason: 'largest-variant-in-pool', variantSize: 2 });
    expect(choice?.description).toContain('most common healthy config in pool p1 (2 nodes)');
  });

  it('then looks in the zone, then the cluster, and never picks unhealthy or snapshot-less nodes', () => {
    const target = c('t', { verdict: 'broken', variant: 'nested', pool: 'lonely', zone: 'a' });
    expect(chooseBase(target, [target, c('z1', { pool: 'p9' }), c('far', { zone: 'q' }), c('far2', { zone: 'q' })])).toMatchObject({ node: 'z1', reason: 'largest-variant-in-zone' });
    const nowhere = c('t', { verdict: 'broken', pool: 'lonely', zone: 'none', variant: 'x' });
    expect(chooseBase(nowhere, [nowhere, c('far', { zone: 'q' })])).toMatchObject({ node: 'far', reason: 'largest-variant-in-cluster' });
    expect(chooseBase(target, [target, c('sick', { verdict: 'broken' }), c('blind', { variant: undefined }), c('unsure', { verdict: 'unknown' })])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { KINDS } from './kinds';
import type { Selection } from './query';
import { ObjectStore, type Change } from './store';
import type { ConfigMapObject } from './types';
import { watchEventFor } from './watch';

const cm = (name: string, labels: Record<string, string> = {}): ConfigMapObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', data: {},
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2024-01-01T00:00:00Z', labels },
});

describe('ObjectStore', () => {
  it('bumps one global RV per write and never mutates stored objects', () => {
    const s = new ObjectStore({ initialRv: 1000, historyLimit: 100 });
    const a = s.create('configmaps', cm('a'));
    expect(a.metadata.resourceVersion).toBe('1001');
    const b = s.update('configmaps', 'ns/a', (d) => { d.data.x = '1'; });
    expect(b.metadata.resourceVersion).toBe('1002');
    expect(a.data).toEqual({});
    expect(s.resourceVersion()).toBe('1002');
  });

  it('replays changes since an RV and rebuilds past states, deletes included', () => {
    const s = new ObjectStore({ initialRv: 0, historyLimit: 100 });
    s.create('configmaps', cm('a'));
    s.create('configmaps', cm('b'));
    const rv = s.currentRv();
    s.update('configmaps', 'ns/a', (d) => { d.data.v = '2'; });
    s.delete('configmaps', 'ns/b');
    s.create('configmaps', cm('c'));
    expect(s.changesSince('configmaps', rv)?.map((c) => `${c.type} ${c.key}`)).toEqual(['MODIFIED ns/a', 'DELETED ns/b', 'ADDED ns/c']);
    const past = s.stateAt('configmaps', rv);
    expect(past?.keys.filter((k) => past.get(k))).toEqual(['ns/a', 'ns/b']);
    expect(past?.get('ns/a')?.metadata.resourceVersion).toBe('1');
    expect(s.list('configmaps').map((o) => o.metadata.name)).toEqual(['a', 'c']);
  });

  it('forgets changes beyond historyLimit: older RVs are expired', () => {
    const s = new ObjectStore({ initialRv: 0, historyLimit: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create('configmaps', cm(n));
    expect(s.oldestRv()).toBe(2);
    expect(s.changesSince('configmaps', 1)).toBeUndefined();
    expect(s.changesSince('configmaps', 2)).toHaveLength(3);
    s.compact();
    expect(s.changesSince('configmaps', 4)).toBeUndefined();
    expect(s.changesSince('configmaps', 5)).toEqual([]);
  });
});

describe('watchEventFor', () => {
  const sel: Selection = { kind: KINDS.configmaps, labels: [{ key: 'app', op: '=', values: ['x'] }], fields: [] };
  const change = (type: Change['type'], prev?: ConfigMapObject, object?: ConfigMapObject): Change =>
    ({ rv: 9, resource: 'configmaps', key: 'ns/a', type, object: object ?? prev ?? cm('a'), prev });

  it.each([
    ['ADDED matching', change('ADDED', undefined, cm('a', { app: 'x' })), 'ADDED'],
    ['ADDED not matching', change('ADDED', undefined, cm('a')), undefined],
    ['starts matching', change('MODIFIED', cm('a'), cm('a', { app: 'x' })), 'ADDED'],
    ['keeps matching', change('MODIFIED', cm('a', { app: 'x' }), cm('a', { app: 'x' })), 'MODIFIED'],
    ['stops matching', change('MODIFIED', cm('a', { app: 'x' }), cm('a')), 'DELETED'],
    ['deleted while matching', change('DELETED', cm('a', { app: 'x' })), 'DELETED'],
    ['deleted, never matched', change('DELETED', cm('a')), undefined],
  ])('%s', (_name, ch, expected) => {
    expect(watchEventFor(sel, ch)?.type).toBe(expected);
  });

  it('sends the previous content with the new RV when an object stops matching', () => {
    const ev = watchEventFor(sel, change('MODIFIED', cm('a', { app: 'x' }), cm('a')));
    expect(ev?.object.metadata.labels).toEqual({ app: 'x' });
    expect(ev?.object.metadata.resourceVersion).toBe('9');
  });
});

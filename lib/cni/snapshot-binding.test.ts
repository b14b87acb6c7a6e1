import { describe, expect, it } from 'vitest';
import { healthySnapshot, nestedSnapshot } from '@/lib/testing/models';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { bindSnapshots, checkSnapshotBinding, ignoredByNode, nameFitsNode, nodeOfConfigMapName, shownName } from './snapshot-binding';

/** A snapshot of `node`'s document, stored as the agent of `storedAs` would name its ConfigMap. */
function storedAs(s: SnapshotModel, node: string, over: Partial<SnapshotModel> = {}): SnapshotModel {
  return { ...s, configMapName: `cni-snapshot-${node}`, annotatedNode: node, ...over };
}

const owned = (s: SnapshotModel, name: string, uid = `uid-${name}`): SnapshotModel => ({ ...s, owners: [{ apiVersion: 'v1', kind: 'Node', name, uid }] });

describe('checkSnapshotBinding', () => {
  it('accepts a snapshot whose name, document, annotation and owner name the same node', () => {
    expect(checkSnapshotBinding(owned(healthySnapshot('n1'), 'n1'), 'uid-n1')).toEqual({ ok: true, node: 'n1' });
    // Unowned is allowed: the agent works without `get nodes`.
    expect(checkSnapshotBinding(healthySnapshot('n1'), 'uid-n1')).toEqual({ ok: true, node: 'n1' });
  });

  it('ignores a document naming another node than the ConfigMap it is stored in, and says which', () => {
    const c = checkSnapshotBinding(storedAs(healthySnapshot('n1'), 'n2'));
    expect(c).toEqual({ ok: false, ignored: { namespace: 'cni-health', configMapName: 'cni-snapshot-n2', claims: 'n1', storedAs: 'n2', reason: 'names node "n1" but is stored as "n2"' } });
  });

  it('ignores a disagreeing or missing annotation, and an owner that is another Node or an earlier one', () => {
    const s = healthySnapshot('n1');
    expect(checkSnapshotBinding({ ...s, annotatedNode: 'n2' })).toMatchObject({ ok: false, ignored: { reason: 'names node "n1" but its cni-health.io/node annotation says "n2"' } });
    expect(checkSnapshotBinding({ ...s, annotatedNode: undefined })).toMatchObject({ ok: false, ignored: { reason: 'names node "n1" but has no cni-health.io/node annotation' } });
    expect(checkSnapshotBinding(owned(s, 'n2'), 'uid-n1')).toMatchObject({ ok: false, ignored: { reason: 'names node "n1" but is owned by Node "n2"' } });
    expect(checkSnapshotBinding(owned(s, 'n1', 'old'), 'uid-n1')).toMatchObject({ ok: false, ignored: { reason: expect.stringContaining('is owned by an earlier Node "n1"') } });
  });

  it('accepts a bundle read from disk (no ConfigMap) by its document, and refuses a ConfigMap outside the naming scheme', () => {
    expect(checkSnapshotBinding({ ...healthySnapshot('n1'), configMapName: '', annotatedNode: undefined })).toEqual({ ok: true, node: 'n1' });
    expect(checkSnapshotBinding({ ...healthySnapshot('n1'), configMapName: 'something-else' })).toMatchObject({ ok: false, ignored: { reason: 'names node "n1" but is stored as ConfigMap "something-else"' } });
  });

  it('neutralises control, bidi and zero-width characters in what it reports', () => {
    const c = checkSnapshotBinding(storedAs(healthySnapshot('n1'), 'n2\u202egnp.exe\u200b\u001b[31m'));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.ignored.reason).toBe('names node "n1" but is stored as "n2\\u{202e}gnp.exe\\u{200b}\\u001b[31m"');
    expect(shownName('x'.repeat(400))).toHaveLength(253 + 3);
  });
});

describe('the naming scheme', () => {
  it('reads the node from a short name, and checks a long one by its prefix and hash shape', () => {
    expect(nodeOfConfigMapName('cni-snapshot-ip-10-0-1-1')).toBe('ip-10-0-1-1');
    expect(nodeOfConfigMapName('cni-repair-x')).toBeUndefined();
    const long = 'a'.repeat(250);
    const name = `cni-snapshot-${long}`.slice(0, 236) + '-0123456789abcdef';
    expect(nameFitsNode(name, long)).toBe(true);
    expect(nodeOfConfigMapName(name)).toBeUndefined();
    expect(nameFitsNode(name, 'b'.repeat(250))).toBe(false);
    expect(nameFitsNode(`${name.slice(0, 237)}XYZ456789abcdef`, long)).toBe(false);
  });
});

describe('bindSnapshots', () => {
  it('keeps one snapshot per node: a forged one claiming a node never overrides the correctly named one, in any order', () => {
    const real = healthySnapshot('n1');
    const forged = storedAs(nestedSnapshot('n1'), 'n2');
    for (const order of [[real, forged], [forged, real]]) {
      const b = bindSnapshots(order);
      expect(b.accepted.get('n1')).toBe(real);
      expect(b.accepted.has('n2')).toBe(false);
      expect(b.ignored.map((i) => i.configMapName)).toEqual(['cni-snapshot-n2']);
      expect([...ignoredByNode(b.ignored).keys()].sort()).toEqual(['n1', 'n2']);
    }
  });

  it('reports the second of two consistent snapshots of one node (two namespaces) and keeps the first by name', () => {
    const a = healthySnapshot('n1');
    const b = { ...nestedSnapshot('n1'), namespace: 'other' };
    const bound = bindSnapshots([b, a]);
    expect(bound.accepted.get('n1')).toBe(a);
    expect(bound.ignored).toMatchObject([{ namespace: 'other', reason: 'names node "n1", whose snapshot is already "cni-health/cni-snapshot-n1"' }]);
  });
});

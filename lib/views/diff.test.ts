import { describe, expect, it } from 'vitest';
import type { DiffState } from '@/lib/api/diff';
import type { ClusterCache, ClusterState } from '@/lib/k8s/cache';
import { AWS_CONFLIST, T0, aFile, aNode, aSnapshot, at, healthySnapshot, multusConf } from '@/lib/testing/models';
import { buildDiffView } from './diff';

const healthyMultus = aFile('00-multus.conf', multusConf(AWS_CONFLIST));
const nestedMultus = aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST)));
const aws = (ip: string): ReturnType<typeof aFile> => aFile('10-aws.conflist', { ...AWS_CONFLIST, plugins: [...AWS_CONFLIST.plugins, { type: 'egress-cni', name: 'egress-v4', nodeIP: ip }] });

function cache(): ClusterCache {
  const broken = aSnapshot('bad', [nestedMultus, aws('10.0.0.9')], {
    revision: 3,
    collectedAt: at(-1),
    history: [
      { revision: 2, observedAt: at(-600), digest: 'a'.repeat(64), files: [healthyMultus, aws('10.0.0.9')].map(({ name, size, sha256, content }) => ({ name, size, sha256, content })) },
      { revision: 1, observedAt: at(-700), digest: 'b'.repeat(64), files: [{ name: '10-aws.conflist', size: 1 }] },
    ],
  });
  const ok = (name: string, ip: string): ReturnType<typeof aSnapshot> => aSnapshot(name, [healthyMultus, aws(ip)], { collectedAt: at(-1) });
  const state: ClusterState = {
    nodes: [aNode('bad'), aNode('good-b', { zone: 'eu-west-1b' }), aNode('good-a'), aNode('blind'), aNode('other', { pool: 'gpu' })],
    pods: [], events: [], daemonsets: [],
    snapshots: [broken, ok('good-b', '10.0.0.2'), ok('good-a', '10.0.0.3'), { ...healthySnapshot('other'), snapshot: { ...healthySnapshot('other').snapshot!, collectedAt: at(-1) } }],
    probes: [],
  };
  return { state: () => state } as unknown as ClusterCache;
}

const req = (over: Partial<DiffState>): DiffState => ({ ignore: true, mode: 'side', ...over });

describe('buildDiffView', () => {
  it('chooses and names a healthy base, and shows the nested delegate as one added block', () => {
    const r = buildDiffView(cache(), req({ target: 'bad' }), T0);
    if (!r.ok) throw new Error(r.error);
    expect(r.view.base.node).toBe('good-a');
    expect(r.view.choice?.description).toMatch(/^compared with good-a, a healthy node of the most common healthy config in pool general/);
    const multus = r.view.files.find((f) => f.file === '00-multus.conf')!;
    // The AWS delegate is not where it belongs any more: a whole Multus config took its place.
    expect(multus.changes).toEqual([{ op: 'add', path: '$.delegates[0]' }, { op: 'remove', path: '$.delegates[0]' }]);
    expect(multus.summary).toEqual(['the whole Multus config is nested inside delegates[0] (the aws-cni that was there is now at delegates[0].delegates[0])']);
    expect(multus.base!.filter((l) => l.mark === 'removed').some((l) => l.text.includes('"name": "aws-cni"'))).toBe(true);
    const added = multus.target!.filter((l) => l.mark === 'added');
    expect(added.filter((l) => l.blockStart)).toHaveLength(1);
    expect(added.some((l) => l.text.includes('"type": "multus"'))).toBe(true);
    expect(r.view.target.findings[0]?.ruleId).toBe('multus-nested-delegates');
  });

  it('hides node-specific differences only when asked', () => {
    const hidden = buildDiffView(cache(), req({ target: 'bad', base: 'good-a' }), T0);
    const shown = buildDiffView(cache(), req({ target: 'bad', base: 'good-a', ignore: false }), T0);
    if (!hidden.ok || !shown.ok) throw new Error('expected views');
    const awsOf = (v: typeof hidden.view): unknown => v.files.find((f) => f.file === '10-aws.conflist');
    expect(awsOf(hidden.view)).toMatchObject({ status: 'unchanged', hiddenChanges: 1 });
    expect(awsOf(shown.view)).toMatchObject({ status: 'changed', changes: [{ op: 'change', path: '$.plugins[3].nodeIP' }] });
  });

  it('shows a pinned earlier revision, says the node moved on, and its findings then', () => {
    const r = buildDiffView(cache(), req({ target: 'bad', base: 'good-a', targetRev: 2 }), T0);
    if (!r.ok) throw new Error(r.error);
    expect(r.view.target).toMatchObject({ revision: 2, latestRevision: 3, behind: true, observedAt: at(-600), findings: [] });
    expect(r.view.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(r.view.choice).toBeUndefined();
  });

  it('says when a pinned revision is gone', () => {
    const r = buildDiffView(cache(), req({ target: 'bad', base: 'good-a', targetRev: 1 }), T0);
    expect(r.ok && r.view.target.missing).toBe('content-dropped');
    expect(r.ok && r.view.files).toEqual([]);
  });

  it('refuses what it cannot compare, with the reason', () => {
    expect(buildDiffView(cache(), req({}), T0)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(buildDiffView(cache(), req({ target: 'bad', base: 'bad' }), T0)).toMatchObject({ ok: false, code: 'bad-request', error: expect.stringContaining('same node') });
    expect(buildDiffView(cache(), req({ target: 'nope' }), T0)).toMatchObject({ ok: false, code: 'not-found', error: 'target: there is no node named nope in this cluster' });
    expect(buildDiffView(cache(), req({ target: 'bad', base: 'blind' }), T0)).toMatchObject({ ok: false, code: 'not-found', error: expect.stringContaining('blind has no config to compare') });
  });
});

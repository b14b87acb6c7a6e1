import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnoseCluster, type NodeDiagnosis } from '@/lib/health/diagnose';
import { T0, aFile, aMultusPod, aNode, aSnapshot, AWS_CONFLIST, healthySnapshot, multusConf, nestedSnapshot } from '@/lib/testing/models';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { bulkActionFor, bulkOffers, MIN_BULK_NODES, planBulk, recheckNode } from './bulk-plan';
import type { RequestContext } from './node-plans';
import { planDigest, type Plan } from './plan';

const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const reqFor = (node: string): RequestContext => ({ id: `r${node.replace(/\W/g, '').slice(-8)}`, at: new Date(T0).toISOString(), by: 'alice', namespace: 'cni-health', sha256Hex });
const same = (a: Plan, b: Plan): boolean => planDigest(a) === planDigest(b);

/** A self-nested node whose snapshot shows the file redacted: the repaired content cannot be previewed, so its repair is blocked. */
function unpreviewable(node: string): SnapshotModel {
  const s = nestedSnapshot(node);
  return { ...s, snapshot: { ...s.snapshot!, files: s.snapshot!.files.map((f) => (f.name === '00-multus.conf' ? { ...f, redacted: true } : f)) } };
}

/** Nodes n1..nN: the `nested` ones self-nested, the `blocked` ones among them unpreviewable, the rest healthy. */
function fleet(names: string[], nested: string[], blocked: string[] = []): NodeDiagnosis[] {
  return diagnoseCluster({
    nodes: names.map((n) => aNode(n)),
    pods: names.map((n) => aMultusPod(n)),
    events: [],
    snapshots: names.map((n) => (blocked.includes(n) ? unpreviewable(n) : nested.includes(n) ? nestedSnapshot(n) : healthySnapshot(n))),
    now: T0,
  }).nodes;
}

describe('bulkActionFor', () => {
  it('takes the first node action a finding names, never advice or a cluster action', () => {
    expect(bulkActionFor(['repair-node-cni-config', 'restart-multus-pod'])).toBe('repair-node-cni-config');
    expect(bulkActionFor(['upgrade-multus', 'multus-wait-for-primary-cni', 'repair-node-cni-config'])).toBe('repair-node-cni-config');
    expect(bulkActionFor(['remove-leftover-cni-config', 'upgrade-multus'])).toBeUndefined();
    // Restarting the primary CNI agent's pod is a node action: a crash-looping agent on many nodes is repaired in bulk too.
    expect(bulkActionFor(['restart-primary-cni-pod', 'upgrade-multus'])).toBe('restart-primary-cni-pod');
  });
});

describe('bulkOffers', () => {
  it('offers the repair of every self-nested node, counting those it cannot repair apart', () => {
    const nodes = fleet(['a', 'b', 'c', 'd', 'e'], ['a', 'c', 'd'], ['d']);
    const offer = bulkOffers(nodes, reqFor('offer')).find((o) => o.ruleId === 'multus-nested-delegates');
    expect(offer).toMatchObject({ action: 'repair-node-cni-config', count: 2, blocked: 1 });
    expect(offer!.findingTitle).toContain('wraps a Multus config');
  });

  it(`needs at least ${MIN_BULK_NODES} repairable nodes`, () => {
    expect(bulkOffers(fleet(['a', 'b'], ['a']), reqFor('offer')).filter((o) => o.ruleId === 'multus-nested-delegates')).toEqual([]);
  });
});

describe('planBulk', () => {
  it('plans each node as its own page would, in name order, and asks for the count', () => {
    const nodes = fleet(['n3', 'n1', 'n2', 'n4'], ['n3', 'n1', 'n4'], ['n4']);
    const r = planBulk(nodes, 'multus-nested-delegates', 'repair-node-cni-config', reqFor);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.nodes.map((n) => n.node)).toEqual(['n1', 'n3']);
    expect(r.plan.nodes.map((n) => n.plan.calls.map((c) => c.id))).toEqual([['create-repair-request'], ['create-repair-request']]);
    expect(r.plan.nodes[0]!.plan.calls[0]!.target.name).toBe('cni-repair-n1-rn1');
    expect(r.plan.excluded).toEqual([{ node: 'n4', why: expect.stringContaining('cannot be previewed') }]);
    expect(r.plan.confirmText).toBe('2');
  });

  it('refuses an action the finding does not name, and advice', () => {
    const nodes = fleet(['n1', 'n2'], ['n1', 'n2']);
    expect(planBulk(nodes, 'multus-nested-delegates', 'cordon-node', reqFor)).toMatchObject({ ok: false, code: 'not-found' });
    expect(planBulk(nodes, 'multus-nested-delegates', 'upgrade-multus', reqFor)).toMatchObject({ ok: false, code: 'bad-request' });
  });
});

describe('recheckNode', () => {
  const before = fleet(['n1', 'n2'], ['n1', 'n2']);
  const r = planBulk(before, 'multus-nested-delegates', 'repair-node-cni-config', reqFor);
  const recorded = r.ok ? r.plan.nodes[0]! : undefined;

  it('goes ahead when the node still has the finding and the same plan', () => {
    expect(recheckNode(before[0], 'multus-nested-delegates', recorded!, same)).toMatchObject({ go: true });
  });

  it('skips a node whose finding went away before its turn', () => {
    const after = fleet(['n1', 'n2'], ['n2']);
    expect(recheckNode(after.find((d) => d.node.name === 'n1'), 'multus-nested-delegates', recorded!, same)).toEqual({ go: false, why: 'the finding is gone: nothing to repair' });
    expect(recheckNode(undefined, 'multus-nested-delegates', recorded!, same)).toMatchObject({ go: false });
  });

  it('skips a node whose plan changed (Multus nested its file once more meanwhile)', () => {
    const deeper = aSnapshot('n1', [aFile('00-multus.conf', multusConf(multusConf(multusConf(AWS_CONFLIST)))), aFile('10-aws.conflist', AWS_CONFLIST)]);
    const replaced = diagnoseCluster({ nodes: [aNode('n1')], pods: [aMultusPod('n1')], events: [], snapshots: [deeper], now: T0 }).nodes[0];
    expect(recheckNode(replaced, 'multus-nested-delegates', recorded!, same)).toMatchObject({ go: false, why: expect.stringContaining('changed since the preview') });
  });
});

describe('bulkOffers on the same nodes', () => {
  it('offers one repair per set of nodes: the self-nested config, not also the sandbox failures and drift it causes', () => {
    const extra = (ruleId: string, severity: 'error' | 'warning') => ({ ruleId, severity, title: ruleId, explanation: '', evidence: [], remediations: ['repair-node-cni-config', 'restart-multus-pod', 'delete-stuck-pods'] });
    const nodes = fleet(['a', 'b', 'c', 'd', 'e'], ['a', 'b']).map((d) => (['a', 'b'].includes(d.node.name) ? { ...d, findings: [...d.findings, extra('config-drift', 'warning'), extra('a-pod-sandbox-failing', 'error')] } : d));
    const repairs = bulkOffers(nodes, reqFor('offer')).filter((o) => o.action === 'repair-node-cni-config');
    expect(repairs.map((o) => [o.ruleId, o.count])).toEqual([['multus-nested-delegates', 2]]);
  });

  it('is not offered for a warning, which can sit on nodes a repair has nothing to fix on', () => {
    const drift = { ruleId: 'config-drift', severity: 'warning' as const, title: 'drift', explanation: '', evidence: [], remediations: ['repair-node-cni-config'] };
    const nodes = fleet(['a', 'b', 'c'], []).map((d) => ({ ...d, findings: [...d.findings, drift] }));
    expect(bulkOffers(nodes, reqFor('offer'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { aNode } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import { buildRing, peersOf } from './peers';
import { probeConfigMapName } from './names';
import { nextReport } from './round';
import { fleetProbeFacts } from './fleet';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const names = Array.from({ length: 10 }, (_, i) => `node-${i}`);
const nodes = names.map((n, i) => aNode(n, { zone: `zone-${i % 2}` }));
const uid = (n: string): string => nodes.find((x) => x.name === n)?.uid ?? '';

function proberPod(node: string, phase: PodModel['phase'] = 'Running'): PodModel {
  return {
    namespace: 'cni-health', name: `cni-health-prober-${node}`, uid: `u-${node}`, resourceVersion: '1', createdAt: new Date(NOW - 3_600_000).toISOString(),
    nodeName: node, phase, ready: phase === 'Running', containers: [{ name: 'prober', image: 'x', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? 'running' : 'waiting', ...(phase === 'Running' ? {} : { reason: 'ContainerCreating' }) }],
    args: [], owner: { kind: 'DaemonSet', name: 'cni-health-prober', uid: 'ds', controller: true },
  };
}

function probe(node: string, reach: (to: string) => boolean, at = NOW, override: Partial<ProbeModel> = {}): ProbeModel {
  const ring = buildRing(names.filter((n) => n !== 'node-9').map((name, i) => ({ name, zone: `zone-${i % 2}` })));
  const report = nextReport(undefined, {
    node, intervalSeconds: 30, heartbeatSeconds: 600, dns: { ok: true, loss: 0 }, kubernetesService: { ok: true, loss: 0 },
    peers: peersOf(ring, node, 4).map((p) => ({ target: p.name, ok: reach(p.name), loss: reach(p.name) ? 0 : 1 })),
  }, at);
  return {
    namespace: 'cni-health', configMapName: probeConfigMapName(node, () => 'x'), resourceVersion: '1', node, annotatedNode: node,
    owners: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: uid(node) }], report, ...override,
  };
}

describe('fleetProbeFacts', () => {
  const members = names.filter((n) => n !== 'node-9');
  const pods = [...members.map((n) => proberPod(n)), proberPod('node-9', 'Pending')];

  it('reports a prober that cannot start, and judges the rest from bound, fresh reports', () => {
    const facts = fleetProbeFacts({ nodes, proberPods: pods, probes: members.filter((n) => n !== 'node-2').map((n) => probe(n, (t) => t !== 'node-2')), now: NOW });
    expect(facts.members).toBe(9);
    expect(facts.byNode.get('node-9')?.proberPod).toMatchObject({ phase: 'Pending', waitingReason: 'ContainerCreating' });
    expect(facts.byNode.get('node-2')?.verdict?.state).toBe('unreachable');
    expect(facts.byNode.get('node-3')?.verdict?.state).toBe('ok');
  });

  it('does not use a report stored under another node\'s name, or one without its annotation', () => {
    // Each would condemn its node (DNS failing) if it were accepted.
    const dnsDown = (p: ProbeModel): ProbeModel => ({ ...p, report: p.report && { ...p.report, dns: { ...p.report.dns, ok: false } } });
    const forged = { ...dnsDown(probe('node-1', () => true)), configMapName: probeConfigMapName('node-4', () => 'x') };
    const unannotated = { ...dnsDown(probe('node-5', () => true)), annotatedNode: undefined };
    expect(fleetProbeFacts({ nodes, proberPods: pods, probes: [dnsDown(probe('node-1', () => true))], now: NOW }).byNode.get('node-1')?.verdict?.state).toBe('outbound');
    const facts = fleetProbeFacts({ nodes, proberPods: pods, probes: [forged, unannotated, ...members.filter((n) => n !== 'node-1' && n !== 'node-5').map((n) => probe(n, () => true))], now: NOW });
    expect([...facts.byNode.values()].filter((f) => f.verdict && f.verdict.state !== 'ok')).toEqual([]);
  });

  it('sets aside a report older than two heartbeats', () => {
    const old = NOW - 1_300_000;
    const facts = fleetProbeFacts({ nodes, proberPods: pods, probes: [probe('node-1', () => false, old), ...members.filter((n) => n !== 'node-1').map((n) => probe(n, () => true))], now: NOW });
    expect(facts.byNode.get('node-1')?.staleReportAt).toBe(new Date(old).toISOString());
    expect([...facts.byNode.values()].filter((f) => f.verdict && f.verdict.state !== 'ok')).toEqual([]);
  });
});

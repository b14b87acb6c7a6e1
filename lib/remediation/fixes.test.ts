/**
 * The property "a remediation is offered for a finding only when it
 * addresses that finding's cause", checked over the catalogue, every
 * sandbox-failure signature, and every finding the rules raise on the
 * real-world config corpus and on the cluster situations of the rules' tests.
 */
import { describe, expect, it } from 'vitest';
import { BROKEN } from '@/lib/cni/fixtures/broken';
import { HEALTHY } from '@/lib/cni/fixtures/healthy';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { analyzeBundle } from '@/lib/health/offline';
import { SIGNATURES } from '@/lib/health/signatures';
import type { Finding } from '@/lib/health/types';
import { T0, aFile, aMultusPod, aNode, aPod, aSandboxFailure, aSnapshot, aStuckPod, at, nestedSnapshot } from '@/lib/testing/models';
import { CATALOGUE } from './catalogue';
import { addresses, causesOf } from './fixes';

function corpusFindings(): Finding[] {
  const nodes = [...BROKEN, ...HEALTHY].map((f) => ({
    name: f.id, confDir: '/etc/cni/net.d', binaries: f.binaries, probes: f.probes,
    files: Object.entries(f.files).map(([name, content]) => aFile(name, content)),
  }));
  const offline = analyzeBundle(nodes, T0).nodes.flatMap((n) => n.findings);
  const stuck = aStuckPod('web-1', 'n2', -30);
  const agent = aPod('aws-node-x', 'n3', {
    namespace: 'kube-system', owner: { kind: 'DaemonSet', name: 'aws-node', uid: 'ds', controller: true }, ready: false,
    containers: [{ name: 'aws-node', image: 'i', ready: false, restartCount: 4, state: 'waiting', reason: 'CrashLoopBackOff', lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: at(-1) } }],
  });
  const multus = aMultusPod('n2', { ready: false, containers: [{ name: 'kube-multus', image: 'multus-cni:v4.0.2', ready: false, restartCount: 2, state: 'waiting', reason: 'CrashLoopBackOff', lastTermination: { reason: 'OOMKilled', finishedAt: at(-5) } }] });
  const notReady = { type: 'Ready', status: 'False' as const, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' };
  const cluster = diagnoseCluster({
    // n4: an empty directory and a NotReady kubelet with no agent pod at all (the missing-config findings stand alone).
    nodes: [aNode('n2'), aNode('n3', { conditions: [notReady] }), aNode('n4', { conditions: [notReady] })],
    pods: [stuck, multus, agent, aStuckPod('web-2', 'n3', -10)],
    events: [aSandboxFailure(stuck)],
    snapshots: [nestedSnapshot('n2'), aSnapshot('n3', []), aSnapshot('n4', [])],
    now: T0,
  });
  return [...offline, ...cluster.nodes.flatMap((d) => d.findings), ...cluster.findings];
}

describe('remediations offered only for the causes they address', () => {
  it('declares causes that exist: rule ids the corpus raises or signature ids', () => {
    const signatures = new Set(SIGNATURES.map((s) => `signature:${s.id}`));
    for (const info of Object.values(CATALOGUE)) {
      for (const cause of info.fixes) {
        if (cause.startsWith('signature:')) expect(signatures.has(cause), `${info.id}: ${cause}`).toBe(true);
        else expect(cause, info.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    }
  });

  it('every signature offers only remediations that address it', () => {
    for (const s of SIGNATURES) {
      for (const r of s.remediations) expect(addresses(r, { ruleId: 'pod-sandbox-failing', evidence: [{ signature: s.id }] }), `${s.id} -> ${r}`).toBe(true);
    }
  });

  it('every finding the rules raise offers only remediations that address its cause', () => {
    const findings = corpusFindings();
    expect(new Set(findings.map((f) => f.ruleId)).size).toBeGreaterThan(15);
    for (const f of findings) {
      for (const r of f.remediations) expect(addresses(r, f), `${f.ruleId} (causes ${causesOf(f).join(', ')}) -> ${r}`).toBe(true);
    }
  });

  it('does not let a Multus restart pass as the fix of a missing primary config or a self-nested one', () => {
    expect(addresses('restart-multus-pod', { ruleId: 'cni-config-missing', evidence: [] })).toBe(false);
    expect(addresses('restart-multus-pod', { ruleId: 'network-plugin-not-ready', evidence: [] })).toBe(false);
    expect(addresses('restart-multus-pod', { ruleId: 'multus-nested-delegates', evidence: [] })).toBe(false);
    // A consequence is fixed through its cause.
    expect(addresses('delete-stuck-pods', { ruleId: 'pod-sandbox-failing', evidence: [], cause: { ruleId: 'primary-cni-agent-unhealthy', title: '' } })).toBe(false);
  });
});

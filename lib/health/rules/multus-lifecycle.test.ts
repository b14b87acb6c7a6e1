/**
 * Multus installed, its config gone. Sources: k8snetworkplumbingwg/multus-cni#1527 (thick daemon deletes
 * 00-multus.conf on SIGTERM; log "Delete old config @ /host/etc/cni/net.d/00-multus.conf"; pods scheduled during
 * the restart get Flannel only), pkg/server/config/manager.go (Start), #1387 and #1468 (after a node reboot).
 */
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '@/lib/health/offline';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { NETWORKS_ANNOTATION, readPodNetworks } from '@/lib/model/pod-networks';
import { T0, aFile, aMultusPod, aNode, aPod, aRevision, aSnapshot, at } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { multusAbsentWindows } from '../multus-lifecycle';

/** As in multus-cni#1527: K3s + Flannel + Multus v4.2.4-thick. */
const FLANNEL = { name: 'cbr0', cniVersion: '1.0.0', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, forceAddress: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true } }] };
const THICK = { cniVersion: '1.0.0', name: 'multus-cni-network', type: 'multus-shim', clusterNetwork: '/host/etc/cni/net.d/10-flannel.conflist', logLevel: 'verbose', logToStderr: true, daemonSocketDir: '/run/multus/socket', capabilities: { bandwidth: true, portMappings: true } };
const BIN = ['bandwidth', 'flannel', 'host-local', 'loopback', 'macvlan', 'multus-shim', 'portmap'];

const flannel = aFile('10-flannel.conflist', FLANNEL);
const thick = aFile('00-multus.conf', THICK);

/** Multus's config written at -120 min, removed on SIGTERM at -20 min (the current revision). */
function afterSigterm(current = [flannel], over: Partial<Parameters<typeof aSnapshot>[2]> = {}): SnapshotModel {
  return aSnapshot('n1', current, { binaries: BIN, revision: 3, observedAt: at(-20), history: [aRevision(2, at(-120), [thick, flannel]), aRevision(1, at(-121), [flannel])], ...over });
}

const withNetworks = (name: string, startedMinutes: number): PodModel =>
  aPod(name, 'n1', { createdAt: at(startedMinutes), networks: readPodNetworks({ [NETWORKS_ANNOTATION]: 'vlan20-macvlan' }, 'shop', false, at(startedMinutes)) });

const diagnose = (snapshot: SnapshotModel, pods: PodModel[]) => diagnoseCluster({ nodes: [aNode('n1')], pods, events: [], snapshots: [snapshot], now: T0 }).nodes[0]!;

describe('multus-config-absent', () => {
  it('warns while a ready Multus pod has no config on the node, since when it was removed, and offers a restart', () => {
    const d = diagnose(afterSigterm(), [aMultusPod('n1')]);
    const f = d.findings.find((x) => x.ruleId === 'multus-config-absent')!;
    expect(f).toMatchObject({ severity: 'warning', remediations: ['restart-multus-pod'] });
    expect(f.evidence[0]).toEqual({ file: '10-flannel.conflist', message: 'no Multus config in /etc/cni/net.d; the runtime uses 10-flannel.conflist; Multus\'s config removed', at: at(-20) });
    expect(d.verdict).toBe('degraded');
  });

  it('offers nothing to click while the Multus pod is restarting: the window closes by itself', () => {
    const d = diagnose(afterSigterm(), [aMultusPod('n1', { phase: 'Pending', ready: false })]);
    expect(d.findings.find((x) => x.ruleId === 'multus-config-absent')!.remediations).toEqual([]);
  });

  it('ties the pods started in that window to it', () => {
    const healed = afterSigterm([thick, flannel], { revision: 4, observedAt: at(-5), history: [aRevision(3, at(-20), [flannel]), aRevision(2, at(-120), [thick, flannel]), aRevision(1, at(-121), [flannel])] });
    expect(multusAbsentWindows(healed.snapshot!)).toEqual([{ from: at(-20), to: at(-5) }]);
    const d = diagnose(healed, [aMultusPod('n1'), withNetworks('in-window', -10), withNetworks('before', -60)]);
    const f = d.findings.find((x) => x.ruleId === 'pod-networks-missing')!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'missing shop/vlan20-macvlan; no network-status: Multus did not set this pod up; started',
      'missing shop/vlan20-macvlan; no network-status: Multus did not set this pod up; started while Multus\'s config was absent from the node; started',
    ]);
    expect(d.findings.map((x) => x.ruleId)).not.toContain('multus-config-absent');
  });

  it('stays quiet on nodes without Multus and on Multus nodes with their config', () => {
    expect(diagnose(aSnapshot('n1', [flannel], { binaries: BIN.filter((b) => b !== 'multus-shim') }), []).verdict).toBe('healthy');
    expect(diagnose(aSnapshot('n1', [thick, flannel], { binaries: BIN }), [aMultusPod('n1')]).verdict).toBe('healthy');
  });

  it('reads an offline bundle: multus.d/ present, no Multus config', () => {
    const report = analyzeBundle([
      { name: 'gone', confDir: '/etc/cni/net.d', files: [flannel], binaries: BIN, probes: [{ path: '/etc/cni/net.d/multus.d/multus.kubeconfig', exists: true }] },
      { name: 'plain', confDir: '/etc/cni/net.d', files: [flannel], binaries: BIN.filter((b) => b !== 'multus-shim') },
      { name: 'thick', confDir: '/etc/cni/net.d', files: [flannel], binaries: BIN },
    ], T0);
    expect(report.nodes.map((n) => [n.node, n.verdict, n.findings.map((f) => f.ruleId)])).toEqual([['gone', 'degraded', ['multus-config-absent']], ['plain', 'healthy', []], ['thick', 'degraded', ['multus-config-absent']]]);
  });
});

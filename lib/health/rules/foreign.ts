/**
 * Foreign configs that win (issue 15, class 2): a container engine's
 * default bridge (podman, containerd's example, CRI-O's default) that the
 * runtime or Multus picks before the cluster's CNI. Pods then get the
 * engine's private range (10.88.0.0/16, 10.85.0.0/16), reachable from this
 * node only: https://github.com/containerd/containerd/issues/9171,
 * https://github.com/projectcalico/calico/issues/8869,
 * https://github.com/flannel-io/flannel/issues/1437. Behind the real config
 * the same file is harmless today (info).
 */
import { familyOf, PRIMARY_FAMILIES } from '@/lib/cni/families';
import type { ConfigEntry } from '@/lib/cni/files';
import { foreignConfigOf, foreignEntry, type ForeignConfig } from '@/lib/cni/foreign';
import { multusModel } from '@/lib/cni/multus';
import { finding, type Rule } from './types';
import type { Finding } from '../types';

const isPrimary = (e: ConfigEntry): boolean => e.load.ok && !!e.json && PRIMARY_FAMILIES.has(familyOf(e.json));

function winner(f: ForeignConfig, e: ConfigEntry, real: ConfigEntry | undefined, via?: string): Finding {
  const range = f.subnet ? ` Pods started meanwhile got addresses from ${f.subnet}, which no other node routes: delete them once the config is fixed so they are recreated on the pod network.` : '';
  return finding({
    ruleId: 'cni-foreign-config',
    severity: real ? 'error' : 'warning',
    title: real
      ? `${e.name} (installed by ${f.owner}) is used instead of ${real.name}${via ? ` (${via})` : ''}`
      : `The only usable config is ${e.name}, installed by ${f.owner}`,
    explanation: (real
      ? `${via ? `${via} wraps it as the default network: it was the first config Multus found when it generated its own (typically before the cluster CNI had written ${real.name})` : `${e.name} sorts before the cluster CNI's ${real.name}, so the container runtime uses it`}. New pods join ${f.owner}'s local bridge instead of the cluster's pod network.${range}`
      : `The cluster's CNI has not written its config (yet), so pods join ${f.owner}'s local bridge, reachable from this node only.${range} Unless this node is meant to run without a cluster network, check the CNI's pod on this node.`)
      + ` Fix: ${f.removal}${via ? ', then have Multus regenerate its config from the cluster CNI\'s (its generated file still wraps the bridge; the dashboard\'s repair rewrites only a self-nested file)' : ''}.`,
    evidence: [
      { file: e.name, message: `${f.owner}'s default network${f.subnet ? ` (${f.subnet})` : ''}${via ? `, wrapped by ${via}` : ', used by the runtime'}` },
      ...(real ? [{ file: real.name, message: `${familyOf(real.json!)} config, ignored` }] : []),
    ],
    // With Multus, its generated file must be regenerated after the removal, by hand: the repair action only
    // un-nests a self-nested file, and restarting a v4.0.x thin Multus alone would wrap its own file.
    remediations: ['remove-leftover-cni-config'],
  });
}

export const foreignConfigRule: Rule = ({ config }) => {
  const eff = config?.effective;
  if (!config || !eff?.json) return [];
  const real = config.entries.find(isPrimary);
  const out: Finding[] = [];
  const direct = foreignEntry(eff);
  if (direct) out.push(winner(direct, eff, real));
  const multus = multusModel(eff.json);
  const delegate = multus?.delegates[0];
  if (delegate) {
    // Multus (thin, auto) wraps the first config it finds: when that was a foreign one, so is its default network.
    const source = config.entries.find((e) => e.load.ok && e.json && e.json.name === delegate.name && foreignEntry(e));
    const f = foreignConfigOf(source?.name ?? '', delegate);
    if (f) out.push(winner(f, source ?? eff, real, eff.name));
  }
  if (out.length > 0) return out;
  const behind = config.entries.filter((e, i) => i > config.effectiveIndex && e.load.ok && foreignEntry(e));
  return behind.map((e) => finding({
    ruleId: 'cni-foreign-config',
    severity: 'info',
    title: `${e.name} (installed by ${foreignEntry(e)!.owner}) is present but not used`,
    explanation: `It sorts after ${eff.name}, so the runtime ignores it. It takes over if ${eff.name} is ever missing (a CNI reinstall, a node reboot before the CNI's pod starts): ${foreignEntry(e)!.removal}.`,
    evidence: [{ file: e.name }],
    remediations: ['remove-leftover-cni-config'],
  }));
};

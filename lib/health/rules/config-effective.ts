/**
 * Rules on the config the runtime actually uses (the first that loads) and
 * on what sorts around it: plugin binaries, network names,
 * and leftovers of another CNI (cniVersion: version.ts).
 */
import { familyOf, PRIMARY_FAMILIES, requiredBinaries, type CniFamily } from '@/lib/cni/families';
import type { ConfigEntry } from '@/lib/cni/files';
import { chainOf, lacksMainPlugin } from '@/lib/cni/chain';
import { foreignEntry } from '@/lib/cni/foreign';
import { isMultusConfig } from '@/lib/cni/multus';
import { matchSignature } from '../signatures';
import { runtimeMessages } from './reload';
import { finding, plural, type Rule } from './types';
import type { Finding, Severity } from '../types';

export { KNOWN_CNI_VERSIONS } from './version';

/**
 * Every plugin type (and IPAM type) the effective config execs must exist in
 * the CNI bin directory; the runtime also always runs `loopback` for `lo`
 * (containerd, CRI-O), unless built in, hence only a warning for that one.
 */
export const binariesRule: Rule = ({ config, snapshot }) => {
  const eff = config?.effective;
  const binaries = snapshot?.snapshot?.binaries;
  if (!eff?.json || !binaries) return [];
  const have = new Set(binaries);
  const missing = requiredBinaries(eff.json).filter((b) => !have.has(b.type));
  const seen = new Set<string>();
  const unique = missing.filter((b) => (seen.has(b.type) ? false : (seen.add(b.type), true)));
  const out: Finding[] = [];
  if (unique.length > 0) {
    out.push(finding({
      ruleId: 'cni-plugin-binary-missing',
      severity: 'error',
      title: `No binary for plugin ${unique.map((b) => `"${b.type}"`).join(', ')} in ${snapshot?.snapshot?.binDir ?? 'the CNI bin directory'}`,
      explanation: 'The runtime execs each plugin type from the CNI bin directory; a missing one fails every pod sandbox ("failed to find plugin ... in path"). Usually the CNI\'s install container has not run yet on this node.',
      evidence: unique.slice(0, 5).map((b) => ({ file: eff.name, jsonPath: b.path, message: `type "${b.type}" not in bin directory` })),
      remediations: ['restart-primary-cni-pod'],
    }));
  }
  if (binaries.length > 0 && !have.has('loopback')) {
    out.push(finding({
      ruleId: 'cni-plugin-binary-missing',
      severity: 'warning',
      title: `No loopback plugin in ${snapshot?.snapshot?.binDir ?? 'the CNI bin directory'}`,
      explanation: 'Runtimes set up the pod\'s lo interface with the loopback plugin; without it sandboxes fail unless the runtime has a built-in loopback.',
      evidence: [{ message: 'loopback not in bin directory' }],
      remediations: ['restart-primary-cni-pod'],
    }));
  }
  return out;
};

const stringName = (e: ConfigEntry): string | undefined => (typeof e.json?.name === 'string' ? e.json.name : undefined);

/**
 * Cilium's chaining mode copies the primary's conflist under its own file name
 * and appends cilium-cni (05-cilium.conflist and 10-aws.conflist, both "aws-cni"):
 * https://docs.cilium.io/en/stable/installation/cni-chaining-aws-cni/. The first
 * file runs the same main plugin and everything the others run, so the name
 * lookup finds the richer chain, which is the intent.
 */
function extendsOthers(es: ConfigEntry[]): boolean {
  const [first, ...rest] = es.map((e) => chainOf(e.json!).map((p) => p.type));
  return rest.every((r) => r[0] === first![0] && r.every((t) => first!.includes(t)));
}

/** libcni and Multus look networks up by name and take the first file that has it. */
export const duplicateNamesRule: Rule = ({ config }) => {
  if (!config) return [];
  const byName = new Map<string, ConfigEntry[]>();
  for (const e of config.entries) {
    const name = stringName(e);
    if (!e.load.ok || name === undefined) continue;
    byName.set(name, [...(byName.get(name) ?? []), e]);
  }
  return [...byName.entries()].filter(([, es]) => es.length > 1 && !extendsOthers(es)).map(([name, es]) => finding({
    ruleId: 'cni-network-name-duplicate',
    severity: 'warning',
    title: `${plural(es.length, 'config')} are named "${name}"`,
    explanation: `Lookups by network name (libcni, Multus clusterNetwork and defaultNetworks) find ${es[0]!.name} and ignore the others.`,
    evidence: es.map((e) => ({ file: e.name, jsonPath: '$.name' })),
    remediations: ['remove-leftover-cni-config'],
  }));
};

function familyLabel(f: CniFamily): string {
  return f === 'other' ? 'a generic plugin' : f;
}

/**
 * A leftover config of another CNI: loadable configs of more than one
 * primary family in the directory. When the runtime's pick is not what the
 * comparable nodes use, or the other config is newer, the pick is wrong
 * (error); otherwise it is a trap for Multus's next auto-generation (warning).
 */
export const leftoverConfigRule: Rule = (ctx) => {
  const { config, fleet } = ctx;
  const eff = config?.effective;
  if (!config || !eff?.json) return [];
  // A container engine's default bridge winning is cni-foreign-config's finding; a chained plugin alone, cni-chain-no-main-plugin's.
  if (foreignEntry(eff) || lacksMainPlugin(chainOf(eff.json, '$', eff.isList))) return [];
  const loadable = config.entries.filter((e) => e.load.ok && e.json && !isMultusConfig(e.json));
  const primaries = loadable.map((e) => ({ e, family: familyOf(e.json!) })).filter((p) => PRIMARY_FAMILIES.has(p.family) || p.e === eff);
  const families = new Set(primaries.map((p) => p.family));
  if (families.size < 2) return [];
  const effFamily = isMultusConfig(eff.json) ? undefined : familyOf(eff.json);
  const [first] = primaries;
  const others = primaries.filter((p) => p.family !== first!.family && PRIMARY_FAMILIES.has(p.family));
  if (others.length === 0) return [];
  const newer = others.find((o) => o.e.file.modifiedAt && first!.e.file.modifiedAt && o.e.file.modifiedAt > first!.e.file.modifiedAt);
  const expected = fleet?.expectedFamily;
  // Sandbox failures saying the winning CNI's agent is absent (no cilium.sock, no /var/lib/calico/nodename, no flannel subnet.env).
  const deadAgent = effFamily === undefined ? undefined : runtimeMessages(ctx).find((m) => matchSignature(m)?.cni === (effFamily === 'canal' ? 'calico' : effFamily));
  const wrong = effFamily !== undefined && ((expected !== undefined && expected !== effFamily && others.some((o) => o.family === expected)) || !!newer || !!deadAgent || !PRIMARY_FAMILIES.has(effFamily));
  const severity: Severity = wrong ? 'error' : 'warning';
  return [finding({
    ruleId: 'effective-config-unexpected',
    severity,
    title: wrong
      ? `The runtime uses ${first!.e.name} (${familyLabel(first!.family)}), not ${others[0]!.e.name}`
      : `Configs of ${[...families].map(familyLabel).join(' and ')} side by side`,
    explanation: `${first!.e.name} sorts first, so ${effFamily ? 'the container runtime uses it' : 'Multus wraps it on its next start'}; ${others.map((o) => o.e.name).join(', ')} ${others.length === 1 ? 'is' : 'are'} ignored. `
      + (wrong
        ? (expected && expected !== effFamily ? `Comparable nodes use ${expected}. ` : newer ? `${newer.e.name} was written later, so it is the CNI installed now. ` : deadAgent ? `Pods fail because ${effFamily}'s agent is not running on this node: that CNI is gone and only its config is left. ` : '')
          + 'A leftover of an earlier CNI sorting first sends every new pod to a network that is no longer running.'
        : 'One of them is likely left over from an earlier install; remove it before it sorts first.'),
    evidence: primaries.map((p) => ({
      file: p.e.name,
      message: `${familyLabel(p.family)}${p === first ? ' (sorts first)' : ''}${p.e.file.modifiedAt ? ', written' : ''}`,
      ...(p.e.file.modifiedAt ? { at: p.e.file.modifiedAt } : {}),
    })),
    remediations: ['remove-leftover-cni-config'],
  })];
};

/** A Multus config that is not first is never used: the runtime bypasses Multus and secondary networks silently disappear. */
export const multusBypassedRule: Rule = ({ config }) => {
  const eff = config?.effective;
  if (!config || !eff?.json || isMultusConfig(eff.json)) return [];
  const multus = config.entries.find((e, i) => i > config.effectiveIndex && e.load.ok && isMultusConfig(e.json));
  if (!multus) return [];
  return [finding({
    ruleId: 'multus-not-effective',
    severity: 'info',
    title: `${multus.name} is present but ${eff.name} sorts before it`,
    explanation: 'The runtime uses the first config, so Multus is not called on this node: pods get only the primary network, and network attachment annotations are ignored.',
    evidence: [{ file: multus.name }, { file: eff.name, message: 'used by the runtime' }],
    remediations: [],
  })];
};

/**
 * Rules on the config the runtime actually uses (the first that loads) and
 * on what sorts around it: spec version, plugin binaries, network names,
 * and leftovers of another CNI.
 */
import { familyOf, PRIMARY_FAMILIES, requiredBinaries, type CniFamily } from '@/lib/cni/families';
import type { ConfigEntry } from '@/lib/cni/files';
import { chainOf } from '@/lib/cni/chain';
import { foreignEntry } from '@/lib/cni/foreign';
import { isMultusConfig } from '@/lib/cni/multus';
import { matchSignature } from '../signatures';
import { runtimeMessages } from './reload';
import { finding, plural, type NodeContext, type Rule } from './types';
import type { Finding, Severity } from '../types';

/** CNI spec versions: https://github.com/containernetworking/cni/blob/main/SPEC.md#version */
export const KNOWN_CNI_VERSIONS: ReadonlySet<string> = new Set(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);

/**
 * A plugin answers `incompatible CNI versions; config is "X", plugin supports [...]` when the
 * config's cniVersion is newer than the binary (containernetworking/pkg/version). Either the
 * config was upgraded before the binaries (e.g. to 1.0.0 with plugins older than v1.0), or the
 * runtime's own config is newer: containerd 1.6.0-1.6.3 run their built-in loopback at 1.0.0
 * (https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/troubleshooting-cni-plugin-related-errors/,
 * https://github.com/containerd/containerd/issues/6876).
 */
const INCOMPATIBLE = /plugin type=\\?"([^"\\]{1,64})\\?"[^;]{0,200}?failed \(add\): incompatible CNI versions; config is \\?"([^"\\]{1,16})\\?", plugin supports \[([^\]]{0,200})\]|incompatible CNI versions; config is \\?"([^"\\]{1,16})\\?", plugin supports \[([^\]]{0,200})\]/;

function incompatibleFindings(ctx: NodeContext): Finding[] {
  const eff = ctx.config?.effective;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const message of runtimeMessages(ctx)) {
    const m = INCOMPATIBLE.exec(message.slice(0, 4096));
    if (!m) continue;
    const plugin = m[1];
    const version = m[2] ?? m[4]!;
    const supports = (m[3] ?? m[5] ?? '').replace(/\\?"/g, '').trim().split(/\s+/).filter(Boolean);
    const key = `${plugin ?? ''}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fileVersion = typeof eff?.json?.cniVersion === 'string' ? eff.json.cniVersion : undefined;
    // The version asked for is not the file's: the config was the runtime's own (its built-in loopback).
    const fromRuntime = plugin === 'loopback' || (fileVersion !== undefined && fileVersion !== version);
    out.push(finding({
      ruleId: 'cni-version-unsupported',
      severity: 'error',
      title: `${plugin ? `Plugin "${plugin}"` : 'A plugin'} does not support cniVersion ${version}`,
      explanation: (fromRuntime
        ? `The runtime's own loopback config asks for ${version} (${eff?.name ?? 'the config file'} says ${fileVersion ?? 'nothing'}), but the plugin binaries in the CNI bin directory support only ${supports.join(', ') || 'older versions'}: containerd 1.6.0-1.6.3 did this with plugins older than v1.0. Upgrade the CNI plugins (containernetworking/plugins v1.0+) or containerd (1.6.4+).`
        : `The config asks for cniVersion ${version} but the "${plugin ?? 'plugin'}" binary supports only ${supports.join(', ') || 'older versions'}, so every sandbox fails. The config was upgraded ahead of the binaries: upgrade the plugin binaries on this node, or set cniVersion to one the plugin lists.`),
      evidence: [
        { message: message.slice(0, 1024) },
        ...(eff && !fromRuntime ? [{ file: eff.name, jsonPath: '$.cniVersion', message: `cniVersion: ${JSON.stringify(fileVersion ?? null)}` }] : []),
      ],
      // Manual: binaries and versions are changed by the CNI's or the runtime's own upgrade, not from here.
      remediations: [],
    }));
  }
  return out;
}

/**
 * A config without cniVersion: containerd 1.6.0-1.6.3 could set pods up but not tear them down,
 * `failed to destroy network for sandbox ...: invalid version "": the version is empty`
 * (https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/troubleshooting-cni-plugin-related-errors/).
 * Judged from that message only: older healthy configs often omit the field and work.
 */
const EMPTY_VERSION = /invalid version \\?"\\?": the version is empty/;

function emptyVersionFindings(ctx: NodeContext): Finding[] {
  const message = runtimeMessages(ctx).find((m) => EMPTY_VERSION.test(m.slice(0, 4096)));
  if (!message) return [];
  const eff = ctx.config?.effective;
  const declared = typeof eff?.json?.cniVersion === 'string' ? eff.json.cniVersion : undefined;
  return [finding({
    ruleId: 'cni-version-unsupported',
    severity: 'error',
    title: `Pods cannot be torn down: ${eff ? `${eff.name} declares no cniVersion` : 'the CNI config declares no cniVersion'}`,
    explanation: 'The runtime refuses to run the config\'s DEL without a cniVersion ("invalid version \"\": the version is empty"), so stopped pods stay attached to their network namespace and never finish terminating (containerd 1.6.0-1.6.3). '
      + `Add "cniVersion" (the version the plugins support, e.g. "0.3.1" or "0.4.0") to the config${declared ? ` (the current file says "${declared}": the failure came from an earlier version of it)` : ''}, or upgrade containerd to 1.6.4 or later; the next stop of each pod then succeeds.`,
    evidence: [{ message: message.slice(0, 1024) }, ...(eff ? [{ file: eff.name, jsonPath: '$.cniVersion', message: declared ? `cniVersion: "${declared}"` : 'no cniVersion' }] : [])],
    remediations: [],
  })];
}

export const cniVersionRule: Rule = (ctx) => {
  const out = [...incompatibleFindings(ctx), ...emptyVersionFindings(ctx)];
  const eff = ctx.config?.effective;
  if (!eff?.json) return out;
  const version = eff.json.cniVersion;
  if (typeof version !== 'string' || KNOWN_CNI_VERSIONS.has(version)) return out;
  return [finding({
    ruleId: 'cni-version-unsupported',
    severity: 'error',
    title: `${eff.name} declares unknown cniVersion "${version.slice(0, 40)}"`,
    explanation: `No CNI spec has this version, so plugins refuse the config ("incompatible CNI versions"). Known versions: ${[...KNOWN_CNI_VERSIONS].join(', ')}.`,
    evidence: [{ file: eff.name, jsonPath: '$.cniVersion', message: `cniVersion: ${JSON.stringify(version).slice(0, 60)}` }],
    remediations: ['repair-node-cni-config'],
  }), ...out];
};

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
  // A container engine's default bridge winning is cni-foreign-config's finding.
  if (foreignEntry(eff)) return [];
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
    remediations: ['repair-node-cni-config'],
  })];
};

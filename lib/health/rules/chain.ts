/**
 * Plugin chain integrity (issue 15, class 1): what the runtime will execute
 * from the config it uses. Only the effective config and what a Multus
 * config there delegates to are judged; files sorting after it are never
 * run, and flagging them would make healthy nodes with leftovers noisy.
 */
import { chainOf, lacksMainPlugin, MESH_PLUGINS, repeatedPlugins, isChainedOnly, type ChainPlugin } from '@/lib/cni/chain';
import type { ConfigDir, ConfigEntry } from '@/lib/cni/files';
import type { JsonObject } from '@/lib/cni/json';
import { hostPath, multusModel } from '@/lib/cni/multus';
import { finding, positionalSeverity, type Rule } from './types';
import type { Finding, Severity } from '../types';

interface Target { file: string; conf: JsonObject; base: string; asList: boolean; via?: string }

/** The chains the runtime runs: the effective config's, or those of the networks its Multus config delegates to. */
function targets(config: ConfigDir): Target[] {
  const eff = config.effective;
  if (!eff?.json) return [];
  const multus = multusModel(eff.json);
  if (!multus) return [{ file: eff.name, conf: eff.json, base: '$', asList: eff.isList }];
  const out: Target[] = multus.delegates.map((d, i) => ({ file: eff.name, conf: d, base: `${multus.path}.delegates[${i}]`, asList: Array.isArray(d.plugins), via: 'Multus delegate' }));
  if (multus.delegates.length === 0 && multus.clusterNetwork?.startsWith('/')) {
    const name = hostPath(multus.clusterNetwork).split('/').pop();
    const entry = config.entries.find((e) => e.name === name && e.load.ok && e.json);
    if (entry?.json) out.push({ file: entry.name, conf: entry.json, base: '$', asList: entry.isList, via: 'Multus clusterNetwork' });
  }
  return out;
}

const list = (ps: readonly ChainPlugin[]): string => ps.map((p) => p.type).join(' → ');

function duplicateFindings(t: Target, chain: ChainPlugin[]): Finding[] {
  return repeatedPlugins(chain).map(({ type, at }) => {
    const mesh = MESH_PLUGINS.has(type);
    const main = !isChainedOnly(at[0]!);
    const severity: Severity = mesh || main ? 'error' : 'warning';
    return finding({
      ruleId: 'cni-chain-duplicate-plugin',
      severity,
      title: `${t.file} runs plugin "${type}" ${at.length} times${t.via ? ` (${t.via})` : ''}`,
      explanation: (main
        ? `"${type}" creates the pod's interface; run twice, the second run finds the interface already there and the sandbox fails.`
        : mesh
          ? `A service-mesh installer appended "${type}" again (typically once per node boot or agent restart) instead of replacing its entry. Its iptables rules are applied twice and iptables-restore fails, so pods on this node fail to start.`
          : `"${type}" is applied twice to every pod; at best redundant, at worst conflicting rules.`)
        + ' Remove the repeated entries, keep one, and check the installer that wrote them (mesh CNI installers must replace their entry, not append).',
      evidence: at.map((p) => ({ file: t.file, jsonPath: `${p.path}.type`, message: `chain: ${list(chain)}` })),
      // Manual: no action here edits a CNI's own config file.
      remediations: [],
    });
  });
}

function noMainFinding(t: Target, chain: ChainPlugin[], severity: Severity): Finding {
  const mesh = chain.find((p) => MESH_PLUGINS.has(p.type));
  return finding({
    ruleId: 'cni-chain-no-main-plugin',
    severity,
    title: `${t.file} has no plugin that creates the pod's interface${t.via ? ` (${t.via})` : ''}`,
    explanation: `The chain is only ${list(chain)}: plugins that modify what a main plugin (calico, cilium-cni, aws-cni, flannel, bridge...) created. With none in front of them every sandbox fails (e.g. "cannot convert: no valid IP addresses", "required prevResult missing").`
      + (mesh ? ` Typically ${mesh.type}'s installer wrote or rewrote this file when the primary CNI's config was missing or had been renamed, so the primary plugin fell out of the chain.` : ' The primary CNI\'s entry was lost when another installer rewrote the file.')
      + ' Restore the primary CNI\'s entry at the head of the list (restarting the primary CNI\'s pod rewrites its config; then let the chained installer add itself again).',
    evidence: chain.map((p) => ({ file: t.file, jsonPath: `${p.path}.type`, message: `"${p.type}" only modifies a previous result` })),
    remediations: ['restart-primary-cni-pod'],
  });
}

export const chainIntegrityRule: Rule = ({ config }) => {
  if (!config) return [];
  return targets(config).flatMap((t) => {
    const chain = chainOf(t.conf, t.base, t.asList);
    return [...(lacksMainPlugin(chain) ? [noMainFinding(t, chain, 'error')] : []), ...duplicateFindings(t, chain)];
  });
};

const stem = (name: string): string => name.replace(/\.(conflist|conf|json)$/, '');

function wrongExtension(e: ConfigEntry): { title: string; explanation: string; blocking: boolean } | undefined {
  const json = e.json;
  if (!json) return undefined;
  const hasList = Array.isArray(json.plugins);
  if (!e.isList && hasList && json.type === undefined) {
    return {
      title: `${e.name} holds a plugin list but is named like a single config`,
      explanation: `libcni reads .conf and .json files as one plugin and rejects this one ("error parsing configuration: missing 'type'"). Rename it to ${stem(e.name)}.conflist (or have the installer that wrote it do so).`,
      blocking: true,
    };
  }
  if (e.isList && !hasList && typeof json.type === 'string') {
    return {
      title: `${e.name} holds a single config but is named like a plugin list`,
      explanation: `libcni reads .conflist files as a list and rejects this one ("no 'plugins' key"). Rename it to ${stem(e.name)}.conf, or wrap it as {"name", "cniVersion", "plugins": [ ... ]}.`,
      blocking: true,
    };
  }
  if (!e.isList && hasList && typeof json.type === 'string') {
    return {
      title: `${e.name} has a plugins list that the runtime ignores`,
      explanation: `A .conf file is one plugin ("${json.type}"); the "plugins" list inside it is never run. An installer that chains itself (a service mesh, portmap) appended to the wrong format. Convert the file to a .conflist with "${json.type}" first.`,
      blocking: false,
    };
  }
  return undefined;
}

/** A `.conf` holding a conflist or the reverse, and a `.conf` shadowing the `.conflist` of the same name. */
export const configFormatRule: Rule = ({ config }) => {
  if (!config) return [];
  const out: Finding[] = [];
  config.entries.forEach((e, i) => {
    const w = wrongExtension(e);
    if (!w) return;
    if (!w.blocking && i !== config.effectiveIndex) return;
    out.push(finding({
      ruleId: 'cni-config-wrong-format',
      severity: w.blocking ? positionalSeverity(config, i) : 'warning',
      title: w.title,
      explanation: w.explanation,
      evidence: [{ file: e.name, jsonPath: w.blocking ? '$' : '$.plugins', message: e.load.ok ? undefined : e.load.message }],
      // Manual: a rename on the node (the explanation says which).
      remediations: [],
    }));
  });
  const eff = config.effective;
  if (eff && !eff.isList) {
    const twin = config.entries.find((e) => e !== eff && e.isList && e.load.ok && stem(e.name) === stem(eff.name));
    if (twin?.json) {
      const extra = chainOf(twin.json).filter((p) => !chainOf(eff.json ?? {}, '$', false).some((q) => q.type === p.type));
      out.push(finding({
        ruleId: 'cni-config-wrong-format',
        severity: 'warning',
        title: `${eff.name} shadows ${twin.name}`,
        explanation: `Both exist; "${eff.name}" sorts first, so the runtime uses it and ignores the conflist${extra.length ? `, and with it ${extra.map((p) => p.type).join(', ')}` : ''}. An installer converted the .conf to a .conflist to chain itself but the primary CNI wrote its .conf again. Remove ${eff.name} once ${twin.name} is what the primary CNI and the chained plugins expect.`,
        evidence: [{ file: eff.name, message: 'used by the runtime' }, { file: twin.name, message: `ignored: ${list(chainOf(twin.json))}` }],
        remediations: ['remove-leftover-cni-config'],
      }));
    }
  }
  return out;
};

/** The generic load failure that wrongExtension explains better (config-files.ts skips it). */
export function isWrongFormat(e: ConfigEntry): boolean {
  const w = wrongExtension(e);
  return w !== undefined && w.blocking;
}

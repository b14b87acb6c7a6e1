/**
 * cniVersion: what the config asks for, against the spec and against what
 * the plugins and the runtime answered (issue 15, class 1).
 */
import { runtimeMessages } from './reload';
import { finding, type NodeContext, type Rule } from './types';
import type { Finding } from '../types';

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
    remediations: [],
  }), ...out];
};

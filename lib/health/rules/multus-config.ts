/**
 * Rules on the effective config when it is Multus: the self-nesting of the
 * incident, the default (cluster) network it points at, and the files it
 * needs on the node. Multus resolves `clusterNetwork` as a
 * NetworkAttachmentDefinition name, a network name in its confDir, or a
 * file path; `readinessindicatorfile` makes it wait (and fail the sandbox)
 * until the primary CNI has written that file.
 * https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/configuration.md
 */
import { familyOf } from '@/lib/cni/families';
import { isMultusConfig, hostPath, multusModel, nestedMultusPaths, type MultusModel } from '@/lib/cni/multus';
import type { Snapshot } from '@/lib/cni/snapshot';
import { KNOWN_CNI_VERSIONS } from './version';
import { finding, type NodeContext, type Rule } from './types';
import type { Finding } from '../types';

export const nestedDelegatesRule: Rule = ({ config }) => {
  const eff = config?.effective;
  if (!eff?.json || !isMultusConfig(eff.json)) return [];
  const paths = nestedMultusPaths(eff.json);
  if (paths.length === 0) return [];
  return [finding({
    ruleId: 'multus-nested-delegates',
    severity: 'error',
    title: `${eff.name} wraps a Multus config inside itself${paths.length > 1 ? ` (${paths.length} levels)` : ''}`,
    explanation:
      'Multus generated its config at boot before the primary CNI config existed and wrapped its own earlier config. Every new pod sandbox on this node fails (validateIfName ... already exists).',
    evidence: paths.map((jsonPath) => ({ file: eff.name, jsonPath })),
    // Not restart-multus-pod: a restarted Multus wraps the first config it finds, this same file, one level deeper.
    remediations: ['repair-node-cni-config'],
  })];
};

type Probe = 'present' | 'absent' | 'unknown';

/** Whether a host path exists, from the snapshot's files (for its conf dir) or its probes. */
function probe(snap: Snapshot, rawPath: string): Probe {
  const path = hostPath(rawPath);
  const hit = snap.probes.find((p) => hostPath(p.path) === path);
  if (hit) return hit.exists ? 'present' : 'absent';
  const dir = snap.confDir.replace(/\/+$/, '');
  if (path.startsWith(`${dir}/`)) {
    const rel = path.slice(dir.length + 1);
    if (snap.files.some((f) => f.name === rel)) return 'present';
    // Top-level files are always listed; sub-directories (multus.d/) are not, so absence there proves nothing.
    if (!rel.includes('/')) return 'absent';
  }
  return 'unknown';
}

function pathRules(m: MultusModel, file: string, snap: Snapshot): Finding[] {
  const out: Finding[] = [];
  if (m.kubeconfig && probe(snap, m.kubeconfig) === 'absent') {
    out.push(finding({
      ruleId: 'multus-kubeconfig-missing',
      severity: 'error',
      title: 'The kubeconfig Multus uses does not exist on the node',
      explanation: 'Multus reads each pod from the API server with this kubeconfig before setting up its networks; without it every sandbox fails ("error getting pod"). The Multus pod writes it at start-up.',
      evidence: [{ file, jsonPath: `${m.path}.kubeconfig`, message: m.kubeconfig }],
      remediations: ['restart-multus-pod'],
    }));
  }
  if (m.readinessIndicatorFile && probe(snap, m.readinessIndicatorFile) === 'absent') {
    out.push(finding({
      ruleId: 'multus-readiness-indicator-missing',
      severity: 'error',
      title: 'The readiness indicator file Multus waits for does not exist',
      explanation: 'Multus waits for this file (written by the primary CNI when it is ready) and fails the sandbox when it does not appear ("have you checked that your default network is ready?").',
      evidence: [{ file, jsonPath: `${m.path}.readinessindicatorfile`, message: m.readinessIndicatorFile }],
      remediations: ['restart-primary-cni-pod'],
    }));
  }
  return out;
}

function primaryRule(ctx: NodeContext, m: MultusModel, file: string, snap: Snapshot): Finding[] {
  const others = (ctx.config?.entries ?? []).filter((e) => e.load.ok && e.json && !isMultusConfig(e.json));
  const missing = (message: string, severity: 'error' | 'warning', explanation: string, jsonPath: string): Finding[] => [finding({
    ruleId: 'multus-primary-missing',
    severity,
    title: 'Multus points at a primary CNI config that is not on the node',
    explanation,
    evidence: [{ file, jsonPath, message }],
    remediations: ['restart-primary-cni-pod', 'multus-wait-for-primary-cni'],
  })];
  if (m.clusterNetwork) {
    if (m.clusterNetwork.startsWith('/')) {
      if (probe(snap, m.clusterNetwork) !== 'absent') return [];
      return missing(`clusterNetwork ${m.clusterNetwork} does not exist`, 'error',
        'Multus delegates every pod\'s default network to this file; while the primary CNI has not written it, every sandbox fails.', `${m.path}.clusterNetwork`);
    }
    // A name can also be a NetworkAttachmentDefinition, which the snapshot cannot see.
    if (others.some((e) => e.json?.name === m.clusterNetwork)) return [];
    return missing(`no config named "${m.clusterNetwork}" in ${snap.confDir}`, 'warning',
      'Multus looks the cluster network up as a NetworkAttachmentDefinition, then as a config of that name in its directory. None is in the directory; unless a NetworkAttachmentDefinition of that name exists, sandboxes fail.', `${m.path}.clusterNetwork`);
  }
  if (m.delegates.length === 0) {
    if (m.mode === 'thick') return [];
    return missing('no delegates and no clusterNetwork', 'error', 'This Multus config names no default network at all, so Multus has nothing to set up eth0 with.', m.path);
  }
  const first = m.delegates[0]!;
  if (isMultusConfig(first)) return []; // the nesting rule says it better
  const name = typeof first.name === 'string' ? first.name : undefined;
  const family = familyOf(first);
  if (others.some((e) => (name !== undefined && e.json?.name === name) || familyOf(e.json!) === family && family !== 'other')) return [];
  return missing(`delegate "${name ?? first.type}" has no config file of its own in ${snap.confDir}`, 'warning',
    'Multus embedded the primary CNI\'s config when it generated this file, but the primary\'s own config is gone (primary CNI uninstalled, restarting or not yet started). When Multus restarts now, it will wrap whatever sorts first, possibly itself.', `${m.path}.delegates[0]`);
}

/**
 * Multus hands each delegate its own config and converts the result to its
 * own cniVersion (libcni's convert), so 0.3.1 wrapping 0.4.0 (the EKS
 * default) is fine. A delegate on an unknown version fails; crossing the
 * 0.x/1.0 boundary is where conversions have broken in practice.
 * https://github.com/containernetworking/cni/blob/main/pkg/types/100/types.go
 */
function versionRule(m: MultusModel, file: string): Finding[] {
  const delegates = m.delegates.map((d, i) => ({ i, v: typeof d.cniVersion === 'string' ? d.cniVersion : undefined }));
  const unknown = delegates.filter((d) => d.v !== undefined && !KNOWN_CNI_VERSIONS.has(d.v));
  if (unknown.length > 0) {
    return [finding({
      ruleId: 'cni-version-unsupported',
      severity: 'error',
      title: `A Multus delegate declares unknown cniVersion "${unknown[0]!.v!.slice(0, 40)}"`,
      explanation: 'No CNI spec has this version, so the delegate plugin refuses its config ("incompatible CNI versions") and every sandbox fails.',
      evidence: unknown.map((d) => ({ file, jsonPath: `${m.path}.delegates[${d.i}].cniVersion`, message: d.v })),
      remediations: [],
    })];
  }
  const major = (v: string): string => (v.startsWith('0.') ? '0' : v.split('.')[0] ?? v);
  const crossing = delegates.filter((d) => d.v !== undefined && m.cniVersion !== undefined && major(d.v) !== major(m.cniVersion));
  if (crossing.length === 0) return [];
  return [finding({
    ruleId: 'multus-delegate-version-mismatch',
    severity: 'info',
    title: `Multus (cniVersion ${m.cniVersion}) and its delegate (${crossing.map((d) => d.v).join(', ')}) are on different spec generations`,
    explanation: 'Multus converts delegate results to its own version. This usually works; it matters when a plugin does not support the version Multus hands it ("incompatible CNI versions").',
    evidence: crossing.map((d) => ({ file, jsonPath: `${m.path}.delegates[${d.i}].cniVersion`, message: `${d.v} vs ${m.cniVersion}` })),
  })];
}

export const multusConfigRule: Rule = (ctx) => {
  const eff = ctx.config?.effective;
  const snap = ctx.snapshot?.snapshot;
  if (!eff?.json || !snap) return [];
  const m = multusModel(eff.json);
  if (!m) return [];
  return [...pathRules(m, eff.name, snap), ...primaryRule(ctx, m, eff.name, snap), ...versionRule(m, eff.name)];
};

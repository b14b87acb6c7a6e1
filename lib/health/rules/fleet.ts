/**
 * Facts that need the whole fleet: config drift against the majority of
 * comparable nodes (same pool, else same role set, else the whole cluster),
 * and which CNI family those nodes use. Drift is only claimed when there is a
 * clear majority: at least 3 nodes with a snapshot in the group and one
 * variant on more than half of them.
 */
import { diffJson } from '@/lib/cni/diff';
import { familyOf, type CniFamily } from '@/lib/cni/families';
import type { ConfigDir } from '@/lib/cni/files';
import { configFingerprint, type NormalisedFile } from '@/lib/cni/fingerprint';
import { chainOf, lacksMainPlugin, repeatedPlugins } from '@/lib/cni/chain';
import { isMultusConfig, nestedMultusPaths } from '@/lib/cni/multus';
import type { NodeModel } from '@/lib/model/node';
import type { Snapshot } from '@/lib/cni/snapshot';
import { finding, type FleetFacts, type Rule } from './types';

export const DRIFT_MIN_GROUP = 3;

export interface FleetNode {
  node: NodeModel;
  snapshot?: Snapshot;
  config?: ConfigDir;
}

export interface ConfigVariant {
  fingerprint: string;
  nodes: string[];
}

/** The comparable group of a node: node pool when known, else its roles. */
export function comparableGroup(node: NodeModel): string {
  if (node.pool) return `pool:${node.pool}`;
  return `roles:${[...node.roles].sort().join(',') || 'worker'}`;
}

function effectiveFamily(config: ConfigDir | undefined): CniFamily | undefined {
  const eff = config?.effective?.json;
  if (!eff) return undefined;
  if (!isMultusConfig(eff)) return familyOf(eff);
  return 'multus';
}

/** Whether a config can serve as the reference: it loads first time, is not self-nested, and its chain has a main plugin, once. */
function soundReference(config: ConfigDir | undefined): boolean {
  const eff = config?.effective;
  if (!config || !eff?.json || config.effectiveIndex > 0) return false;
  if (nestedMultusPaths(eff.json).length > 0) return false;
  const chain = chainOf(eff.json, '$', eff.isList);
  return !lacksMainPlugin(chain) && repeatedPlugins(chain).length === 0;
}

function differences(a: NormalisedFile[], b: NormalisedFile[], limit = 5): string[] {
  const out: string[] = [];
  const right = new Map(b.map((f) => [f.name, f]));
  const left = new Map(a.map((f) => [f.name, f]));
  for (const f of a) if (!right.has(f.name)) out.push(`${f.name}: only on this node`);
  for (const f of b) if (!left.has(f.name)) out.push(`${f.name}: missing on this node`);
  for (const f of a) {
    const r = right.get(f.name);
    if (!r || r.canonical === f.canonical) continue;
    if (f.json !== undefined && r.json !== undefined) {
      for (const c of diffJson(r.json, f.json)) out.push(`${f.name}: ${c.op} ${c.path}`);
    } else out.push(`${f.name}: content differs`);
  }
  return out.slice(0, limit);
}

/**
 * Memo for incremental callers (the server re-analyses the fleet after each
 * batch of changes): fingerprints cached per snapshot, differences per pair
 * of fingerprints. Without it every call starts from scratch (offline mode).
 */
export interface FleetMemo {
  fingerprint(n: FleetNode & { snapshot: Snapshot }): { fingerprint: string; files: NormalisedFile[] };
  differences: Map<string, string[]>;
}

export interface FleetAnalysis {
  facts: Map<string, FleetFacts>;
  variants: ConfigVariant[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function analyseFleet(nodes: readonly FleetNode[], memo?: FleetMemo): FleetAnalysis {
  const prints = new Map<string, { fingerprint: string; files: NormalisedFile[] }>();
  for (const n of nodes) {
    if (n.snapshot) prints.set(n.node.name, memo ? memo.fingerprint({ ...n, snapshot: n.snapshot }) : configFingerprint(n.snapshot.files, n.node.name));
  }
  const groups = new Map<string, FleetNode[]>();
  for (const n of nodes) if (n.snapshot) push(groups, comparableGroup(n.node), n);
  const facts = new Map<string, FleetFacts>();
  for (const n of nodes) facts.set(n.node.name, { context: [] });
  for (const [group, members] of groups) {
    const byPrint = new Map<string, FleetNode[]>();
    for (const m of members) push(byPrint, prints.get(m.node.name)!.fingerprint, m);
    const [majorityPrint, majority] = [...byPrint.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    if (members.length < DRIFT_MIN_GROUP || majority.length * 2 <= members.length) continue;
    // A majority that is itself broken is no reference: being unlike it is no finding (nor is its CNI family the expected one).
    if (!soundReference(majority[0]!.config)) continue;
    const families = majority.map((m) => effectiveFamily(m.config)).filter((f) => f !== undefined);
    const reference = majority.map((m) => m.node.name).sort()[0]!;
    for (const m of members) {
      const f = facts.get(m.node.name)!;
      f.expectedFamily = families[0];
      const mine = prints.get(m.node.name)!;
      if (mine.fingerprint === majorityPrint) continue;
      f.drift = {
        group,
        groupSize: members.length,
        majorityFingerprint: majorityPrint,
        majoritySize: majority.length,
        fingerprint: mine.fingerprint,
        referenceNode: reference,
        differences: memoDifferences(memo, mine, prints.get(reference)!),
      };
    }
  }
  const variants = new Map<string, string[]>();
  for (const [node, p] of prints) push(variants, p.fingerprint, node);
  return {
    facts,
    variants: [...variants.entries()].map(([fingerprint, ns]) => ({ fingerprint, nodes: ns.sort() })).sort((a, b) => b.nodes.length - a.nodes.length || (a.fingerprint < b.fingerprint ? -1 : 1)),
  };
}

function memoDifferences(memo: FleetMemo | undefined, mine: { fingerprint: string; files: NormalisedFile[] }, ref: { fingerprint: string; files: NormalisedFile[] }): string[] {
  if (!memo) return differences(mine.files, ref.files);
  // Equal fingerprints, equal normalised files: the differences are the same for every such pair.
  const key = `${mine.fingerprint}|${ref.fingerprint}`;
  let d = memo.differences.get(key);
  if (!d) memo.differences.set(key, (d = differences(mine.files, ref.files)));
  return d;
}

export const driftRule: Rule = ({ fleet }) => {
  const d = fleet?.drift;
  if (!d) return [];
  return [finding({
    ruleId: 'config-drift',
    severity: 'warning',
    title: `CNI config differs from ${d.majoritySize} of ${d.groupSize} comparable nodes`,
    explanation: `Nodes in ${d.group.replace(':', ' ')} normally share one CNI config (node names and addresses aside). This node's differs from the majority, e.g. from ${d.referenceNode}; compare the two to see whether it is the broken one.`,
    evidence: d.differences.map((text) => {
      const [file] = text.split(': ');
      const path = /\s(\$\S*)$/.exec(text)?.[1];
      return { file, jsonPath: path, message: text };
    }),
    remediations: [],
  })];
};

/** Multus DaemonSet hygiene findings, attached as info to nodes whose Multus broke (the likely contributing cause). */
export const multusContextRule: Rule = ({ fleet }) => fleet?.context ?? [];

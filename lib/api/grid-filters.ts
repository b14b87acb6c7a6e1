/**
 * The grid's filters and grouping, as they live in the URL (so a filtered
 * view survives a reload and can be shared). Pure: parse, serialise, apply.
 */
import { VERDICTS, type NodeView, type Verdict } from './views';

export const GROUP_BYS = ['none', 'verdict', 'zone', 'pool', 'variant'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface GridFilters {
  verdicts: Verdict[];
  zones: string[];
  pools: string[];
  cnis: string[];
  rules: string[];
  q: string;
  group: GroupBy;
}

export const NO_FILTERS: GridFilters = { verdicts: [], zones: [], pools: [], cnis: [], rules: [], q: '', group: 'none' };

const MAX_VALUE = 253;
const MAX_VALUES = 50;

interface ParamsLike {
  get(name: string): string | null;
}

function list(params: ParamsLike, name: string): string[] {
  const raw = params.get(name);
  if (!raw) return [];
  return [...new Set(raw.split(',').map((v) => v.trim()).filter((v) => v && v.length <= MAX_VALUE))].slice(0, MAX_VALUES);
}

/** Unknown or malformed values are dropped, never an error: a stale link still opens. */
export function parseGridFilters(params: ParamsLike): GridFilters {
  const group = params.get('group');
  return {
    verdicts: list(params, 'verdict').filter((v): v is Verdict => (VERDICTS as readonly string[]).includes(v)),
    zones: list(params, 'zone'),
    pools: list(params, 'pool'),
    cnis: list(params, 'cni'),
    rules: list(params, 'rule'),
    q: (params.get('q') ?? '').slice(0, MAX_VALUE),
    group: (GROUP_BYS as readonly string[]).includes(group ?? '') ? (group as GroupBy) : 'none',
  };
}

/** Query string for the filters, defaults left out, in a stable order. */
export function gridFiltersToQuery(f: GridFilters): string {
  const p = new URLSearchParams();
  if (f.verdicts.length) p.set('verdict', f.verdicts.join(','));
  if (f.zones.length) p.set('zone', f.zones.join(','));
  if (f.pools.length) p.set('pool', f.pools.join(','));
  if (f.cnis.length) p.set('cni', f.cnis.join(','));
  if (f.rules.length) p.set('rule', f.rules.join(','));
  if (f.q) p.set('q', f.q);
  if (f.group !== 'none') p.set('group', f.group);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function isFiltered(f: GridFilters): boolean {
  return f.verdicts.length + f.zones.length + f.pools.length + f.cnis.length + f.rules.length > 0 || f.q !== '';
}

const anyOf = (wanted: string[], value: string | undefined): boolean => wanted.length === 0 || (value !== undefined && wanted.includes(value));

export function applyGridFilters(nodes: readonly NodeView[], f: GridFilters): NodeView[] {
  const q = f.q.toLowerCase();
  return nodes.filter(
    (n) =>
      anyOf(f.verdicts, n.verdict) &&
      anyOf(f.zones, n.zone) &&
      anyOf(f.pools, n.pool) &&
      (f.cnis.length === 0 || n.cnis.some((c) => f.cnis.includes(c))) &&
      (f.rules.length === 0 || n.ruleIds.some((r) => f.rules.includes(r))) &&
      (q === '' || n.name.includes(q)),
  );
}

export interface NodeGroup {
  key: string;
  label: string;
  nodes: NodeView[];
}

const VERDICT_RANK: Record<Verdict, number> = { broken: 0, degraded: 1, unknown: 2, healthy: 3 };

function groupKey(n: NodeView, by: GroupBy): string {
  switch (by) {
    case 'verdict':
      return n.verdict;
    case 'zone':
      return n.zone ?? '';
    case 'pool':
      return n.pool ?? '';
    case 'variant':
      return n.variant ?? '';
    default:
      return '';
  }
}

/**
 * Groups keep the nodes' order (worst first). Groups are ordered by their
 * worst node, then by size, so the group holding the incident comes first.
 */
export function groupNodes(nodes: readonly NodeView[], by: GroupBy): NodeGroup[] {
  if (by === 'none') return [{ key: 'all', label: 'All nodes', nodes: [...nodes] }];
  const groups = new Map<string, NodeView[]>();
  for (const n of nodes) {
    const k = groupKey(n, by);
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
  }
  const worst = (g: NodeView[]): number => Math.min(...g.map((n) => VERDICT_RANK[n.verdict]));
  const none = { zone: 'no zone', pool: 'no pool', variant: 'no snapshot', verdict: '' }[by];
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => worst(a) - worst(b) || b.length - a.length || ka.localeCompare(kb))
    .map(([key, g]) => ({ key: key || 'none', label: key ? (by === 'variant' ? `config variant ${key}` : key) : none, nodes: g }));
}

export interface GridFacets {
  zones: string[];
  pools: string[];
  cnis: string[];
  rules: string[];
}

export function gridFacets(nodes: readonly NodeView[]): GridFacets {
  const collect = (pick: (n: NodeView) => Array<string | undefined>): string[] =>
    [...new Set(nodes.flatMap(pick).filter((v): v is string => !!v))].sort();
  return {
    zones: collect((n) => [n.zone]),
    pools: collect((n) => [n.pool]),
    cnis: collect((n) => n.cnis),
    rules: collect((n) => n.ruleIds),
  };
}

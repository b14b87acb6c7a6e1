/**
 * The grid's wire format: one payload for 5,000 nodes in well under 60 KB
 * gzipped. NodeView as JSON repeats every key and every zone, pool, rule
 * title and Multus state per node (~400 bytes a node); here each field is a
 * column, strings are interned in one table, and healthy nodes' columns are
 * long runs of the same small numbers, which gzip folds to almost nothing.
 * A delta carries only the rows that changed since a version the client has.
 * Fields the grid never draws (the Multus pod's name, snapshot times) stay
 * on the node page.
 */
import type { GridView, MultusPodView, NodeView, Verdict } from './views';
import { DATA_PLANE_CELLS, VERDICTS } from './views';

export const GRID_FORMAT = 'grid/v1';

/** Columns of the node rows; `s` indexes into `strings`, -1 is "absent". */
export interface GridColumns {
  name: string[];
  /** One character per node: index into VERDICTS. */
  verdict: string;
  /** One character per node: 1 ready, 0 not. */
  ready: string;
  zone: number[];
  pool: number[];
  /** Index into `findings` (-1: none). */
  top: number[];
  /** Index into `sets` (rule ids that fired). */
  rules: number[];
  findingCount: number[];
  /** Index into `sets` (CNI families, effective first). */
  cnis: number[];
  stuck: number[];
  /** Oldest stuck pod's first failure (ISO) or null. */
  stuckSince: Array<string | null>;
  /** Index into `multus` (-1: no Multus pod). */
  multus: number[];
  variant: number[];
  /** One character per node: index into DATA_PLANE_CELLS, '-' when no probe covers it. */
  dataPlane?: string;
}

export interface GridPayload {
  format: typeof GRID_FORMAT;
  /** Identifies the server process; a delta only applies within one. */
  epoch: string;
  version: number;
  /** On a delta: the version it applies to. Absent on a full payload. */
  base?: number;
  meta: Omit<GridView, 'nodes'>;
  strings: string[];
  /** [ruleId, severity, title] as string indexes. */
  findings: Array<[number, number, number]>;
  /** Sets of string indexes (rule ids, CNI stacks). */
  sets: number[][];
  /** [namespace, phase, ready 0/1, restarts, lastTerminationReason, qosClass, image] (strings as indexes). */
  multus: Array<[number, number, number, number, number, number, number]>;
  rows: GridColumns;
  /** On a delta: nodes that left the cluster. */
  removed?: string[];
}

class Interner<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  of(value: T): number {
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(value);
      this.index.set(key, i);
    }
    return i;
  }
}

const opt = (strings: Interner<string>, v: string | undefined): number => (v === undefined ? -1 : strings.of(v));

/** Encodes node rows (in the given order) with the view's metadata. */
export function encodeGrid(meta: Omit<GridView, 'nodes'>, nodes: readonly NodeView[], version: { epoch: string; version: number; base?: number; removed?: string[] }): GridPayload {
  const strings = new Interner<string>();
  const findings = new Interner<[number, number, number]>();
  const sets = new Interner<number[]>();
  const multus = new Interner<[number, number, number, number, number, number, number]>();
  const rows: GridColumns = { name: [], verdict: '', ready: '', zone: [], pool: [], top: [], rules: [], findingCount: [], cnis: [], stuck: [], stuckSince: [], multus: [], variant: [] };
  let verdicts = '';
  let ready = '';
  let dataPlane = '';
  for (const n of nodes) {
    rows.name.push(n.name);
    verdicts += String(VERDICTS.indexOf(n.verdict));
    ready += n.ready ? '1' : '0';
    rows.zone.push(opt(strings, n.zone));
    rows.pool.push(opt(strings, n.pool));
    rows.top.push(n.topFinding ? findings.of([strings.of(n.topFinding.ruleId), strings.of(n.topFinding.severity), strings.of(n.topFinding.title)]) : -1);
    rows.rules.push(sets.of(n.ruleIds.map((r) => strings.of(r))));
    rows.findingCount.push(n.findingCount);
    rows.cnis.push(sets.of(n.cnis.map((c) => strings.of(c))));
    rows.stuck.push(n.stuckPods);
    rows.stuckSince.push(n.stuckSince ?? null);
    const m = n.multus;
    rows.multus.push(m ? multus.of([strings.of(m.namespace), strings.of(m.phase), m.ready ? 1 : 0, m.restarts, opt(strings, m.lastTerminationReason), opt(strings, m.qosClass), opt(strings, m.image)]) : -1);
    rows.variant.push(opt(strings, n.variant));
    dataPlane += n.dataPlane ? String(DATA_PLANE_CELLS.indexOf(n.dataPlane)) : '-';
  }
  rows.verdict = verdicts;
  rows.ready = ready;
  rows.dataPlane = dataPlane;
  return {
    format: GRID_FORMAT, epoch: version.epoch, version: version.version, ...(version.base !== undefined ? { base: version.base, removed: version.removed ?? [] } : {}),
    meta, strings: strings.items, findings: findings.items, sets: sets.items, multus: multus.items, rows,
  };
}

function decodeRows(p: GridPayload): NodeView[] {
  const s = (i: number | undefined): string | undefined => (i === undefined || i < 0 ? undefined : p.strings[i]);
  const r = p.rows;
  return r.name.map((name, i): NodeView => {
    const top = p.findings[r.top[i] ?? -1];
    const m = p.multus[r.multus[i] ?? -1];
    const multus: MultusPodView | undefined = m && {
      namespace: s(m[0]) ?? '', name: '', phase: s(m[1]) ?? 'Unknown', ready: m[2] === 1, restarts: m[3],
      lastTerminationReason: s(m[4]), qosClass: s(m[5]), image: s(m[6]),
    };
    return {
      name,
      zone: s(r.zone[i]),
      pool: s(r.pool[i]),
      ready: r.ready[i] === '1',
      verdict: VERDICTS[Number(r.verdict[i])] ?? 'unknown',
      topFinding: top && { ruleId: s(top[0])!, severity: s(top[1]) as NonNullable<NodeView['topFinding']>['severity'], title: s(top[2])! },
      ruleIds: (p.sets[r.rules[i] ?? -1] ?? []).map((k) => s(k)!),
      findingCount: r.findingCount[i] ?? 0,
      cnis: (p.sets[r.cnis[i] ?? -1] ?? []).map((k) => s(k)!),
      stuckPods: r.stuck[i] ?? 0,
      stuckSince: r.stuckSince[i] ?? undefined,
      multus,
      variant: s(r.variant[i]),
      ...(r.dataPlane && r.dataPlane[i] !== '-' && DATA_PLANE_CELLS[Number(r.dataPlane[i])] ? { dataPlane: DATA_PLANE_CELLS[Number(r.dataPlane[i])] } : {}),
    };
  });
}

const RANK: Record<Verdict, number> = { broken: 0, degraded: 1, unknown: 2, healthy: 3 };

/** Worst first, then by name: broken nodes lead the grid. */
export function gridOrder(a: NodeView, b: NodeView): number {
  return RANK[a.verdict] - RANK[b.verdict] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** A full payload as the GridView the components render. */
export function decodeGrid(p: GridPayload): GridView {
  return { ...p.meta, nodes: decodeRows(p).sort(gridOrder), version: p.version, epoch: p.epoch };
}

/** Applies a delta to the full payload the client holds; the result is a full payload again. */
export function applyGridDelta(full: GridPayload, delta: GridPayload): GridPayload {
  const byName = new Map(decodeRows(full).map((n) => [n.name, n]));
  for (const name of delta.removed ?? []) byName.delete(name);
  for (const n of decodeRows(delta)) byName.set(n.name, n);
  const nodes = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return encodeGrid(delta.meta, nodes, { epoch: delta.epoch, version: delta.version });
}

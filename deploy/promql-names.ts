/**
 * The metric names a PromQL expression reads, and the queries the shipped
 * monitoring components run (the PrometheusRule's alerts, the Grafana
 * dashboard's panels), so a test can hold them against what /api/metrics
 * really exports. Deliberately small: strings, label matchers, ranges and
 * grouping clauses are dropped, then every identifier that is not a
 * function call or a keyword is a metric name.
 * https://prometheus.io/docs/prometheus/latest/querying/basics/
 */
import type { KubeObject } from './render';

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+-?[0-9a-z]+/gi, ' ')
    .replace(/(^|[^a-zA-Z0-9_:])[0-9][0-9.eE+-]*[a-z]*/g, '$1 ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice((m.index ?? 0) + m[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

export interface Query { source: string; expr: string }

export function alertQueries(objects: KubeObject[]): Query[] {
  return objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => {
    const groups = (o.spec as { groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }> }).groups;
    return groups.flatMap((g) => g.rules.map((r) => ({ source: `alert ${r.alert ?? r.record}`, expr: r.expr })));
  });
}

interface Panel { title?: string; targets?: Array<{ expr?: string }>; panels?: Panel[] }

export function dashboardQueries(objects: KubeObject[]): Query[] {
  const walk = (panels: Panel[]): Query[] => panels.flatMap((p) => [
    ...(p.targets ?? []).flatMap((t) => (t.expr ? [{ source: `panel ${p.title ?? '?'}`, expr: t.expr }] : [])),
    ...walk(p.panels ?? []),
  ]);
  return objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1').flatMap((o) =>
    Object.values((o.data ?? {}) as Record<string, string>).flatMap((json) => walk((JSON.parse(json) as { panels?: Panel[] }).panels ?? [])));
}

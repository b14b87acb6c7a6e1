/**
 * The monitoring opt-ins (deploy/components/prometheus, deploy/components/grafana):
 * what they grant, what Prometheus is told to scrape, alerts that pass
 * `promtool test rules` (Debian's prometheus package, installed by
 * scripts/ensure-tools.ts) and link a runbook section that exists.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertQueries, dashboardQueries } from './promql-names';
import { renderKustomization, type KubeObject } from './render';

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));
const base = renderKustomization(`${DEPLOY}base`);
const monitoring = renderKustomization(`${DEPLOY}overlays/monitoring`);
const added = monitoring.filter((o) => !base.some((b) => b.kind === o.kind && b.metadata.name === o.metadata.name));
const find = (kind: string, name: string): KubeObject => {
  const o = monitoring.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
};

interface Alert { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
const rules = (): Alert[] => (find('PrometheusRule', 'cni-health').spec as { groups: Array<{ rules: Alert[] }> }).groups.flatMap((g) => g.rules);

describe('monitoring components', () => {
  it('add only their own objects and leave the base as it was', () => {
    expect(added.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/cni-health-metrics-reader', 'ClusterRoleBinding/cni-health-dashboard-auth-delegator', 'ClusterRoleBinding/cni-health-metrics-reader',
      'ConfigMap/cni-health-grafana-dashboard', 'PrometheusRule/cni-health', 'ServiceMonitor/cni-health-dashboard',
    ]);
    expect(monitoring.filter((o) => !added.includes(o))).toEqual(base);
  });

  it('grant a scraper `get /metrics` and nothing else, and the dashboard exactly system:auth-delegator', () => {
    expect(find('ClusterRole', 'cni-health-metrics-reader').rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    expect(find('ClusterRoleBinding', 'cni-health-metrics-reader')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cni-health-metrics-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'monitoring' }] });
    expect(find('ClusterRoleBinding', 'cni-health-dashboard-auth-delegator')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'system:auth-delegator' }, subjects: [{ kind: 'ServiceAccount', name: 'cni-health-dashboard', namespace: 'cni-health' }] });
  });

  it('point the ServiceMonitor at the dashboard Service\'s named port and /api/metrics, with Prometheus\'s own token', () => {
    const service = find('Service', 'cni-health-dashboard') as KubeObject & { spec: { ports: Array<{ name: string }> } };
    const sm = find('ServiceMonitor', 'cni-health-dashboard') as KubeObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<Record<string, string>> } };
    expect(service.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
    expect(service.spec.ports.map((p) => p.name)).toContain(sm.spec.endpoints[0]!.port);
    expect(sm.spec.endpoints[0]).toMatchObject({ path: '/api/metrics', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' });
  });

  it('give every alert a severity and a runbook section in docs/alerts.md', () => {
    const doc = readFileSync(join(DEPLOY, '..', 'docs', 'alerts.md'), 'utf8');
    const anchors = new Set([...doc.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const r of rules()) {
      expect(['warning', 'critical'], r.alert).toContain(r.labels?.severity);
      const url = r.annotations?.runbook_url ?? '';
      expect(url, r.alert).toMatch(/\/docs\/alerts\.md#[a-z0-9-]+$/);
      expect(anchors, `${r.alert}: ${url}`).toContain(url.split('#')[1]);
    }
  });

  it('pass promtool test rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cni-health-rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), stringify(find('PrometheusRule', 'cni-health').spec));
      copyFileSync(join(DEPLOY, 'components/prometheus/tests/alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
      const check = execFileSync('promtool', ['check', 'rules', 'rules.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(check).toContain(`SUCCESS: ${rules().length} rules found`);
      const test = execFileSync('promtool', ['test', 'rules', 'alerts.test.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(test).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ship a Grafana dashboard the sidecar loads, with queries', () => {
    const cm = find('ConfigMap', 'cni-health-grafana-dashboard');
    expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
    expect(dashboardQueries(monitoring).length).toBeGreaterThan(10);
    expect(alertQueries(monitoring).length).toBe(rules().length);
  });
});

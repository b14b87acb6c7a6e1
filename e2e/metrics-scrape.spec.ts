/**
 * Prometheus scraping the dashboard in every sign-in mode: its service
 * account token is reviewed by the API server (TokenReview, then a
 * SubjectAccessReview for `get /metrics`). A token without that grant gets
 * 403, no token 401 where people sign in, the scraper's token the metrics;
 * and every metric the shipped alerts and Grafana dashboard query is one the
 * dashboard really exports.
 */
import { expect, test } from '@playwright/test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { alertQueries, dashboardQueries, metricNames } from '../deploy/promql-names';
import { renderKustomization } from '../deploy/render';
import { demoState, PORT, PROXY_PORT, rawRequest, TOKEN_PORT } from './support/servers';

async function mint(role: 'scraper' | 'workload'): Promise<string> {
  const state = demoState();
  const res = await fetch(`${state.controlUrl}/tokens`, { method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

// Prometheus reaches a pod by its address: no configured origin in the Host.
const scrape = (port: number, token?: string) => rawRequest(port, { path: '/api/metrics', headers: { host: `127.0.0.1:${port}`, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

test.describe('Prometheus scrapes with its own token', () => {
  test('token and proxy mode: no token 401, a token without get /metrics 403, the scraper\'s token the metrics', async () => {
    const [scraper, workload] = await Promise.all([mint('scraper'), mint('workload')]);
    for (const port of [TOKEN_PORT, PROXY_PORT]) {
      expect((await scrape(port)).status, `port ${port} without a token`).toBe(401);
      const refused = await scrape(port, workload);
      expect(refused.status, `port ${port} workload token`).toBe(403);
      expect(refused.text).toContain('may not get /metrics');
      expect((await scrape(port, 'not-a-token')).status).toBe(401);
      const ok = await scrape(port, scraper);
      expect(ok.status, `port ${port} scraper token`).toBe(200);
      expect(ok.text).toContain('cni_health_node_verdict');
    }
  });

  test('the demo: the same review when a token is sent', async () => {
    const [scraper, workload] = await Promise.all([mint('scraper'), mint('workload')]);
    expect((await scrape(PORT, workload)).status).toBe(403);
    expect((await scrape(PORT, scraper)).status).toBe(200);
  });

  test('every metric the shipped alerts and Grafana dashboard query is exported', async () => {
    const res = await scrape(TOKEN_PORT, await mint('scraper'));
    expect(res.status).toBe(200);
    const families = parsePrometheusTextFormat(res.text);
    // A histogram or summary family is queried by its series' suffixes too.
    const exported = new Set(families.flatMap((f) => [f.name, ...(f.type === 'HISTOGRAM' || f.type === 'SUMMARY' ? [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`] : [])]));
    expect(exported.has('cni_health_node_snapshot_age_seconds')).toBe(true);
    const monitoring = renderKustomization('deploy/overlays/monitoring');
    const queries = [...alertQueries(monitoring), ...dashboardQueries(monitoring)];
    // `up` is the series Prometheus itself writes for every target.
    const missing = queries.flatMap((q) => metricNames(q.expr).filter((n) => n !== 'up' && !exported.has(n)).map((n) => `${q.source}: ${n}`));
    expect(missing).toEqual([]);
    expect(queries.length).toBeGreaterThan(15);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseConfig, parseDuration } from './config';

describe('agent configuration', () => {
  it('takes the DaemonSet environment, with defaults for the rest', () => {
    const r = parseConfig([], { NODE_NAME: 'ip-10-0-4-201.eu-west-1.compute.internal', POD_NAMESPACE: 'cni', AGENT_REPAIR: 'enabled', AGENT_HEARTBEAT: '4m' });
    expect(r).toEqual({ ok: true, config: { ...DEFAULTS, node: 'ip-10-0-4-201.eu-west-1.compute.internal', namespace: 'cni', repair: true, heartbeatMs: 240_000 } });
  });

  it('lets flags override the environment', () => {
    const r = parseConfig(['--node', 'n2', '--conf-dir', '/tmp/x', '--history', '3', '--rescan', '30s', '--debounce', '200ms', '--health-port', '0'], { NODE_NAME: 'n1' });
    expect(r.ok && r.config).toMatchObject({ node: 'n2', confDir: '/tmp/x', historyDepth: 3, rescanMs: 30_000, debounceMs: 200, healthPort: 0, repair: false });
  });

  it.each([
    [[], {}, /no node name/],
    [[], { NODE_NAME: 'Bad_Name' }, /not a DNS subdomain/],
    [['--history', '11'], { NODE_NAME: 'n' }, /0 to 10/],
    [['--heartbeat', '20m'], { NODE_NAME: 'n' }, /at most 10m/],
    [['--rescan', 'soon'], { NODE_NAME: 'n' }, /not a duration/],
    [['--bogus'], { NODE_NAME: 'n' }, /Unknown option/],
    [[], { NODE_NAME: 'n', AGENT_REPAIR: 'maybe' }, /AGENT_REPAIR/],
    [[], { NODE_NAME: 'n', AGENT_NODE_CONDITION: 'sometimes' }, /AGENT_NODE_CONDITION/],
    [['--dashboard-url', 'javascript:alert(1)'], { NODE_NAME: 'n' }, /not an http\(s\) URL/],
    [[], { NODE_NAME: 'n', AGENT_DASHBOARD_URL: 'https://user:pw@cni-health.example.com' }, /without credentials/],
    [[], { NODE_NAME: 'n', AGENT_DASHBOARD_URL: 'https://cni-health.example.com/?token=x' }, /AGENT_DASHBOARD_URL/],
  ])('refuses %j %j', (argv, env, error) => {
    const r = parseConfig(argv, env);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(error);
  });

  it('leaves the Node condition off unless asked, and takes the dashboard URL for its link', () => {
    const off = parseConfig([], { NODE_NAME: 'n' });
    expect(off.ok && off.config.nodeCondition).toBe(false);
    const on = parseConfig([], { NODE_NAME: 'n', AGENT_NODE_CONDITION: 'enabled', AGENT_DASHBOARD_URL: 'https://cni-health.example.com/' });
    expect(on.ok && on.config).toMatchObject({ nodeCondition: true, dashboardUrl: 'https://cni-health.example.com/' });
    const flag = parseConfig(['--node-condition'], { NODE_NAME: 'n' });
    expect(flag.ok && flag.config.nodeCondition).toBe(true);
  });

  it('reads durations with units, bare numbers as seconds', () => {
    expect([parseDuration('500ms'), parseDuration('30'), parseDuration('5m'), parseDuration('1h'), parseDuration('-1s')]).toEqual([500, 30_000, 300_000, 3_600_000, undefined]);
  });
});

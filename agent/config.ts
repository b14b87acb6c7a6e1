/**
 * The agent's settings, from flags first and then the environment (the
 * DaemonSet sets env; flags are for running it by hand). Pure: argv and env
 * in, a validated config or one clear error out.
 */
import { parseArgs } from 'node:util';

export interface AgentConfig {
  /** This node's name (the downward API's spec.nodeName in the DaemonSet). */
  node: string;
  /** Where snapshots and repair requests live: the agent's own namespace. */
  namespace: string;
  /** The CNI config directory as mounted in the container. */
  confDir: string;
  /** The CNI binary directory as mounted in the container. */
  binDir: string;
  /** The same directories as the host (and so the container runtime and the configs) name them. */
  hostConfDir: string;
  hostBinDir: string;
  /** Earlier revisions kept in the snapshot (docs/snapshot-format.md: at most 10). */
  historyDepth: number;
  rescanMs: number;
  debounceMs: number;
  /** Re-publish an unchanged snapshot this often so consumers can tell a live agent from a gone one. */
  heartbeatMs: number;
  /** Repair requested by the operator; the agent also needs a writable mount to act on it. */
  repair: boolean;
  /** 0 turns the health endpoint off. */
  healthPort: number;
  healthHost: string;
  /** host-local IPAM's data directory as mounted (AGENT_IPAM_DIR), and as the host names it; unset: not collected. */
  ipamDir?: string;
  hostIpamDir?: string;
  /** Publish the Node condition CNIHealthy (opt-in: deploy/components/node-condition grants and binds it). */
  nodeCondition: boolean;
  /** The dashboard's base URL, for the link in the condition's message. */
  dashboardUrl?: string;
}

export const DEFAULTS = {
  namespace: 'cni-health',
  confDir: '/host/etc/cni/net.d',
  binDir: '/host/opt/cni/bin',
  hostConfDir: '/etc/cni/net.d',
  hostBinDir: '/opt/cni/bin',
  historyDepth: 10,
  rescanMs: 60_000,
  debounceMs: 500,
  // The dashboard calls a snapshot older than 15 minutes stale; 5 minutes leaves two misses of slack.
  heartbeatMs: 5 * 60_000,
  healthPort: 8080,
  healthHost: '0.0.0.0',
  nodeCondition: false,
} as const;

export const USAGE = `usage: npm run agent -- [--node NAME] [--namespace NS] [--conf-dir DIR] [--bin-dir DIR]
  [--host-conf-dir DIR] [--host-bin-dir DIR] [--history N] [--rescan 60s] [--debounce 500ms]
  [--heartbeat 5m] [--repair] [--health-port 8080] [--health-host 0.0.0.0] [--node-condition] [--dashboard-url URL]
env: NODE_NAME, POD_NAMESPACE, AGENT_CONF_DIR, AGENT_BIN_DIR, AGENT_HOST_CONF_DIR, AGENT_HOST_BIN_DIR,
  AGENT_HISTORY, AGENT_RESCAN, AGENT_DEBOUNCE, AGENT_HEARTBEAT, AGENT_REPAIR=enabled, AGENT_HEALTH_PORT,
  AGENT_IPAM_DIR (host-local's /var/lib/cni/networks as mounted; unset: not collected), AGENT_HOST_IPAM_DIR,
  AGENT_NODE_CONDITION=enabled (write the Node condition CNIHealthy), AGENT_DASHBOARD_URL (linked from it)`;

export type ConfigResult = { ok: true; config: AgentConfig } | { ok: false; error: string };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `5m`, `1h`; a bare number is seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 's'] ?? 1000));
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function bool(text: string | undefined): boolean | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^(1|true|yes|enabled|on)$/i.test(text)) return true;
  if (/^(0|false|no|disabled|off)$/i.test(text)) return false;
  return undefined;
}

/** The link lands in a Node's status, readable by anyone who may read Nodes: plain, short, no secrets. */
function isDashboardUrl(text: string): boolean {
  if (text.length > 200) return false;
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    return false;
  }
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        node: { type: 'string' }, namespace: { type: 'string' }, 'conf-dir': { type: 'string' }, 'bin-dir': { type: 'string' },
        'host-conf-dir': { type: 'string' }, 'host-bin-dir': { type: 'string' }, history: { type: 'string' }, rescan: { type: 'string' },
        debounce: { type: 'string' }, heartbeat: { type: 'string' }, repair: { type: 'boolean' }, 'health-port': { type: 'string' },
        'health-host': { type: 'string' }, 'node-condition': { type: 'boolean' }, 'dashboard-url': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const str = (flag: string, name: string): string | undefined => (values[flag] as string | undefined) ?? (env[name] || undefined);

  const node = str('node', 'NODE_NAME');
  if (!node) return { ok: false, error: 'no node name: set NODE_NAME (the DaemonSet sets it from spec.nodeName) or --node' };
  if (node.length > 253 || !DNS_SUBDOMAIN.test(node)) return { ok: false, error: `node name "${node}" is not a DNS subdomain` };
  const namespace = str('namespace', 'POD_NAMESPACE') ?? DEFAULTS.namespace;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return { ok: false, error: `namespace "${namespace}" is not a DNS label` };

  const durations: [keyof AgentConfig, string, string, number, number][] = [
    ['rescanMs', 'rescan', 'AGENT_RESCAN', DEFAULTS.rescanMs, 1000],
    ['debounceMs', 'debounce', 'AGENT_DEBOUNCE', DEFAULTS.debounceMs, 0],
    ['heartbeatMs', 'heartbeat', 'AGENT_HEARTBEAT', DEFAULTS.heartbeatMs, 1000],
  ];
  const parsed: Partial<Record<keyof AgentConfig, number>> = {};
  for (const [key, flag, name, fallback, min] of durations) {
    const text = str(flag, name);
    const ms = text === undefined ? fallback : parseDuration(text);
    if (ms === undefined || ms < min) return { ok: false, error: `--${flag} / ${name}: "${text}" is not a duration of at least ${min} ms (e.g. 500ms, 30s, 5m)` };
    parsed[key] = ms;
  }
  // Past 15 minutes the dashboard would call a live agent's snapshot stale.
  if ((parsed.heartbeatMs ?? 0) > 10 * 60_000) return { ok: false, error: '--heartbeat must be at most 10m: the dashboard calls snapshots older than 15 minutes stale' };

  const historyText = str('history', 'AGENT_HISTORY');
  const historyDepth = historyText === undefined ? DEFAULTS.historyDepth : Number(historyText);
  if (!Number.isInteger(historyDepth) || historyDepth < 0 || historyDepth > 10) return { ok: false, error: `--history / AGENT_HISTORY: "${historyText}" is not an integer from 0 to 10` };

  const portText = str('health-port', 'AGENT_HEALTH_PORT');
  const healthPort = portText === undefined ? DEFAULTS.healthPort : Number(portText);
  if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535) return { ok: false, error: `--health-port: "${portText}" is not a port number` };

  const repairEnv = bool(env.AGENT_REPAIR);
  if (env.AGENT_REPAIR && repairEnv === undefined) return { ok: false, error: `AGENT_REPAIR: "${env.AGENT_REPAIR}" is not enabled/disabled` };

  const conditionEnv = bool(env.AGENT_NODE_CONDITION);
  if (env.AGENT_NODE_CONDITION && conditionEnv === undefined) return { ok: false, error: `AGENT_NODE_CONDITION: "${env.AGENT_NODE_CONDITION}" is not enabled/disabled` };
  const dashboardUrl = str('dashboard-url', 'AGENT_DASHBOARD_URL');
  if (dashboardUrl !== undefined && !isDashboardUrl(dashboardUrl)) return { ok: false, error: `--dashboard-url / AGENT_DASHBOARD_URL: "${dashboardUrl.slice(0, 80)}" is not an http(s) URL of at most 200 characters without credentials, query or fragment` };

  return {
    ok: true,
    config: {
      node,
      namespace,
      confDir: str('conf-dir', 'AGENT_CONF_DIR') ?? DEFAULTS.confDir,
      binDir: str('bin-dir', 'AGENT_BIN_DIR') ?? DEFAULTS.binDir,
      hostConfDir: str('host-conf-dir', 'AGENT_HOST_CONF_DIR') ?? DEFAULTS.hostConfDir,
      hostBinDir: str('host-bin-dir', 'AGENT_HOST_BIN_DIR') ?? DEFAULTS.hostBinDir,
      historyDepth,
      rescanMs: parsed.rescanMs ?? DEFAULTS.rescanMs,
      debounceMs: parsed.debounceMs ?? DEFAULTS.debounceMs,
      heartbeatMs: parsed.heartbeatMs ?? DEFAULTS.heartbeatMs,
      repair: (values.repair as boolean | undefined) ?? repairEnv ?? false,
      healthPort,
      healthHost: str('health-host', 'AGENT_HEALTH_HOST') ?? DEFAULTS.healthHost,
      ...(env.AGENT_IPAM_DIR ? { ipamDir: env.AGENT_IPAM_DIR } : {}),
      ...(env.AGENT_HOST_IPAM_DIR ? { hostIpamDir: env.AGENT_HOST_IPAM_DIR } : {}),
      nodeCondition: (values['node-condition'] as boolean | undefined) ?? conditionEnv ?? DEFAULTS.nodeCondition,
      ...(dashboardUrl !== undefined ? { dashboardUrl } : {}),
    },
  };
}

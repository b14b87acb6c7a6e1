/**
 * `npm run demo:ctl -- [--state-dir DIR] <command> [node]`
 *
 *   status                     nodes, their CNI state and stuck pods
 *   reboot-with-race <node>    break a node the way the incident does
 *   heal <node>                repair it
 *   lose-primary <node>        its primary CNI config gone, aws-node crash-looping
 *   compact | drop-watches | relist   faults for informer tests
 *   refuse-dry-run on|off      every dry-run write denied by an admission webhook
 *   fault <name> [key=value…]  an injected fault, e.g. `fault down seconds=30`,
 *                              `fault throttle resource=pods retryAfterSeconds=5`,
 *                              `fault forbid resource=events`, `fault freeze` (a stopped or
 *                              partitioned API server; docs/demo-cluster.md lists them)
 *   clear [name]               switch injected faults off (all, or one; `clear freeze` thaws)
 *   faults                     the injected faults in force
 *   stats                      request counters, lists in flight
 *
 * Finds the running cluster through <state-dir>/state.json (default <repo>/.demo).
 * A node may be given by an unambiguous prefix, e.g. `ip-10-0-4-201`.
 */
import { parseArgs } from 'node:util';
import type { ScenarioDescription } from './scenarios/types';
import { defaultStateDir, readState, statePathIn, type DemoState } from './state-files';

const USAGE = 'usage: npm run demo:ctl -- [--state-dir DIR] status | reboot-with-race <node> | heal <node> | lose-primary <node> | compact | drop-watches | relist | refuse-dry-run on|off | fault <name> [key=value…] (e.g. fault freeze) | clear [name] | faults | stats';

/** `count=2` → 2, `page=next` → "next": numbers where they parse, strings otherwise. */
function params(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CtlError(`expected key=value, got "${p}"\n${USAGE}`);
    const v = p.slice(eq + 1);
    out[p.slice(0, eq)] = /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

class CtlError extends Error {}

async function call(state: DemoState, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${state.controlUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${state.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new CtlError(`cannot reach the demo cluster at ${state.url} (pid ${state.pid}): ${(e as Error).message}; is it still running?`);
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const msg = json && typeof json === 'object' && 'error' in json ? String((json as { error: unknown }).error) : `HTTP ${res.status}`;
    throw new CtlError(msg);
  }
  return json;
}

function printStatus(s: ScenarioDescription): void {
  const rows = s.nodes.map((n) => [n.name, n.zone, n.cni, n.expected, String(n.snapshotRevision), String(n.stuckPods.length), n.brokenSince ?? '']);
  const head = ['NODE', 'ZONE', 'CNI', 'EXPECTED', 'REV', 'STUCK', 'BROKEN SINCE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(`scenario ${s.name}: ${s.description}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { 'state-dir': { type: 'string' } }, allowPositionals: true });
  const [command, node, ...rest] = positionals;
  if (!command) throw new CtlError(USAGE);
  const stateDir = values['state-dir'] ?? defaultStateDir();
  const state = await readState(stateDir);
  if (!state) throw new CtlError(`no running demo cluster: ${statePathIn(stateDir)} not found; start one with \`npm run demo:cluster\``);

  switch (command) {
    case 'status':
      return printStatus((await call(state, 'GET', '/scenario')) as ScenarioDescription);
    case 'stats':
      return console.log(JSON.stringify(await call(state, 'GET', '/stats'), null, 2));
    case 'reboot-with-race':
    case 'lose-primary':
    case 'heal': {
      if (!node) throw new CtlError(`${command} needs a node name\n${USAGE}`);
      const out = (await call(state, 'POST', '/steps', { step: command, node })) as { node?: { name: string; cni: string; stuckPods: string[] } };
      return console.log(`${command}: ${out.node?.name ?? node} is now ${out.node?.cni ?? '?'} (${out.node?.stuckPods.length ?? 0} stuck pods)`);
    }
    case 'compact':
    case 'drop-watches':
    case 'relist':
      await call(state, 'POST', '/faults', { fault: command });
      return console.log(`${command}: done`);
    case 'fault': {
      if (!node) throw new CtlError(`fault needs a name\n${USAGE}`);
      return console.log(JSON.stringify(await call(state, 'POST', '/faults', { ...params(rest), fault: node })));
    }
    case 'clear':
      return console.log(JSON.stringify(await call(state, 'POST', '/faults', { fault: 'clear', ...(node ? { name: node } : {}) })));
    case 'faults':
      return console.log(JSON.stringify(await call(state, 'GET', '/faults'), null, 2));
    case 'refuse-dry-run': {
      if (node !== 'on' && node !== 'off') throw new CtlError(`refuse-dry-run needs on or off\n${USAGE}`);
      await call(state, 'POST', '/faults', { fault: command, enabled: node === 'on' });
      return console.log(`refuse-dry-run: ${node}`);
    }
    default:
      throw new CtlError(`unknown command "${command}"\n${USAGE}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof CtlError ? e.message : e);
  process.exit(1);
});

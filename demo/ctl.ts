/**
 * `npm run demo:ctl -- [--state-dir DIR] <command> [args]`: drive the running
 * demo cluster (scenario steps, injected faults) through its control surface.
 * USAGE below lists the commands; `--help` prints it. Command-line mistakes
 * exit 2 with the usage, failures of the demo exit 1 with the reason.
 */
import { parseArgs } from 'node:util';
import type { ScenarioDescription } from './scenarios/types';
import { defaultStateDir, readState, statePathIn, type DemoState } from './state-files';

const USAGE = `usage: npm run demo:ctl -- [--state-dir DIR] <command> [args]

  status                     nodes, their CNI state and stuck pods
  reboot-with-race <node>    break a node the way the incident does
  heal <node>                repair it
  lose-primary <node>        its primary CNI config gone, aws-node crash-looping
  compact | drop-watches | relist   faults for informer tests
  refuse-dry-run on|off      every dry-run write denied by an admission webhook
  fault <name> [key=value…]  an injected fault, e.g. fault down seconds=30, fault freeze
  clear [name]               switch injected faults off (all, or one)
  faults                     the injected faults in force
  stats                      request counters, lists in flight
  kill-pod-network <node>    the node's pod network dies, its config stays healthy
  restore-pod-network <node> and comes back
  partition-zones <a> <b>    pods in zones a and b cannot reach each other
  heal-partitions            every zone reaches every other again
  data-plane                 the data-plane faults in force

A node may be given by an unambiguous prefix, e.g. ip-10-0-4-201.
The running demo is found through DIR/state.json (default <repo>/.demo).`;

/** A mistake in the command line: usage, exit 2 (as getopt-style tools do), never a stack trace. */
class UsageError extends Error {}

/** `count=2` → 2, `page=next` → "next": numbers where they parse, strings otherwise. */
function params(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected key=value, got "${p}"`);
    const v = p.slice(eq + 1);
    out[p.slice(0, eq)] = /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

class CtlError extends Error {}

const COMMANDS = new Set(['status', 'stats', 'reboot-with-race', 'heal', 'lose-primary', 'compact', 'drop-watches', 'relist', 'fault', 'clear', 'faults', 'refuse-dry-run', 'kill-pod-network', 'restore-pod-network', 'partition-zones', 'heal-partitions', 'data-plane']);

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
  let parsed;
  try {
    parsed = parseArgs({ options: { 'state-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, node, ...rest] = positionals;
  if (values.help || command === 'help') return console.log(USAGE);
  if (!command) throw new UsageError('no command given');
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${command}"`);
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
      if (!node) throw new UsageError(`${command} needs a node name`);
      const out = (await call(state, 'POST', '/steps', { step: command, node })) as { node?: { name: string; cni: string; stuckPods: string[] } };
      return console.log(`${command}: ${out.node?.name ?? node} is now ${out.node?.cni ?? '?'} (${out.node?.stuckPods.length ?? 0} stuck pods)`);
    }
    case 'kill-pod-network':
    case 'restore-pod-network': {
      if (!node) throw new UsageError(`${command} needs a node name`);
      const out = (await call(state, 'POST', '/data-plane', { action: command, node })) as { deadNodes: string[] };
      return console.log(`${command}: pod network dead on ${out.deadNodes.length ? out.deadNodes.join(', ') : 'no node'}`);
    }
    case 'partition-zones': {
      const other = rest[0];
      if (!node || !other) throw new UsageError(`partition-zones needs two zones`);
      const out = (await call(state, 'POST', '/data-plane', { action: 'partition', zones: [node, other] })) as { partitions: string[][] };
      return console.log(`partition-zones: cut ${out.partitions.map((p) => p.join(' <-> ')).join(', ')}`);
    }
    case 'heal-partitions':
      await call(state, 'POST', '/data-plane', { action: 'heal-partitions' });
      return console.log('heal-partitions: every zone reaches every other');
    case 'data-plane':
      return console.log(JSON.stringify(await call(state, 'GET', '/data-plane'), null, 2));
    case 'compact':
    case 'drop-watches':
    case 'relist':
      await call(state, 'POST', '/faults', { fault: command });
      return console.log(`${command}: done`);
    case 'fault': {
      if (!node) throw new UsageError(`fault needs a name`);
      return console.log(JSON.stringify(await call(state, 'POST', '/faults', { ...params(rest), fault: node })));
    }
    case 'clear':
      return console.log(JSON.stringify(await call(state, 'POST', '/faults', { fault: 'clear', ...(node ? { name: node } : {}) })));
    case 'faults':
      return console.log(JSON.stringify(await call(state, 'GET', '/faults'), null, 2));
    case 'refuse-dry-run': {
      if (node !== 'on' && node !== 'off') throw new UsageError(`refuse-dry-run needs on or off`);
      await call(state, 'POST', '/faults', { fault: command, enabled: node === 'on' });
      return console.log(`refuse-dry-run: ${node}`);
    }
  }
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(e instanceof CtlError ? e.message : e);
  process.exit(1);
});

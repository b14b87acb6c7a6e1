/**
 * `npm run agent -- --node NAME [...]` (flags and env in agent/config.ts):
 * the per-node snapshot agent. Logs one JSON line per event on stdout.
 * SIGTERM/SIGINT: stop watching, let the publish in flight finish, exit 0
 * (the kubelet sends SIGTERM and waits terminationGracePeriodSeconds).
 */
import type { Server } from 'node:http';
import { Agent } from './agent';
import { parseConfig, USAGE } from './config';
import { startHealthServer } from './health';
import { loadKubeConfig } from './kube';

function logger(node: string): (msg: string) => void {
  return (msg) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), component: 'cni-health-agent', node, msg })}\n`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (!parsed.ok) throw new Error(parsed.error);
  const config = parsed.config;
  const kube = loadKubeConfig(process.env);
  if (!kube.ok) throw new Error(kube.error);
  const say = logger(config.node);
  say(`starting: ${config.confDir} (host ${config.hostConfDir}), ${config.binDir} (host ${config.hostBinDir}), namespace ${config.namespace}, cluster via ${kube.source}`);

  const agent = new Agent(config, kube.kc, say);
  let health: Server | undefined;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    health?.close();
    agent.stop().then(() => {
      say('stopped');
      process.exit(0);
    }, (e: unknown) => {
      say(`stop failed: ${(e as Error).message}`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (config.healthPort > 0) {
    health = await startHealthServer(agent, config.healthPort, config.healthHost);
    say(`health on ${config.healthHost}:${config.healthPort} (/healthz, /readyz)`);
  }
  await agent.start();
  say(`running: snapshot ${config.namespace}/${agent.publisher.name}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`cni-health-agent: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(1);
});

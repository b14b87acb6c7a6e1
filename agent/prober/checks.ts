/**
 * The prober's checks, each a few attempts with a timeout, measured: loss is
 * the share of attempts without an answer, latency the median of those
 * answered. TCP and HTTP only: no raw sockets, no capabilities.
 */
import { lookup } from 'node:dns/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Observation } from '@/lib/probes/round';

export const ATTEMPTS = 3;
export const TIMEOUT_MS = 2_000;

type Attempt = () => Promise<void>;

function withTimeout(p: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: i/o timeout after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function measure(attempt: Attempt, attempts = ATTEMPTS, now: () => number = performance.now.bind(performance)): Promise<Observation> {
  const latencies: number[] = [];
  let error: string | undefined;
  for (let i = 0; i < attempts; i++) {
    const start = now();
    try {
      await attempt();
      latencies.push(now() - start);
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    }
  }
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)];
  const ok = latencies.length > 0;
  return {
    ok,
    loss: (attempts - latencies.length) / attempts,
    ...(median !== undefined ? { latencyMs: Math.round(median * 10) / 10 } : {}),
    ...(!ok && error ? { error } : {}),
  };
}

/** TCP connect and close. */
export function tcpConnect(host: string, port: number, timeoutMs = TIMEOUT_MS): Attempt {
  return () => withTimeout(new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => {
      socket.destroy();
      reject(new Error(`dial tcp ${host}:${port}: ${e.message}`));
    });
    setTimeout(() => socket.destroy(), timeoutMs).unref();
  }), timeoutMs, `dial tcp ${host}:${port}`);
}

/** GET /ping on a peer prober: its pod answers, over the pod network, both ways. */
export function httpPing(ip: string, port: number, timeoutMs = TIMEOUT_MS): Attempt {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return () => withTimeout(new Promise<void>((resolve, reject) => {
    const req = request({ host: ip, port, path: '/ping', method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET http://${host}:${port}/ping: HTTP ${res.statusCode}`))));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', (e) => reject(new Error(`GET http://${host}:${port}/ping: ${e.message}`)));
    req.end();
  }), timeoutMs, `GET http://${host}:${port}/ping`);
}

/** Resolves a name through the pod's resolver (cluster DNS and its search path). */
export function dnsLookup(name: string, timeoutMs = TIMEOUT_MS): Attempt {
  return () => withTimeout(lookup(name).then(() => undefined, (e: Error) => {
    throw new Error(`lookup ${name}: ${e.message}`);
  }), timeoutMs, `lookup ${name}`);
}

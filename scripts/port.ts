/**
 * Whether a TCP port can be listened on, asked before anything starts, so a
 * launcher can say "port taken" instead of printing a URL that belongs to
 * another process. The answer is only true for that moment: the server that
 * binds later still handles EADDRINUSE itself (server/main.ts).
 */
import { createServer } from 'node:net';

export type PortCheck = { free: true } | { free: false; host: string; code: string };

function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN'));
    // exclusive: a cluster worker would share a parent's handle and see a taken port as free.
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/** Hosts a browser may reach "localhost" at; a machine without IPv6 answers EADDRNOTAVAIL for ::1, which is not "taken". */
const LOOPBACKS = ['127.0.0.1', '::1'];
const NOT_HERE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export async function checkPort(port: number, hosts: readonly string[] = LOOPBACKS): Promise<PortCheck> {
  for (const host of hosts) {
    const code = await tryListen(port, host);
    if (code && !NOT_HERE.has(code)) return { free: false, host, code };
  }
  return { free: true };
}

/** Another port to suggest: the next one up. */
export function nextPort(port: number): number {
  return port >= 65535 ? 3001 : port + 1;
}

/** What to tell a person whose port is taken: which one, and how to pick another (`suggest` is the command line with that port). */
export function portTakenMessage(port: number, check: Extract<PortCheck, { free: false }>, suggest: (port: number) => string): string {
  const why = check.code === 'EADDRINUSE' ? 'is already in use by another program' : check.code === 'EACCES' ? 'needs privileges this user does not have' : `cannot be listened on (${check.code})`;
  return `cni-health: port ${port} on ${check.host} ${why}.\n  Stop that program, or pick another port: ${suggest(nextPort(port))}`;
}

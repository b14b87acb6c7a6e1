/**
 * Process plumbing shared by the demo launcher, the e2e web server and the
 * benchmark: start the demo cluster as its own process, wait until it
 * listens, start the dashboard against its kubeconfig.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = (name: string): string => `${ROOT}node_modules/.bin/${name}`;

export interface DemoReady {
  url: string;
  controlUrl: string;
  kubeconfigPath: string;
  /** The dashboard's service account current, admin and viewer for demo-mode users (demo/state-files.ts). */
  demoModeKubeconfigPath: string;
  pid: number;
  scenario: string;
}

/** `env` is added to this process's environment (e.g. NODE_OPTIONS with a bigger heap for scale mode). */
export function startDemoProcess(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; ready: DemoReady }> {
  const child = spawn(BIN('tsx'), ['demo/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let ready = false;
    lines.on('line', (line) => {
      if (!ready && line.startsWith('DEMO_READY ')) {
        ready = true;
        resolve({ child, ready: JSON.parse(line.slice('DEMO_READY '.length)) as DemoReady });
      } else if (process.env.CNI_HEALTH_VERBOSE) {
        console.log(`[demo cluster] ${line}`);
      }
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`the demo cluster exited with code ${code} before it was ready`));
    });
  });
}

/**
 * The dashboard through its own server (server/main.ts), which refuses to
 * listen anywhere but loopback unless a sign-in mode is configured.
 */
export interface DashboardOptions {
  host?: string;
  /** Send the server's stdout to our stderr (the bench's stdout is its --json output). */
  stdoutToStderr?: boolean;
}

export function startDashboard(mode: 'dev' | 'prod', port: number, env: Record<string, string>, opts: DashboardOptions = {}): ChildProcess {
  const args = ['server/main.ts', '--host', opts.host ?? '127.0.0.1', '--port', String(port), ...(mode === 'dev' ? ['--dev'] : [])];
  return spawn(BIN('tsx'), args, { cwd: ROOT, stdio: ['inherit', opts.stdoutToStderr ? 2 : 'inherit', 'inherit'], env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, NODE_ENV: mode === 'prod' ? 'production' : 'development', ...env } });
}

/** Ends every child when this process is told to stop, and stops when any child dies. */
export function superviseChildren(children: ChildProcess[]): void {
  let stopping = false;
  const stopAll = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3_000).unref();
    Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  for (const c of children) c.once('exit', (code) => stopAll(code ?? 1));
}

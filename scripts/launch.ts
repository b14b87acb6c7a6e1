/**
 * Process plumbing shared by the demo launcher, the e2e web server and the
 * benchmark: start the demo cluster as its own process, wait until it
 * listens, start the dashboard against its kubeconfig.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildState } from './build-freshness';

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
  /** Called once the server says it listens (its stdout is passed through line by line). */
  onListening?: () => void;
}

/** The line server/main.ts prints once its socket is bound. */
export const LISTENING_LINE = /^cni-health: listening on /;

export function startDashboard(mode: 'dev' | 'prod', port: number, env: Record<string, string>, opts: DashboardOptions = {}): ChildProcess {
  const args = ['server/main.ts', '--host', opts.host ?? '127.0.0.1', '--port', String(port), ...(mode === 'dev' ? ['--dev'] : [])];
  const stdout = opts.onListening ? 'pipe' : opts.stdoutToStderr ? 2 : 'inherit';
  const child = spawn(BIN('tsx'), args, { cwd: ROOT, stdio: ['inherit', stdout, 'inherit'], env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, NODE_ENV: mode === 'prod' ? 'production' : 'development', ...env } });
  const { onListening } = opts;
  if (onListening && child.stdout) {
    let told = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      (opts.stdoutToStderr ? process.stderr : process.stdout).write(`${line}\n`);
      if (!told && LISTENING_LINE.test(line)) {
        told = true;
        onListening();
      }
    });
  }
  return child;
}

/**
 * `next build` when there is no production build yet, or when a source
 * changed since it was built (`npm start`, `npm run demo`), with Next's own
 * progress on the terminal. Exits with the build's code when it fails: there
 * is nothing to serve.
 */
export function ensureProductionBuild(log: (line: string) => void = console.log): void {
  const built = buildState(ROOT);
  if (built.state === 'fresh') return;
  log(built.state === 'none'
    ? 'cni-health: no production build yet, building it once (a minute or two; `--dev` skips this)…'
    : `cni-health: the sources changed since the last build (${built.newer}), rebuilding (a minute or two; \`--dev\` skips this)…`);
  const build = spawnSync(BIN('next'), ['build'], { cwd: ROOT, stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) {
    console.error(`cni-health: the production build failed (exit ${build.status ?? build.signal}); see above.`);
    process.exit(build.status ?? 1);
  }
  log('cni-health: build done.');
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

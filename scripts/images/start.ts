/**
 * Starts an image's own entrypoint from its root filesystem, as a container
 * engine would, without one: `buildah from` + `buildah mount` give the
 * root filesystem; `unshare` gives the process its own mount and PID
 * namespaces (/proc of its own, the host's /dev bound in, both gone when it
 * exits), chroots into the root filesystem, changes to the image's working
 * directory and drops to the image's user (`--setuid`/`--setgid`, which
 * also clears supplementary groups). The network stays the host's, so the
 * process reaches the demo cluster on loopback, as a hostNetwork pod would.
 * Files the test adds (service account token, fixtures) are written into
 * the working container, never into the image.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildah, imageConfig } from './buildah';
import { resolveInRoot } from './in-root';

export interface Started {
  container: string;
  root: string;
  process: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the first output line matching `re`; rejects if the process exits first or `ms` pass. */
  waitForLine(re: RegExp, ms: number): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  image: string;
  /** Added to (and overriding) the image's own environment. */
  env?: Record<string, string>;
  /** Files to place in the container's filesystem before it starts: path → content and mode. */
  files?: Record<string, { content: string | Buffer; mode?: number; uid?: number }>;
  /** Host directories bound read-only into the container (the DaemonSet's hostPath mounts). */
  binds?: Record<string, string>;
}

function userOf(spec: string | undefined): { uid: string; gid: string } {
  const [uid = '0', gid] = (spec || '0').split(':');
  if (!/^\d+$/.test(uid) || (gid !== undefined && !/^\d+$/.test(gid))) throw new Error(`image user "${spec}" is not numeric: this starter does not read the image's /etc/passwd`);
  return { uid, gid: gid ?? uid };
}

const STOP_GRACE_MS = 10_000;

/** The process `unshare --fork` started: PID 1 of the new PID namespace, the image's entrypoint once exec'd. */
export function imageProcess(child: ChildProcess): number | undefined {
  try {
    const first = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

function homeOf(root: string, uid: string): string {
  let passwd = '';
  try {
    passwd = readFileSync(resolveInRoot(root, '/etc/passwd'), 'utf8');
  } catch {
    return '/';
  }
  const entry = passwd.split('\n').map((l) => l.split(':')).find((f) => f[2] === uid);
  return entry?.[5] || '/';
}

export function startImage(opts: StartOptions): Started {
  const config = imageConfig(opts.image);
  const container = buildah(['from', '--pull=never', opts.image]);
  const root = buildah(['mount', container]);
  for (const [path, f] of Object.entries(opts.files ?? {})) {
    const at = resolveInRoot(root, path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, f.content);
    chmodSync(at, f.mode ?? 0o644);
  }
  const { uid, gid } = userOf(config.User);
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (command.length === 0) throw new Error(`${opts.image} has neither entrypoint nor command`);
  // Only the image's environment and the test's: nothing of this machine's leaks in.
  const env: Record<string, string> = Object.fromEntries((config.Env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  // As engines do (Docker, containerd): HOME from the image's /etc/passwd entry of the user, else "/".
  env.HOME ??= homeOf(root, uid);
  Object.assign(env, opts.env ?? {});
  const binds = Object.entries(opts.binds ?? {}).map(([host, inside]) => {
    const at = resolveInRoot(root, inside);
    mkdirSync(at, { recursive: true });
    return `mount --bind "${host}" "${at}" && mount -o remount,bind,ro "${at}"`;
  });
  // Inside the new namespaces: private mounts, then the image's process, exec'd (PID 1 of its namespace).
  const script = [
    'set -e',
    'mount --make-rprivate /',
    `mount --rbind /dev "${resolveInRoot(root, '/dev')}"`,
    `mount -t proc proc "${resolveInRoot(root, '/proc')}"`,
    ...binds,
    `exec unshare --root="${root}" --wd="${config.WorkingDir || '/'}" --setgid ${gid} --setuid ${uid} -- "$@"`,
  ].join('\n');
  const child: ChildProcess = spawn('/usr/bin/unshare', ['--mount', '--pid', '--fork', '--kill-child', '--', '/bin/sh', '-c', script, 'start-image', ...command], {
    env: env as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (b: Buffer): void => {
    out += b.toString();
    waiters.forEach((w) => w());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    container,
    root,
    process: child,
    output: () => out,
    waitForLine: (re, ms) => new Promise((resolve, reject) => {
      const check = (): void => {
        const line = out.split('\n').find((l) => re.test(l));
        if (line !== undefined) {
          clearTimeout(timer);
          resolve(line);
        }
      };
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${ms} ms; output:\n${out}`)), ms);
      waiters.push(check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited (${code}) before printing a line matching ${re}; output:\n${out}`));
      });
      check();
    }),
    stop: async () => {
      // As `docker stop`: SIGTERM to the image's process (PID 1 of its namespace;
      // unshare itself ignores SIGTERM while it waits), SIGKILL after a grace period.
      if (child.exitCode === null && child.signalCode === null) {
        const pid1 = imageProcess(child);
        if (pid1 !== undefined) process.kill(pid1, 'SIGTERM');
        const grace = setTimeout(() => {
          const still = imageProcess(child);
          if (still !== undefined) process.kill(still, 'SIGKILL');
        }, STOP_GRACE_MS);
        await exited;
        clearTimeout(grace);
      }
      buildah(['umount', container]);
      buildah(['rm', container]);
    },
  };
}

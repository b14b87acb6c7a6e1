/**
 * The agent's side of the repair protocol (docs/repair-protocol.md): watch
 * the repair-request ConfigMaps labelled with this node's hash, decide with
 * decideRepair (shared with the demo's simulated agents), keep a copy of the
 * nested file in the backup directory, then replace it with the un-nested
 * content the agent derived from it: written to a temporary file in the same
 * directory and renamed over the original. rename(2) replaces the name
 * atomically, so the runtime (which reloads the directory on every change:
 * containerd internal/cri/server/cni_conf_syncer.go) sees the nested file or
 * the un-nested one, never a directory without a Multus config, and never
 * half a file. The temporary name starts with a dot and has no config
 * extension, so libcni never loads it. Then republish the snapshot and
 * answer in status.json.
 * When repair is off (not enabled, or the mount is read-only) requests for
 * this node are answered Rejected with the reason, so nobody waits for a
 * repair that cannot happen.
 */
import { lstat, mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { isConfigFileName } from '../lib/cni/files';
import {
  decideRepair, REPAIRABLE_FILES, repairBackupPath, REPAIR_BACKUP_DIR, REPAIR_NODE_ANNOTATION, REPAIR_REQUEST_TTL_MS, REPAIR_STATUS_KEY, type RepairStatus,
} from '../lib/remediation/protocol';
import { AGENT_VERSION } from './document';
import { httpStatus, sha256Hex } from './publish';
import { readCapped } from './scan';

export interface RepairOptions {
  core: CoreV1Api;
  namespace: string;
  node: string;
  confDir: string;
  hostConfDir: string;
  /** Why the agent may not act; undefined when it may. */
  disabledReason: string | undefined;
  /** Rescan and publish now, so the snapshot shows the file gone before the status says so. */
  republish: () => Promise<void>;
  log: (msg: string) => void;
  now?: () => number;
}

async function shaOnDisk(path: string): Promise<string | undefined> {
  return (await readWhole(path))?.sha256;
}

/** A regular file's bytes up to the snapshot cap, and whether that is all of it (a preview is only ever made from a whole file). */
async function readWhole(path: string): Promise<{ sha256: string; bytes: Buffer; whole: boolean; mode: number } | undefined> {
  try {
    const st = await lstat(path);
    if (!st.isFile()) return undefined;
    const r = await readCapped(path);
    return { sha256: r.sha256, bytes: r.head, whole: r.size === r.head.length, mode: st.mode & 0o777 };
  } catch {
    return undefined;
  }
}

const TEMP_SUFFIX = '.cni-health-tmp';

/** A config a primary CNI wrote: a top-level config file that parses and is not a Multus config. */
export async function primaryPresent(confDir: string): Promise<boolean> {
  const names = await readdir(confDir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith('.') || !isConfigFileName(name)) continue;
    try {
      const json = JSON.parse(await readFile(join(confDir, name), 'utf8')) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json) && (json as { type?: unknown }).type !== 'multus') return true;
    } catch {
      // Unreadable or not JSON: it gives the node no networking either.
    }
  }
  return false;
}

export class RepairHandler {
  private readonly now: () => number;

  constructor(private readonly o: RepairOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Handles one request by name; safe to call again for the same request (it is answered once). */
  async handle(name: string): Promise<void> {
    let cm: V1ConfigMap;
    try {
      cm = await this.o.core.readNamespacedConfigMap({ name, namespace: this.o.namespace });
    } catch (e) {
      if (httpStatus(e) === 404) return;
      throw e;
    }
    const created = cm.metadata?.creationTimestamp?.getTime();
    if (created !== undefined && this.now() - created > REPAIR_REQUEST_TTL_MS) return this.collect(cm);
    const onDisk = new Map<string, Awaited<ReturnType<typeof readWhole>>>();
    for (const f of REPAIRABLE_FILES) onDisk.set(f, await readWhole(join(this.o.confDir, f)));
    const decision = decideRepair({
      data: cm.data, annotatedNode: cm.metadata?.annotations?.[REPAIR_NODE_ANNOTATION], agentNode: this.o.node, now: this.now(), sha256Hex,
      current: (file) => {
        const r = onDisk.get(file);
        // A file past the snapshot cap was never previewed whole: its content is withheld, so it is not un-nested.
        return r && { sha256: r.sha256, content: r.whole ? new TextDecoder('utf-8').decode(r.bytes) : '' };
      },
      primaryPresent: await primaryPresent(this.o.confDir),
    });
    if (decision.kind === 'ignore') return;
    const at = new Date(this.now());
    const base = { completedAt: at.toISOString(), agent: { node: this.o.node, version: AGENT_VERSION } };
    if (this.o.disabledReason !== undefined) return this.answer(cm, { ...base, phase: 'Rejected', message: `repair is off on ${this.o.node}: ${this.o.disabledReason}` });
    if (decision.kind === 'reject') return this.answer(cm, { ...base, phase: 'Rejected', message: decision.message });

    const file = decision.request.file;
    const original = onDisk.get(file)!;
    const target = join(this.o.confDir, file);
    const temp = join(this.o.confDir, `.${file}${TEMP_SUFFIX}`);
    const backup = await this.freeBackupPath(file, at);
    try {
      await mkdir(join(this.o.confDir, REPAIR_BACKUP_DIR), { recursive: true, mode: 0o700 });
      // The evidence first: the exact bytes that were checked, never overwriting an earlier backup.
      await writeFile(backup.mounted, original.bytes, { mode: 0o600, flag: 'wx' });
      const fh = await open(temp, 'w', original.mode);
      try {
        await fh.writeFile(decision.result.content, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      // Multus may have rewritten the file since it was read: replace only what was checked.
      const now = await shaOnDisk(target);
      if (now !== decision.sha256) {
        await unlink(temp).catch(() => undefined);
        return this.answer(cm, { ...base, phase: 'Rejected', message: `${file} changed while being repaired (sha256 ${now ?? 'none: the file is gone'}); left as it is; preview again` });
      }
      await rename(temp, target);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      this.o.log(`repair ${name}: un-nesting failed: ${(e as Error).message}`);
      return this.answer(cm, { ...base, phase: 'Failed', message: `could not un-nest ${this.o.hostConfDir}/${file}: ${(e as Error).message}` });
    }
    this.o.log(`repair ${name}: un-nested ${this.o.hostConfDir}/${file} (${decision.result.depth} levels to 1), the nested file kept at ${backup.host}`);
    await this.o.republish().catch((e: unknown) => this.o.log(`repair ${name}: republish failed: ${(e as Error).message}`));
    return this.answer(cm, {
      ...base, phase: 'Succeeded',
      message: `un-nested ${this.o.hostConfDir}/${file} in place (${decision.result.depth} Multus levels to 1); the nested file is kept at ${backup.host}`,
      replaced: { file, sha256: decision.sha256, resultSha256: decision.result.sha256, backup: backup.host },
    });
  }

  /** Deletes a request nobody cleaned up (the dashboard deletes it once it read the status). */
  async collect(cm: V1ConfigMap): Promise<void> {
    const name = cm.metadata?.name ?? '';
    try {
      await this.o.core.deleteNamespacedConfigMap({ name, namespace: this.o.namespace, body: { preconditions: { uid: cm.metadata?.uid } } });
      this.o.log(`repair ${name}: deleted, older than ${REPAIR_REQUEST_TTL_MS / 60_000} minutes`);
    } catch (e) {
      if (httpStatus(e) !== 404 && httpStatus(e) !== 409) throw e;
    }
  }

  private async freeBackupPath(file: string, at: Date): Promise<{ mounted: string; host: string }> {
    for (let i = 0; ; i++) {
      const suffix = i === 0 ? '' : `.${i}`;
      const mounted = `${repairBackupPath(this.o.confDir, file, at)}${suffix}`;
      if (!(await lstat(mounted).then(() => true, () => false))) return { mounted, host: `${repairBackupPath(this.o.hostConfDir, file, at)}${suffix}` };
    }
  }

  /** Writes status.json with the resourceVersion read; on 409 re-reads and retries while no status is there. */
  private async answer(read: V1ConfigMap, status: RepairStatus): Promise<void> {
    let cm: V1ConfigMap | undefined = read;
    for (let attempt = 0; attempt < 5 && cm; attempt++) {
      if (cm.data?.[REPAIR_STATUS_KEY] !== undefined) return;
      try {
        await this.o.core.replaceNamespacedConfigMap({
          name: cm.metadata?.name ?? '', namespace: this.o.namespace, fieldManager: 'cni-health-agent',
          body: { ...cm, metadata: { ...cm.metadata, managedFields: undefined }, data: { ...cm.data, [REPAIR_STATUS_KEY]: JSON.stringify(status) } },
        });
        this.o.log(`repair ${cm.metadata?.name}: ${status.phase}: ${status.message}`);
        return;
      } catch (e) {
        if (httpStatus(e) === 404) return;
        if (httpStatus(e) !== 409) throw e;
        cm = await this.o.core.readNamespacedConfigMap({ name: cm.metadata?.name ?? '', namespace: this.o.namespace }).catch(() => undefined);
      }
    }
  }
}

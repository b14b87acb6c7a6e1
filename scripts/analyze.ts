/**
 * `npm run analyze -- PATH [--json]`: the offline mode. PATH is one node's
 * CNI config directory, or a folder of node folders (each a config
 * directory, optionally with bin.txt and events.txt). Reads defensively
 * (no symlinks out of PATH, no FIFOs or devices, at most SNAPSHOT_FILE_CAP
 * bytes per file), then hands everything to the pure analysis.
 * Exit: 0 no error finding, 1 at least one, 2 bad usage. Docs: docs/analyze.md.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isConfigFileName } from '@/lib/cni/files';
import { SNAPSHOT_FILE_CAP, type SnapshotFile } from '@/lib/cni/snapshot';
import { analyzeBundle, exitCodeOf, type AnalyzeReport, type OfflineNode } from '@/lib/health/offline';

const USAGE = 'usage: npm run analyze -- PATH [--json]\n  PATH  a node\'s CNI config directory, or a folder of node folders';
const CONF_DIR = '/etc/cni/net.d';
const MAX_LINES = 10_000;
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

class UsageError extends Error {}

/** Resolves an entry, refusing links that leave the bundle and anything that is not a file or directory. */
function inspect(full: string, root: string): { stats?: Stats; error?: string } {
  try {
    const l = lstatSync(full);
    if (!l.isSymbolicLink()) return { stats: l };
    const target = realpathSync(full);
    if (target !== root && !target.startsWith(`${root}${path.sep}`)) return { error: 'symbolic link out of the bundle, not followed' };
    return { stats: statSync(target) };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}

function readCapped(full: string, cap: number): { bytes: Buffer; size: number; mtime: Date } {
  const fd = openSync(full, 'r');
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(Math.min(st.size, cap));
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: buf.subarray(0, read), size: st.size, mtime: st.mtime };
  } finally {
    closeSync(fd);
  }
}

function readFileEntry(full: string, name: string, root: string): SnapshotFile {
  const { stats, error } = inspect(full, root);
  if (!stats) return { name, size: 0, truncated: false, error };
  if (!stats.isFile()) return { name, size: 0, truncated: false, error: 'not a regular file' };
  try {
    const { bytes, size, mtime } = readCapped(full, SNAPSHOT_FILE_CAP);
    const truncated = size > bytes.length;
    return {
      name,
      size,
      ...(truncated ? {} : { sha256: createHash('sha256').update(bytes).digest('hex') }),
      modifiedAt: mtime.toISOString(),
      content: decoder.decode(bytes),
      truncated,
    };
  } catch (e) {
    return { name, size: stats.size, truncated: false, error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}

function readLines(full: string, root: string): string[] | undefined {
  const { stats } = inspect(full, root);
  if (!stats?.isFile()) return undefined;
  try {
    const text = decoder.decode(readCapped(full, 4 * 1024 * 1024).bytes);
    return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).slice(0, MAX_LINES).map((l) => l.slice(0, 4096));
  } catch {
    return undefined;
  }
}

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

/** One node from its folder: config files at the top, bin.txt / events.txt beside them, files in sub-folders as known paths. */
function readNode(dir: string, name: string, root: string): OfflineNode {
  const files: SnapshotFile[] = [];
  const present: string[] = [];
  for (const entry of list(dir)) {
    if (entry === 'bin.txt' || entry === 'events.txt') continue;
    const full = path.join(dir, entry);
    const { stats } = inspect(full, root);
    if (stats?.isDirectory()) {
      for (const sub of list(full)) present.push(`${CONF_DIR}/${entry}/${sub}`);
      continue;
    }
    // Every top-level file is listed (kubeconfigs, backups); only config names are read as configs.
    files.push(isConfigFileName(entry) ? readFileEntry(full, entry, root) : { name: entry, size: stats?.size ?? 0, truncated: false });
  }
  const binaries = readLines(path.join(dir, 'bin.txt'), root)?.map((l) => l.split(/\s+/).pop()!.replace(/^.*\//, ''));
  return { name, confDir: CONF_DIR, files, binaries, messages: readLines(path.join(dir, 'events.txt'), root), probes: present.map((p) => ({ path: p, exists: true })) };
}

function readBundle(root: string): OfflineNode[] {
  const entries = list(root);
  const isNodeDir = entries.some((e) => isConfigFileName(e) || e === 'bin.txt' || e === 'events.txt');
  const subdirs = entries.filter((e) => !e.startsWith('.') && inspect(path.join(root, e), root).stats?.isDirectory());
  if (isNodeDir || subdirs.length === 0) return [readNode(root, path.basename(root), root)];
  return subdirs.map((d) => readNode(path.join(root, d), d, root));
}

function table(report: AnalyzeReport): string {
  const lines: string[] = [];
  const width = Math.max(4, ...report.nodes.map((n) => n.node.length));
  lines.push(`${'NODE'.padEnd(width)}  ${'VERDICT'.padEnd(8)}  ${'EFFECTIVE CONFIG'.padEnd(24)}  FINDINGS`);
  for (const n of report.nodes) {
    lines.push(`${n.node.padEnd(width)}  ${n.verdict.padEnd(8)}  ${(n.effectiveConfig ?? '-').padEnd(24)}  ${n.findings.length}`);
    for (const f of n.findings) {
      const ev = f.evidence[0];
      const where = ev ? [ev.file, ev.line !== undefined ? `${ev.line}:${ev.column}` : undefined, ev.jsonPath, ev.pod].filter(Boolean).join(' ') : '';
      lines.push(`    ${f.severity.padEnd(7)} ${f.ruleId.padEnd(34)} ${f.title}${where ? `  [${where}]` : ''}`);
    }
  }
  const s = report.summary;
  lines.push('', `${s.nodes} node(s): ${s.broken} broken, ${s.degraded} degraded, ${s.healthy} healthy, ${s.unknown} unknown; ${report.variants.length} config variant(s)`);
  return lines.join('\n');
}

function parseArgs(argv: string[]): { target: string; json: boolean } {
  const flags = argv.filter((a) => a.startsWith('-'));
  const rest = argv.filter((a) => !a.startsWith('-'));
  const unknown = flags.filter((f) => f !== '--json');
  if (flags.includes('--help') || flags.includes('-h')) throw new UsageError(USAGE);
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}\n${USAGE}`);
  if (rest.length !== 1) throw new UsageError(USAGE);
  const target = path.resolve(rest[0]!);
  const { stats } = inspect(target, target);
  if (!stats?.isDirectory()) throw new UsageError(`${rest[0]} is not a directory\n${USAGE}`);
  return { target: realpathSync(target), json: flags.includes('--json') };
}

function main(): number {
  let args: { target: string; json: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const report = analyzeBundle(readBundle(args.target), Date.now());
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${table(report)}\n`);
  return exitCodeOf(report);
}

process.exitCode = main();

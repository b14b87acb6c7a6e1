/**
 * `npm run analyze -- PATH [--json]`: the offline mode. PATH is one node's
 * CNI config directory, or a folder of node folders (each a config
 * directory, optionally with bin.txt and events.txt). Reads defensively
 * (no symlinks out of PATH, no FIFOs or devices, at most SNAPSHOT_FILE_CAP
 * bytes per file), then hands everything to the pure analysis.
 * Exit: 0 no error finding, 1 at least one, 2 bad usage. Docs: docs/analyze.md.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { readConfinedSync } from '@/agent/confined-read';
import { inertJson, inertLine } from '@/components/ui/inert';
import { isConfigFileName } from '@/lib/cni/files';
import { SNAPSHOT_FILE_CAP, type SnapshotFile } from '@/lib/cni/snapshot';
import { KUBECONFIG_READ_MAX, kubeconfigTokenClaims, type TokenClaims } from '@/lib/cni/token-claims';
import { analyzeBundle, exitCodeOf, type AnalyzeReport, type OfflineNode } from '@/lib/health/offline';

const USAGE = 'usage: npm run analyze -- PATH [--json] [--max-files=N] [--max-mib=N]\n  PATH  a node\'s CNI config directory, or a folder of node folders\n  --max-files, --max-mib  what one run reads in all (default 5000 files, 128 MiB)';
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

/**
 * What one run may read in all: a bundle is untrusted input (collected from
 * nodes), and the process holds everything it read until the report is out.
 */
const DEFAULT_MAX_FILES = 5_000;
const DEFAULT_MAX_MIB = 128;

class Budget {
  files = 0;
  bytes = 0;
  maxFiles = DEFAULT_MAX_FILES;
  maxMiB = DEFAULT_MAX_MIB;
  exceeded?: string;

  /** Whether another file of at most `cap` bytes may be read; says why not once. */
  allow(cap: number): boolean {
    if (this.exceeded) return false;
    if (this.files + 1 > this.maxFiles) this.exceeded = `more than ${this.maxFiles} files`;
    else if (this.bytes + cap > this.maxMiB * 1024 * 1024) this.exceeded = `more than ${this.maxMiB} MiB`;
    return !this.exceeded;
  }

  spend(bytes: number): void {
    this.files++;
    this.bytes += bytes;
  }
}

const budget = new Budget();
const OVER_BUDGET = 'not read: the bundle is over analyze\'s total read budget';

/** A node folder may be a link inside the bundle (checked by `inspect`); the descriptor check compares real paths. */
const realDirOf = (full: string): string => {
  try {
    return realpathSync(path.dirname(full));
  } catch {
    return path.dirname(full);
  }
};

/** Opens the entry and checks the descriptor (agent/confined-read.ts): no link out of the bundle, no FIFO or device, even if swapped meanwhile. */
function readFileEntry(full: string, name: string, root: string): SnapshotFile {
  if (!budget.allow(SNAPSHOT_FILE_CAP)) return { name, size: 0, truncated: false, error: OVER_BUDGET };
  const r = readConfinedSync(realDirOf(full), name, SNAPSHOT_FILE_CAP, root);
  if (!r.ok) return { name, size: r.size ?? 0, truncated: false, error: r.error };
  budget.spend(r.head.length);
  return {
    name,
    size: r.size,
    ...(r.truncated ? {} : { sha256: r.sha256 }),
    modifiedAt: r.mtime.toISOString(),
    content: decoder.decode(r.head),
    truncated: r.truncated ?? false,
  };
}

function readLines(full: string, root: string): string[] | undefined {
  const cap = 4 * 1024 * 1024;
  if (!budget.allow(cap)) return undefined;
  const r = readConfinedSync(realDirOf(full), path.basename(full), cap, root);
  if (!r.ok) return undefined;
  budget.spend(r.head.length);
  const text = decoder.decode(r.head);
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).slice(0, MAX_LINES).map((l) => l.slice(0, 4096));
}

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

/** The JWT claims of a kubeconfig in the bundle (multus.d/multus.kubeconfig, calico-kubeconfig); the token itself is dropped here. */
function tokenClaimsOf(full: string, root: string): TokenClaims | undefined {
  if (!/kubeconfig/i.test(path.basename(full)) || !budget.allow(KUBECONFIG_READ_MAX)) return undefined;
  const r = readConfinedSync(realDirOf(full), path.basename(full), KUBECONFIG_READ_MAX, root);
  if (!r.ok || r.truncated) return undefined;
  budget.spend(r.head.length);
  return kubeconfigTokenClaims(decoder.decode(r.head));
}

type Probe = NonNullable<OfflineNode['probes']>[number];
const probeOf = (p: string, token: TokenClaims | undefined): Probe => ({ path: p, exists: true, ...(token ? { token } : {}) });

/** One node from its folder: config files at the top, bin.txt / events.txt beside them, files in sub-folders as known paths. */
function readNode(dir: string, name: string, root: string): OfflineNode {
  const files: SnapshotFile[] = [];
  const probes: Probe[] = [];
  for (const entry of list(dir)) {
    if (entry === 'bin.txt' || entry === 'events.txt') continue;
    const full = path.join(dir, entry);
    const { stats } = inspect(full, root);
    if (stats?.isDirectory()) {
      for (const sub of list(full)) probes.push(probeOf(`${CONF_DIR}/${entry}/${sub}`, tokenClaimsOf(path.join(full, sub), root)));
      continue;
    }
    // Every top-level file is listed (kubeconfigs, backups); only config names are read as configs.
    files.push(isConfigFileName(entry) ? readFileEntry(full, entry, root) : { name: entry, size: stats?.size ?? 0, truncated: false });
    const token = isConfigFileName(entry) ? undefined : tokenClaimsOf(full, root);
    if (token) probes.push(probeOf(`${CONF_DIR}/${entry}`, token));
  }
  const binaries = readLines(path.join(dir, 'bin.txt'), root)?.map((l) => l.split(/\s+/).pop()!.replace(/^.*\//, ''));
  return { name, confDir: CONF_DIR, files, binaries, messages: readLines(path.join(dir, 'events.txt'), root), probes };
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
  // Names, titles and evidence come from the bundle: escape sequences and bidi controls are shown, not obeyed by the terminal.
  const width = Math.max(4, ...report.nodes.map((n) => inertLine(n.node).length));
  lines.push(`${'NODE'.padEnd(width)}  ${'VERDICT'.padEnd(8)}  ${'EFFECTIVE CONFIG'.padEnd(24)}  FINDINGS`);
  for (const n of report.nodes) {
    lines.push(`${inertLine(n.node).padEnd(width)}  ${n.verdict.padEnd(8)}  ${inertLine(n.effectiveConfig ?? '-').padEnd(24)}  ${n.findings.length}`);
    for (const f of n.findings) {
      const ev = f.evidence[0];
      const where = ev ? [ev.file, ev.line !== undefined ? `${ev.line}:${ev.column}` : undefined, ev.jsonPath, ev.pod].filter(Boolean).join(' ') : '';
      lines.push(`    ${f.severity.padEnd(7)} ${f.ruleId.padEnd(34)} ${inertLine(f.title)}${where ? `  [${inertLine(where)}]` : ''}`);
    }
  }
  const s = report.summary;
  lines.push('', `${s.nodes} node(s): ${s.broken} broken, ${s.degraded} degraded, ${s.healthy} healthy, ${s.unknown} unknown; ${report.variants.length} config variant(s)`);
  return lines.join('\n');
}

function parseArgs(argv: string[]): { target: string; json: boolean } {
  const flags = argv.filter((a) => a.startsWith('-'));
  const rest = argv.filter((a) => !a.startsWith('-'));
  const limit = /^--max-(files|mib)=([1-9][0-9]{0,6})$/;
  const unknown = flags.filter((f) => f !== '--json' && !limit.test(f));
  if (flags.includes('--help') || flags.includes('-h')) throw new UsageError(USAGE);
  if (unknown.length > 0) throw new UsageError(`unknown option ${inertLine(unknown[0]!)}\n${USAGE}`);
  for (const f of flags) {
    const m = limit.exec(f);
    if (m?.[1] === 'files') budget.maxFiles = Number(m[2]);
    if (m?.[1] === 'mib') budget.maxMiB = Number(m[2]);
  }
  if (rest.length !== 1) throw new UsageError(USAGE);
  const target = path.resolve(rest[0]!);
  const { stats } = inspect(target, target);
  if (!stats?.isDirectory()) throw new UsageError(`${inertLine(rest[0]!)} is not a directory\n${USAGE}`);
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
  process.stdout.write(args.json ? `${inertJson(report)}\n` : `${table(report)}\n`);
  if (budget.exceeded) {
    process.stderr.write(`analyze: the bundle holds ${budget.exceeded}; stopped reading there (limits: ${budget.maxFiles} files, ${budget.maxMiB} MiB in all; raise them with --max-files=N, --max-mib=N). Files past it are listed with the error "${OVER_BUDGET}".\n`);
    return 2;
  }
  return exitCodeOf(report);
}

process.exitCode = main();

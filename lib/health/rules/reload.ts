/**
 * Config (re)load failures (issue 15, class 3): what the container runtime
 * said about reading the directory, judged against what is in it now.
 * - A parse error on a file that loads now: it was read mid-write (a
 *   non-atomic write: truncate, then write). Transient, but pods created in
 *   that window failed, and the writer will do it again.
 * - "not initialized" while a loadable config is here: the runtime missed
 *   the change (file moved in, directory recreated) and stays without a
 *   network until the next change or a restart.
 * Message semantics: lib/cni/runtime-messages.ts.
 */
import { classifyRuntimeMessage, type RuntimeLoadMessage } from '@/lib/cni/runtime-messages';
import type { ConfigDir } from '@/lib/cni/files';
import { getCondition } from '@/lib/model/node';
import { finding, type NodeContext, type Rule } from './types';
import type { Finding } from '../types';

/** What the runtime said, from wherever this path can hear it: bundle lines, the Ready condition, stuck pods' events. */
export function runtimeMessages(ctx: NodeContext): string[] {
  const ready = getCondition(ctx.node, 'Ready');
  return [
    ...(ctx.messages ?? []),
    ...(ready && ready.status !== 'True' && ready.message ? [ready.message] : []),
    ...ctx.stuck.flatMap((s) => (s.lastMessage ? [s.lastMessage] : [])),
  ];
}

const loads = (config: ConfigDir, file: string | undefined): boolean => file !== undefined && config.entries.some((e) => e.name === file && e.load.ok);

function transientFinding(config: ConfigDir, items: RuntimeLoadMessage[]): Finding {
  const files = [...new Set(items.map((i) => i.file).filter((f): f is string => f !== undefined))];
  return finding({
    ruleId: 'cni-config-reload-failed',
    severity: 'warning',
    title: `The runtime read ${files.join(', ') || 'a CNI config'} half-written (transient)`,
    explanation: `containerd reloads the CNI config on every change in the directory and once found ${files.length === 1 ? 'this file' : 'these files'} cut short ("unexpected end of JSON input"): the writer truncated and rewrote ${files.length === 1 ? 'it' : 'them'} in place instead of writing a temporary file and renaming it. ${files.length === 1 ? 'It loads' : 'They load'} now, so this was transient: the next write event fixed it. `
      + 'While it lasted, new pods on this node failed sandbox creation (they are retried). Watch: `crictl info` on the node (lastCNILoadStatus should be OK) and the node\'s Ready condition; if it still reports the failure, touch or rewrite the file, or restart containerd. Then fix the writer (the CNI installer or configuration management) to write atomically.',
    evidence: items.slice(0, 3).map((i) => ({ file: i.file, message: i.message.slice(0, 1024) })),
    remediations: [],
  });
}

function stillInvalidFinding(items: RuntimeLoadMessage[]): Finding {
  return finding({
    ruleId: 'cni-config-reload-failed',
    severity: 'error',
    title: `The runtime cannot load ${[...new Set(items.map((i) => i.file ?? 'its CNI config'))].join(', ')}`,
    explanation: 'containerd rejected the file when it changed, and it still does not load (see the file findings for where it breaks). Until it is fixed containerd keeps no pod network config and new pods on this node fail.',
    evidence: items.slice(0, 3).map((i) => ({ file: i.file, message: i.message.slice(0, 1024) })),
    remediations: [],
  });
}

function missedFinding(config: ConfigDir, items: RuntimeLoadMessage[]): Finding {
  const eff = config.effective!;
  return finding({
    ruleId: 'cni-config-reload-failed',
    severity: 'error',
    title: `The runtime reports no CNI config, yet ${eff.name} is valid`,
    explanation: `The container runtime says it has no network config ("cni plugin not initialized" / "no network config found"), but ${eff.name} loads. Either the runtime read the directory before the file was complete and missed the change that followed (a file moved in by rename, e.g. by configuration management, whose CREATE event containerd ignores; the directory removed and recreated; containerd before 1.6 never re-watching), or it watches another directory (containerd's cni conf_dir, k3s's /var/lib/rancher/k3s/agent/etc/cni/net.d). `
      + 'It stays NotReady until the next change in the directory. Check `crictl info` (lastCNILoadStatus, and the confDir it names); touch the config file or restart containerd (restarting the CNI\'s pod on the node rewrites its file, which also triggers a reload), then the node turns Ready.',
    evidence: [...items.slice(0, 3).map((i) => ({ file: i.file, message: i.message.slice(0, 1024) })), { file: eff.name, message: 'loads now' }],
    remediations: ['restart-primary-cni-pod'],
  });
}

export const configReloadRule: Rule = (ctx) => {
  const config = ctx.config;
  if (!config) return [];
  const items = runtimeMessages(ctx).map(classifyRuntimeMessage).filter((m): m is RuntimeLoadMessage => m !== undefined);
  if (items.length === 0) return [];
  const out: Finding[] = [];
  const parse = items.filter((i) => i.kind === 'parse-error');
  const transient = parse.filter((i) => loads(config, i.file));
  const broken = parse.filter((i) => !loads(config, i.file));
  if (transient.length > 0) out.push(transientFinding(config, transient));
  if (broken.length > 0) out.push(stillInvalidFinding(broken));
  const notInit = items.filter((i) => i.kind === 'not-initialized');
  // Only news when a config loads now; an empty or unloadable directory is cni-config-missing's finding.
  if (notInit.length > 0 && config.effective) out.push(missedFinding(config, notInit));
  return out;
};

/**
 * The kubectl commands beside a finding or an action: what the dashboard's
 * calls are in kubectl terms, and where to look by hand, so a viewer who may
 * not act still has a next step. Pure; every value comes from the cluster and
 * is hostile, so each argument is neutralised and shell-quoted on its own.
 */
import type { PlannedCall } from './plan';

export interface KubectlCommand {
  /** What it does, in a few words. */
  label: string;
  /** One line for a POSIX shell (sh, bash, zsh). */
  command: string;
}

/** Either the equivalent commands, or why there is no kubectl equivalent. */
export type Equivalent = { commands: KubectlCommand[] } | { none: string };

/** Longest argument kept; Kubernetes names are at most 253 characters, so a longer one is not a name. */
const MAX_ARG = 1024;

/**
 * C0 and C1 controls, DEL, and the bidirectional and zero-width format
 * characters that make a pasted line read differently from what runs
 * (Trojan Source, CVE-2021-42574): each becomes U+FFFD, visibly.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function neutralise(s: string): string {
  const cut = s.length > MAX_ARG ? `${s.slice(0, MAX_ARG)}…` : s;
  return cut.replace(UNSAFE, '\uFFFD');
}

/** Characters no POSIX shell treats specially in a word: such a word is left bare. */
const BARE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * One shell word whose value is exactly `neutralise(s)`. Single quotes keep
 * every character literal (POSIX XCU 2.2.2); a single quote itself is closed,
 * escaped and reopened ('\''). A leading `-` stays, since kubectl is the one
 * reading it and names cannot start with one.
 */
export function shellQuote(s: string): string {
  const v = neutralise(s);
  if (v !== '' && BARE.test(v) && !v.startsWith('=')) return v;
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * A field selector value as the API server parses it: `\`, `,` and `=` are
 * escaped with a backslash (apimachinery pkg/fields/selector.go, EscapeValue),
 * so `a,b` cannot add a second requirement.
 */
export function fieldValue(s: string): string {
  return neutralise(s).replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** `kubectl` and its arguments, each one quoted. */
export function kubectl(...args: string[]): string {
  return ['kubectl', ...args.map(shellQuote)].join(' ');
}

const nsArgs = (ns: string | undefined): string[] => (ns ? ['-n', ns] : []);

/** Pipe a JSON body into a command: printf with a quoted format, the body one quoted word. */
function withBody(body: unknown, command: string): string {
  return `printf '%s\\n' ${shellQuote(JSON.stringify(body))} | ${command}`;
}

const PATCH_TYPE = { 'strategic-merge': 'strategic', merge: 'merge', json: 'json' } as const;

function resourceName(call: PlannedCall): string {
  return call.target.group === 'apps' ? `${call.target.resource}.apps` : call.target.resource.replace(/s$/, '');
}

/** The kubectl command that makes the same API call as one planned call. */
export function callCommand(call: PlannedCall): KubectlCommand {
  const t = call.target;
  const ns = nsArgs(t.namespace);
  if (t.subresource === 'eviction') {
    // kubectl has no command for one eviction (drain evicts a whole node); create --raw posts to the subresource.
    const path = `/api/v1/namespaces/${t.namespace ?? ''}/pods/${t.name ?? ''}/eviction`;
    return { label: `evict pod ${neutralise(t.name ?? '')} (honours PodDisruptionBudgets)`, command: withBody(call.body, kubectl('create', '--raw', path, '-f', '-')) };
  }
  if (call.verb === 'create') return { label: `create ${resourceName(call)} ${neutralise(t.name ?? '')}`, command: withBody(call.body, kubectl(...ns, 'create', '-f', '-')) };
  if (call.verb === 'delete') {
    const uid = (call.body as { preconditions?: { uid?: unknown } } | undefined)?.preconditions?.uid;
    // kubectl delete sends no uid precondition: the label says which pod the dashboard's call is limited to.
    const only = typeof uid === 'string' ? ` (the dashboard's call only deletes uid ${neutralise(uid)})` : '';
    return { label: `delete ${resourceName(call)} ${neutralise(t.name ?? '')}${only}`, command: kubectl(...ns, 'delete', resourceName(call), t.name ?? '') };
  }
  if (t.resource === 'nodes' && call.id === 'cordon') return { label: `cordon node ${neutralise(t.name ?? '')}`, command: kubectl('cordon', t.name ?? '') };
  if (t.resource === 'nodes' && call.id === 'uncordon') return { label: `uncordon node ${neutralise(t.name ?? '')}`, command: kubectl('uncordon', t.name ?? '') };
  return {
    label: `patch ${resourceName(call)} ${neutralise(t.name ?? '')}`,
    command: kubectl(...ns, 'patch', resourceName(call), t.name ?? '', `--type=${PATCH_TYPE[call.patchType ?? 'strategic-merge']}`, '-p', JSON.stringify(call.body ?? {})),
  };
}

/** Base64 of the UTF-8 bytes, with what both Node and browsers have (this module is also bundled for the page). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * A call that is a host-file change rather than an API call has its
 * hand-made equivalent beside it: the same check and the same rename over
 * the file, with the content previewed. kubectl debug node/... runs a pod in
 * the host's namespaces with its filesystem at /host
 * (https://kubernetes.io/docs/tasks/debug/debug-cluster/kubectl-node-debug/).
 */
function hostFileAlternative(call: PlannedCall, node: string): KubectlCommand | undefined {
  const change = call.fileChange;
  if (!call.awaitRepairStatus || !change) return undefined;
  const script = 'set -e; f="/host$2"; d="${f%/*}"; echo "$3  $f" | sha256sum -c - >/dev/null; cp -p "$f" "$f.cni-health.bak"; printf \'%s\' "$1" | base64 -d > "$d/.cni-health-unnest.tmp"; mv "$d/.cni-health-unnest.tmp" "$f"';
  // Base64: the content has newlines, which a one-line command never carries as they are.
  const content = base64Utf8(change.after.content);
  return {
    label: `by hand, without the agent: check ${neutralise(change.path)} is still the previewed file, keep a copy, and replace it in one rename with the content previewed`,
    command: kubectl('debug', `node/${node}`, '-it', '--profile=sysadmin', '--image=busybox', '--', 'sh', '-c', script, 'sh', content, change.path, change.sha256),
  };
}

/** What an action's planned calls are, in kubectl. */
export function planCommands(calls: readonly PlannedCall[], node?: string): KubectlCommand[] {
  return calls.flatMap((c) => {
    const alt = node ? hostFileAlternative(c, node) : undefined;
    return alt ? [callCommand(c), alt] : [callCommand(c)];
  });
}

export interface LookContext {
  node: string;
  /** `namespace/name` of pods the finding names (evidence, the node's Multus pod). */
  pods?: readonly string[];
  /** CNI config files the finding names, and the directory they are in on the host. */
  files?: readonly string[];
  confDir?: string;
}

const splitPod = (key: string): { namespace: string; name: string } => {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: 'default', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
};

const MAX_LOOK_PODS = 3;
const MAX_LOOK_FILES = 3;

/** Commands to see for yourself what a finding rests on: read-only, all of them. */
export function lookCommands(ctx: LookContext): KubectlCommand[] {
  const out: KubectlCommand[] = [
    { label: 'the node, its conditions and recent events', command: kubectl('describe', 'node', ctx.node) },
    { label: 'pods on the node', command: kubectl('get', 'pods', '-A', '-o', 'wide', '--field-selector', `spec.nodeName=${fieldValue(ctx.node)}`) },
    { label: 'events about the node', command: kubectl('get', 'events', '-A', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${fieldValue(ctx.node)}`) },
  ];
  for (const key of [...new Set(ctx.pods ?? [])].slice(0, MAX_LOOK_PODS)) {
    const p = splitPod(key);
    out.push({ label: `logs of pod ${neutralise(key)}`, command: kubectl('-n', p.namespace, 'logs', p.name, '--all-containers', '--tail=200') });
    out.push({ label: `events about pod ${neutralise(key)}`, command: kubectl('-n', p.namespace, 'get', 'events', '--field-selector', `involvedObject.name=${fieldValue(p.name)}`) });
  }
  const dir = (ctx.confDir ?? '/etc/cni/net.d').replace(/\/+$/, '');
  for (const f of [...new Set(ctx.files ?? [])].slice(0, MAX_LOOK_FILES)) {
    out.push({ label: `read ${neutralise(f)} on the node`, command: kubectl('debug', `node/${ctx.node}`, '-it', '--profile=sysadmin', '--image=busybox', '--', 'cat', `/host${dir}/${f}`) });
  }
  return out;
}

/** Advice has no API call the dashboard makes: its nearest commands, or why there are none. */
export function adviceEquivalent(id: string, ctx: { node?: string; primaryPod?: string; multusDaemonSet?: { namespace: string; name: string } }): Equivalent {
  if (id === 'restart-primary-cni-pod') {
    if (!ctx.primaryPod) return { none: 'The primary CNI agent\'s pod on this node is not known: find it with the "pods on the node" command, then delete it so its DaemonSet recreates it.' };
    const p = splitPod(ctx.primaryPod);
    return { commands: [{ label: `restart ${neutralise(ctx.primaryPod)} (its DaemonSet recreates it)`, command: kubectl('-n', p.namespace, 'delete', 'pod', p.name) }] };
  }
  if (id === 'remove-leftover-cni-config') {
    if (!ctx.node) return { none: 'A host file: no API call removes it.' };
    return { commands: [{ label: 'list the CNI config directory on the node, then move the leftover aside by hand', command: kubectl('debug', `node/${ctx.node}`, '-it', '--profile=sysadmin', '--image=busybox', '--', 'ls', '-la', '/host/etc/cni/net.d') }] };
  }
  if (id === 'upgrade-multus' && ctx.multusDaemonSet) {
    const d = ctx.multusDaemonSet;
    return { commands: [{ label: 'the Multus image now (upgrade it through your deployment path)', command: kubectl('-n', d.namespace, 'get', 'daemonset.apps', d.name, '-o', 'jsonpath={.spec.template.spec.containers[*].image}') }] };
  }
  return { none: 'No kubectl equivalent: this is done through your own deployment path.' };
}

/** Where to look for one finding: the pods and files its evidence names, plus the node's Multus pod when the finding is about Multus. */
export function findingLookContext(
  f: { ruleId: string; evidence: ReadonlyArray<{ pod?: string; file?: string }> },
  node: string,
  extra: { multusPod?: string; confDir?: string } = {},
): LookContext {
  const pods = f.evidence.flatMap((e) => (e.pod ? [e.pod] : []));
  if (extra.multusPod && f.ruleId.startsWith('multus')) pods.unshift(extra.multusPod);
  // Evidence may name the directory itself or a path; only plain file names in the config directory are read.
  const files = f.evidence.flatMap((e) => (e.file && !e.file.includes('/') ? [e.file] : []));
  return { node, pods, files, confDir: extra.confDir };
}

/** Where to look at a DaemonSet a cluster-wide finding is about (the Multus DaemonSet): read-only. */
export function daemonSetLookCommands(namespace: string, name: string): KubectlCommand[] {
  return [
    { label: 'the DaemonSet, its pod template and recent events', command: kubectl('-n', namespace, 'describe', 'daemonsets.apps', name) },
    { label: 'its rollout, as kubectl sees it', command: kubectl('-n', namespace, 'rollout', 'status', `daemonsets.apps/${name}`) },
    { label: 'events about the DaemonSet', command: kubectl('-n', namespace, 'get', 'events', '--field-selector', `involvedObject.kind=DaemonSet,involvedObject.name=${fieldValue(name)}`) },
  ];
}

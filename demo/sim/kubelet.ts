/**
 * The kubelets of all nodes: start pods bound to their node (sandbox first,
 * which needs a working CNI unless on the host network), finish graceful
 * deletions, and retry stuck sandboxes on every tick. Multus pods play Multus
 * thin: on start they (re)write 00-multus.conf by wrapping the first config
 * in the directory; with --cleanup-config-on-exit=true they remove it on exit;
 * an initContainer that waits for a config file holds them in Init until the
 * file exists.
 */
import { applyPodState } from '../builders/pod';
import { AWS_CONFLIST, awsConflist, MULTUS_CONF } from '../cni-configs';
import { podIPFor } from '../scenarios/fleet';
import { NETWORK_NOT_READY_EVENT } from '../scenarios/messages';
import type { NodeRuntime } from '../scenarios/node-ops';
import { containerEvents, markNetworkReady } from '../scenarios/steps';
import type { Change } from '../store';
import type { Container, PodObject } from '../types';
import { awaitedConfig, configFiles, multusStart, primaryPresent, withoutFile } from './node-dir';
import { attachNetworks } from './networks';
import { isTerminal, podKey, type World } from './world';

export const CLEANUP_FLAG = '--cleanup-config-on-exit=true';

const isMultusPod = (p: PodObject): boolean => p.metadata.labels?.name === 'multus' || p.spec.containers.some((c) => c.name === 'kube-multus');
const cmdline = (c: Container): string => [...(c.command ?? []), ...(c.args ?? [])].join(' ');

export class Kubelets {
  constructor(private readonly w: World) {}

  onPodChange(change: Change): void {
    const pod = change.object as PodObject;
    const prev = change.prev as PodObject | undefined;
    if (change.type === 'ADDED' && pod.status.phase === 'Pending' && pod.spec.nodeName) {
      this.w.timers.after(this.w.timing.kubeletMs, 'kubelet start', () => this.start(podKey(pod)));
    } else if (change.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !prev?.metadata.deletionTimestamp) {
      // The containers get SIGTERM; the kubelet removes the pod once they stopped.
      this.w.timers.after(this.w.timing.kubeletMs, 'kubelet stop', () => this.finishDeletion(pod.metadata.uid, podKey(pod)));
    } else if (change.type === 'DELETED') {
      this.exited(prev ?? pod);
    }
  }

  /** One retry pass: stuck sandboxes on nodes that work now, Multus pods whose awaited config appeared. */
  retry(): void {
    for (const rt of this.w.nodes.values()) {
      for (const p of this.w.ops.podsOn(rt.plan.name)) {
        if (p.metadata.deletionTimestamp || p.status.phase !== 'Pending') continue;
        const waiting = p.status.containerStatuses?.some((c) => 'waiting' in c.state && (c.state.waiting.reason === 'ContainerCreating' || c.state.waiting.reason === 'PodInitializing'));
        if (waiting && (p.spec.hostNetwork || rt.cni === 'healthy')) this.start(podKey(p));
      }
    }
  }

  private finishDeletion(uid: string, key: string): void {
    const pod = this.w.store.get('pods', key);
    if (pod?.metadata.uid === uid) this.w.store.delete('pods', key);
  }

  private exited(pod: PodObject): void {
    const node = pod.spec.nodeName;
    if (!node) return;
    this.w.ops.stopRepeatingFor(node, pod.metadata.uid);
    const rt = this.w.nodes.get(node);
    if (!rt || !isMultusPod(pod) || isTerminal(pod)) return;
    const cleans = pod.spec.containers.some((c) => cmdline(c).includes(CLEANUP_FLAG));
    if (cleans && rt.history.file(MULTUS_CONF)) {
      rt.history.record(withoutFile(rt.history.current()?.files ?? [], MULTUS_CONF), this.w.now());
      this.w.filesChanged(rt);
    }
  }

  private start(key: string): void {
    const pod = this.w.store.get('pods', key);
    const rt = pod?.spec.nodeName ? this.w.nodes.get(pod.spec.nodeName) : undefined;
    if (!pod || !rt || pod.metadata.deletionTimestamp || pod.status.phase !== 'Pending') return;
    const at = this.w.now();
    if (pod.spec.hostNetwork) return this.startHostNetwork(pod, rt, at);
    if (rt.cni === 'healthy') return this.run(pod, rt, at, podIPFor(rt.plan.ip, pod.metadata.name));
    if (pod.status.containerStatuses?.some((c) => 'waiting' in c.state && c.state.waiting.reason === 'ContainerCreating')
      && this.w.ops.repeating.get(rt.plan.name)?.some((r) => r.sandbox?.podUid === pod.metadata.uid || this.w.store.get('events', r.eventKey)?.involvedObject.uid === pod.metadata.uid)) return;
    const stuck = this.w.store.update('pods', key, (d) => applyPodState(d, { phase: 'creating', since: at }, ''));
    if (rt.cni === 'nested-delegates') this.w.ops.startSandboxFailures(rt.plan.name, stuck, at, at, 1);
    else {
      const ns = stuck.metadata.namespace ?? '';
      const eventKey = this.w.ops.createEvent({ namespace: ns, involved: { kind: 'Pod', namespace: ns, name: stuck.metadata.name, uid: stuck.metadata.uid, apiVersion: 'v1' }, reason: 'NetworkNotReady', message: NETWORK_NOT_READY_EVENT, type: 'Warning', component: 'kubelet', host: rt.plan.name, first: at });
      this.w.ops.addRepeating(rt.plan.name, { eventKey });
    }
  }

  private startHostNetwork(pod: PodObject, rt: NodeRuntime, at: number): void {
    const files = rt.history.current()?.files ?? [];
    if (isMultusPod(pod)) {
      const gate = (pod.spec.initContainers ?? []).map((c) => ({ c, file: awaitedConfig(cmdline(c)) })).find((g) => g.file !== undefined);
      if (gate?.file && !configFiles(files).some((f) => f.name === gate.file)) {
        if (pod.status.initContainerStatuses?.some((s) => s.name === gate.c.name && 'running' in s.state)) return;
        this.w.store.update('pods', podKey(pod), (d) => applyPodState(d, { phase: 'initializing', since: at, waitingOn: gate.c.name }, rt.plan.ip));
        return;
      }
      const next = multusStart(files, at);
      if (next) {
        rt.history.record(next, at);
        this.w.filesChanged(rt);
      }
    } else if (pod.metadata.labels?.['k8s-app'] === 'aws-node' && !primaryPresent(files)) {
      // A fresh aws-node pod: ipamd reaches the API server now (what blocked the
      // old pod at boot has passed; the kubelet's crash back-off kept it down),
      // and the entrypoint copies 10-aws.conflist once ipamd serves.
      this.run(pod, rt, at, rt.plan.ip);
      this.w.timers.after(this.w.timing.kubeletMs, 'aws-node writes its config', () => this.primaryWritten(rt, pod.metadata.uid));
      return;
    }
    this.run(pod, rt, at, rt.plan.ip);
  }

  /**
   * aws-node wrote 10-aws.conflist. A running Multus thin (`--multus-conf-file=auto`)
   * that had nothing to wrap polls for a config and now wraps this one; the
   * container runtime finds a config, so the kubelet reports the network ready.
   */
  private primaryWritten(rt: NodeRuntime, uid: string): void {
    const pod = this.w.ops.podsOn(rt.plan.name).find((p) => p.metadata.uid === uid);
    if (!pod || pod.metadata.deletionTimestamp || pod.status.phase !== 'Running') return;
    const at = this.w.now();
    const files = rt.history.current()?.files ?? [];
    if (primaryPresent(files)) return;
    let next = [...files.filter((f) => f.name !== AWS_CONFLIST), { name: AWS_CONFLIST, content: awsConflist(rt.plan.ip), modifiedAt: at }];
    const multus = this.w.ops.podsOn(rt.plan.name).find((p) => isMultusPod(p) && p.status.phase === 'Running' && !p.metadata.deletionTimestamp);
    if (multus && !next.some((f) => f.name === MULTUS_CONF)) next = multusStart(next, at + 1_000) ?? next;
    rt.history.record(next, at);
    this.w.filesChanged(rt);
    markNetworkReady(this.w.store, this.w.ops, rt, at);
  }

  private run(pod: PodObject, rt: NodeRuntime, at: number, ip: string): void {
    const probing = this.w.timing.readinessMs > 0;
    const files = rt.history.current()?.files ?? [];
    const started = this.w.store.update('pods', podKey(pod), (d) => {
      applyPodState(d, { phase: 'running', since: at, ready: !probing, readySince: at }, ip);
      if (!pod.spec.hostNetwork) attachNetworks(d, files, ip);
    });
    this.w.ops.stopRepeatingFor(rt.plan.name, pod.metadata.uid);
    containerEvents(this.w.ops, started, rt.plan.name, at);
    if (probing) this.w.timers.after(this.w.timing.readinessMs, 'kubelet readiness', () => this.markReady(started.metadata.uid, podKey(started), ip, at));
  }

  /** The readiness probe's first success: Ready turns True now (its lastTransitionTime is what minReadySeconds counts from). */
  private markReady(uid: string, key: string, ip: string, startedAt: number): void {
    const pod = this.w.store.get('pods', key);
    if (pod?.metadata.uid !== uid || pod.metadata.deletionTimestamp || pod.status.phase !== 'Running') return;
    this.w.store.update('pods', key, (d) => applyPodState(d, { phase: 'running', since: startedAt, ready: true, readySince: this.w.now() }, ip));
  }
}

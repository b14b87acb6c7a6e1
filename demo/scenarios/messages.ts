/**
 * Event and status texts, word for word as kubelet, containerd, Multus and
 * the AWS VPC CNI write them, so the dashboard's matchers are tested against
 * what real clusters say.
 */
import { sha256Hex } from '../builders/meta';
import { NETWORK_NOT_READY_MESSAGE } from '../builders/node';

/** containerd's sandbox id for one attempt (64 hex). */
export function sandboxId(podUid: string, attempt: number): string {
  return sha256Hex(`sandbox:${podUid}:${attempt}`);
}

/**
 * The kubelet's FailedCreatePodSandBox when Multus delegates to a Multus
 * config (self-nesting): the inner ADD finds the interface the outer one made.
 */
export function nestedSandboxFailure(ns: string, pod: string, podUid: string, attempt: number): string {
  const id = `${ns}/${pod}/${podUid}`;
  const ifName = `pod${sha256Hex(`if:${podUid}`).slice(0, 11)}`;
  return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId(podUid, attempt)}": `
    + `plugin type="multus" name="multus-cni-network" failed (add): [${id}:multus-cni-network]: error adding container to network "multus-cni-network": `
    + `[${id}:aws-cni]: error adding container to network "aws-cni": add cmd: failed to setup network: setupNS network: failed to setup veth pair.: `
    + `validateIfName: interface name ${ifName} already exists`;
}

/**
 * With no CNI config at all, the kubelet does not even try a sandbox for
 * non-hostNetwork pods: it reports NetworkNotReady (containerd's own log says
 * "cni config uninitialized"; older dockershim nodes surfaced that text in
 * FailedCreatePodSandBox, current containerd nodes do not).
 */
export const NETWORK_NOT_READY_EVENT = `network is not ready: ${NETWORK_NOT_READY_MESSAGE}`;

export function backOffMessage(container: string, ns: string, pod: string, podUid: string): string {
  return `Back-off restarting failed container ${container} in pod ${pod}_${ns}(${podUid})`;
}

/** aws-node's readiness probe while ipamd is not serving (it never reached the EC2 API). */
export function awsNodeProbeFailed(at: number): string {
  const ts = new Date(at).toISOString();
  return `Readiness probe failed: {"level":"info","ts":"${ts}","caller":"/root/sdk/go1.22.5/src/runtime/proc.go:271","msg":"timeout: failed to connect service \\":50051\\" within 5s"}`;
}

export function evictionMessage(container: string, usedKi: number, request: string): string {
  return `The node was low on resource: memory. Threshold quantity: 100Mi, available: 71204Ki. Container ${container} was using ${usedKi}Ki, request is ${request}, has larger consumption of memory. `;
}

export const nodeReadyMessage = (node: string): string => `Node ${node} status is now: NodeReady`;
export const rebootedMessage = (node: string, bootID: string): string => `Node ${node} has been rebooted, boot id: ${bootID}`;

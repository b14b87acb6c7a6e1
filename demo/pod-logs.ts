/**
 * What the demo's containers write to stdout: what `kubectl logs` (and the
 * pods/log subresource) return. aws-node's lines are the AWS VPC CNI
 * entrypoint's own (cmd/aws-vpc-cni in https://github.com/aws/amazon-vpc-cni-k8s,
 * as users posted them in its issues): a healthy start writes the CNI config
 * ("Copying config file ... "); a node where ipamd never serves repeats
 * "Retrying waiting for IPAM-D" until the container exits. Derived from the
 * container's status, so an instance's log matches its start and end times.
 */
import type { ContainerState, ContainerStatus, PodObject } from './types';

const json = (at: number, msg: string, level = 'info', caller = 'aws-vpc-cni/main.go'): string =>
  JSON.stringify({ level, ts: new Date(at).toISOString(), caller, msg });

function awsNodeLines(start: number, end: number | undefined, healthy: boolean): string[] {
  const out = [
    json(start, 'Constructed new logger instance', 'info', 'logger/logger.go:52'),
    json(start + 5, 'Validating env variables ...'),
    json(start + 9, 'Install CNI binaries..'),
    json(start + 31, 'Starting IPAM daemon... '),
    json(start + 40, 'Checking for IPAM connectivity ... '),
  ];
  if (healthy) {
    out.push(json(start + 2_040, 'Retrying waiting for IPAM-D'), json(start + 2_100, 'Copying config file ... '),
      json(start + 2_110, 'Successfully copied CNI plugin binary and config file.'), json(start + 2_115, 'Foregrounding IPAM daemon ...'));
    return out;
  }
  // The entrypoint polls ipamd's gRPC port every 2 s while ipamd cannot reach the API server.
  const stop = end ?? start + 30_000;
  for (let t = start + 2_040; t < stop && out.length < 40; t += 2_000) out.push(json(t, 'Retrying waiting for IPAM-D'));
  return out;
}

function genericLines(container: string, start: number): string[] {
  return [`${new Date(start).toISOString()} ${container}: started`];
}

/** The lines of one container instance: the current one, or (previous) the last terminated one. */
export function containerLogLines(pod: PodObject, status: ContainerStatus, instance: ContainerState): string[] {
  const name = status.name;
  const isAwsNode = name === 'aws-node' && pod.metadata.labels?.['k8s-app'] === 'aws-node';
  if ('running' in instance) {
    const start = Date.parse(instance.running.startedAt);
    return isAwsNode ? awsNodeLines(start, undefined, true) : genericLines(name, start);
  }
  if ('terminated' in instance) {
    const t = instance.terminated;
    const start = Date.parse(t.startedAt ?? t.finishedAt ?? pod.metadata.creationTimestamp);
    const end = t.finishedAt ? Date.parse(t.finishedAt) : undefined;
    return isAwsNode ? awsNodeLines(start, end, t.exitCode === 0) : genericLines(name, start);
  }
  return [];
}

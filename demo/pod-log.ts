/**
 * GET /api/v1/namespaces/{ns}/pods/{name}/log: the pods/log subresource, as
 * kube-apiserver serves it and the kubelet answers it.
 * - Options (PodLogOptions): `container`, `previous`, `tailLines`, `limitBytes`.
 *   Not integers: 400 (query conversion). tailLines < 0 or limitBytes < 1:
 *   422 Invalid (ValidatePodLogOptions, pkg/apis/core/validation; the log REST
 *   returns errors.NewInvalid(PodLogOptions), pkg/registry/core/pod/rest/log.go).
 * - Container choice (pod.LogLocation, pkg/registry/core/pod/strategy.go): the
 *   only container when there is one; else 400 "a container name must be
 *   specified for pod X, choose one of: [...] or one of the init containers:
 *   [...]"; an unknown name is 400 "container X is not valid for pod Y"; a pod
 *   not bound to a node answers an empty body.
 * - Which instance (kubelet validateContainerLogStatus, pkg/kubelet/kubelet_pods.go):
 *   previous needs a last terminated instance ("previous terminated container
 *   ... not found"); else the running one, else the terminated one, else the
 *   last terminated (a CrashLoopBackOff container shows its last run); a
 *   container waiting with no earlier run is 400 "... is waiting to start: REASON".
 * - tailLines keeps the last N lines; limitBytes then cuts the output after
 *   that many bytes, mid-line if need be (PodLogOptions field docs).
 * Answered as text/plain. Authorization (get on pods/log) happens before, in api.ts.
 */
import type { ServerResponse } from 'node:http';
import { containerLogLines } from './pod-logs';
import { ApiError, badRequest, invalid, notFound, status } from './status';
import type { ObjectStore } from './store';
import type { ContainerState, ContainerStatus, PodObject } from './types';

function intOption(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d{1,15}$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

const bool = (query: URLSearchParams, name: string): boolean => query.get(name) === 'true' || query.get(name) === '1';

function chooseContainer(pod: PodObject, wanted: string | null): string {
  const name = pod.metadata.name;
  const containers = pod.spec.containers.map((c) => c.name);
  const inits = (pod.spec.initContainers ?? []).map((c) => c.name);
  if (!wanted) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`);
  }
  if (!containers.includes(wanted) && !inits.includes(wanted)) throw badRequest(`container ${wanted} is not valid for pod ${name}`);
  return wanted;
}

/** The kubelet's errors reach the client as the API server's 400 with the kubelet's text. */
function kubeletError(message: string): ApiError {
  return new ApiError(status(400, 'BadRequest', message));
}

function instanceOf(s: ContainerStatus, pod: string, previous: boolean): ContainerState {
  const last = 'terminated' in s.lastState ? { terminated: s.lastState.terminated } : undefined;
  if (previous) {
    if (!last) throw kubeletError(`previous terminated container "${s.name}" in pod "${pod}" not found`);
    return last;
  }
  if ('running' in s.state || 'terminated' in s.state) return s.state;
  if (last) return last;
  throw kubeletError(`container "${s.name}" in pod "${pod}" is waiting to start: ${s.state.waiting.reason}`);
}

function cutBytes(text: string, limit: number | undefined): string {
  if (limit === undefined) return text;
  const buf = Buffer.from(text, 'utf8');
  return buf.length <= limit ? text : buf.subarray(0, limit).toString('utf8');
}

export function servePodLog(store: ObjectStore, res: ServerResponse, namespace: string, name: string, query: URLSearchParams): void {
  const tailLines = intOption(query, 'tailLines');
  const limitBytes = intOption(query, 'limitBytes');
  const errs = [
    ...(tailLines !== undefined && tailLines < 0 ? [{ type: 'FieldValueInvalid' as const, field: 'tailLines', detail: `${tailLines}: must be greater than or equal to 0` }] : []),
    ...(limitBytes !== undefined && limitBytes < 1 ? [{ type: 'FieldValueInvalid' as const, field: 'limitBytes', detail: `${limitBytes}: must be greater than 0` }] : []),
  ];
  if (errs.length > 0) throw invalid('PodLogOptions', '', name, errs);
  const pod = store.get('pods', `${namespace}/${name}`);
  if (!pod) throw notFound('pods', name);
  const container = chooseContainer(pod, query.get('container'));
  let text = '';
  if (pod.spec.nodeName) {
    const statuses = [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? [])];
    const s = statuses.find((c) => c.name === container);
    if (!s) throw kubeletError(`container "${container}" in pod "${name}" is not available`);
    const lines = containerLogLines(pod, s, instanceOf(s, name, bool(query, 'previous')));
    const kept = tailLines === undefined ? lines : tailLines === 0 ? [] : lines.slice(-tailLines);
    text = cutBytes(kept.map((l) => `${l}\n`).join(''), limitBytes);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

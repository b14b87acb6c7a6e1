/**
 * Slim projection of an apps/v1 DaemonSet: the pod template parts the
 * hygiene rules and the remediation plans read, and what a rollout check
 * needs (kubectl's DaemonSetStatusViewer: generation, observedGeneration,
 * the status counters, the update strategy).
 */

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface VolumeMountSummary {
  name: string;
  mountPath: string;
  readOnly: boolean;
}

export interface ContainerSpecSummary {
  name: string;
  image: string;
  command: string[];
  args: string[];
  requests: ResourceList;
  limits: ResourceList;
  /** Where host paths are mounted: remediations that add an initContainer reuse them. */
  volumeMounts?: VolumeMountSummary[];
}

export interface DaemonSetModel {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  containers: ContainerSpecSummary[];
  initContainers: ContainerSpecSummary[];
  /** metadata.generation: bumped by the API server on every spec change. */
  generation: number;
  /** status.observedGeneration: the generation the DaemonSet controller has acted on; lags the spec. */
  observedGeneration: number;
  /** status.desiredNumberScheduled */
  desired: number;
  /** status.currentNumberScheduled */
  current: number;
  /** status.numberReady */
  ready: number;
  /** status.numberAvailable: ready for at least spec.minReadySeconds. */
  available: number;
  /** status.numberUnavailable */
  unavailable: number;
  /** status.updatedNumberScheduled */
  updated: number;
  updateStrategy: UpdateStrategySummary;
  minReadySeconds: number;
}

export interface UpdateStrategySummary {
  type: 'RollingUpdate' | 'OnDelete';
  /** An integer or a percentage ("10%"), as in the spec; defaults applied (1 and 0). */
  maxUnavailable: number | string;
  maxSurge: number | string;
}

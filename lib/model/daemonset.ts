/** Slim projection of an apps/v1 DaemonSet: the pod template parts the hygiene rules read. */

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
  desired: number;
  ready: number;
  available: number;
  updated: number;
}

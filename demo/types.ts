/**
 * JSON shapes of the Kubernetes objects the demo cluster serves. Only the
 * fields the demo sets are typed; they are written exactly as the API server
 * serialises them (RFC 3339 strings, quantities as strings, omitted when empty).
 */

export type Labels = Record<string, string>;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  generateName?: string;
  deletionTimestamp?: string;
  labels?: Labels;
  annotations?: Labels;
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
}

export interface Taint { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'; timeAdded?: string }
export interface Toleration { key?: string; operator?: 'Exists' | 'Equal'; value?: string; effect?: string; tolerationSeconds?: number }

export interface NodeObject extends KubeObject {
  spec: { providerID: string; taints?: Taint[]; unschedulable?: boolean };
  status: {
    capacity: Labels;
    allocatable: Labels;
    conditions: Condition[];
    addresses: { type: string; address: string }[];
    daemonEndpoints: { kubeletEndpoint: { Port: number } };
    nodeInfo: Labels;
    images: { names: string[]; sizeBytes: number }[];
  };
}

export interface ResourceRequirements { requests?: Labels; limits?: Labels }

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: JsonObject[];
  ports?: JsonObject[];
  resources: ResourceRequirements;
  volumeMounts?: JsonObject[];
  securityContext?: JsonObject;
  readinessProbe?: JsonObject;
  livenessProbe?: JsonObject;
  terminationMessagePath: string;
  terminationMessagePolicy: string;
  imagePullPolicy: string;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: JsonObject[];
  nodeName?: string;
  nodeSelector?: Labels;
  hostNetwork?: boolean;
  serviceAccountName: string;
  serviceAccount: string;
  restartPolicy: string;
  schedulerName: string;
  dnsPolicy: string;
  priority: number;
  priorityClassName?: string;
  preemptionPolicy?: string;
  enableServiceLinks: boolean;
  terminationGracePeriodSeconds: number;
  securityContext: JsonObject;
  tolerations?: Toleration[];
  affinity?: JsonObject;
}

export type ContainerState =
  | { running: { startedAt: string } }
  | { waiting: { reason: string; message?: string } }
  | { terminated: { exitCode: number; reason: string; startedAt: string; finishedAt: string; containerID?: string } };

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState | Record<string, never>;
}

export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  reason?: string;
  message?: string;
  conditions?: Condition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
}

export interface PodObject extends KubeObject {
  spec: PodSpec;
  status: PodStatus;
}

export interface PodTemplate {
  metadata: { labels: Labels; annotations?: Labels; creationTimestamp: null };
  spec: Omit<PodSpec, 'nodeName' | 'serviceAccount' | 'priority'>;
}

export interface DaemonSetObject extends KubeObject {
  spec: {
    selector: { matchLabels: Labels };
    template: PodTemplate;
    updateStrategy: JsonObject;
    revisionHistoryLimit: number;
    minReadySeconds?: number;
  };
  status: {
    currentNumberScheduled: number;
    desiredNumberScheduled: number;
    numberAvailable: number;
    numberMisscheduled: number;
    numberReady: number;
    numberUnavailable?: number;
    observedGeneration: number;
    updatedNumberScheduled: number;
  };
}

export interface EventObject extends KubeObject {
  involvedObject: { kind: string; namespace?: string; name: string; uid: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

export interface ConfigMapObject extends KubeObject {
  data: Record<string, string>;
}

export interface NamespaceObject extends KubeObject {
  spec: { finalizers: string[] };
  status: { phase: 'Active' | 'Terminating' };
}

export type IntOrString = number | string;

export interface PodDisruptionBudgetObject extends KubeObject {
  spec: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector: { matchLabels: Labels }; unhealthyPodEvictionPolicy?: string };
  status: {
    currentHealthy: number;
    desiredHealthy: number;
    disruptionsAllowed: number;
    expectedPods: number;
    observedGeneration: number;
    conditions: Condition[];
  };
}

/** core/v1 Secret: `data` values are base64, as on the wire; the demo never decodes them for anyone. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** coordination.k8s.io/v1 Lease (leader election: client-go tools/leaderelection). */
export interface LeaseObject extends KubeObject {
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** The kinds served, by their plural resource name (the URL segment). */
export interface ResourceObjectMap {
  nodes: NodeObject;
  pods: PodObject;
  events: EventObject;
  configmaps: ConfigMapObject;
  daemonsets: DaemonSetObject;
  namespaces: NamespaceObject;
  poddisruptionbudgets: PodDisruptionBudgetObject;
  secrets: SecretObject;
  leases: LeaseObject;
}
export type Resource = keyof ResourceObjectMap;

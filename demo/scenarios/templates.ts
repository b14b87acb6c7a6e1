/**
 * Pod templates of the node agents (kube-system DaemonSets as EKS installs
 * them, Multus as the thin-plugin manifest deploys it) and of the workloads.
 * Multus is deliberately BestEffort (no resources) and without
 * --cleanup-config-on-exit: the two hygiene gaps behind the incident.
 */
import type { Container, JsonObject, PodTemplate, Toleration } from '../types';
import type { DeploymentPlan } from './fleet';

const ECR = '602401143452.dkr.ecr.eu-west-1.amazonaws.com';
export const MULTUS_IMAGE = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2';

function container(c: Partial<Container> & Pick<Container, 'name' | 'image'>): Container {
  return { resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', ...c };
}

const hostPath = (name: string, path: string, type?: string): JsonObject => ({ name, hostPath: { path, ...(type ? { type } : {}) } });
const mount = (name: string, mountPath: string, readOnly = false): JsonObject => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
const env = (name: string, value: string): JsonObject => ({ name, value });
const fieldEnv = (name: string, fieldPath: string): JsonObject => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
const tolerateAll: Toleration[] = [{ operator: 'Exists' }];

const linuxNodes: JsonObject = {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
    { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid'] },
  ] }] } },
};

function template(labels: Record<string, string>, spec: Partial<PodTemplate['spec']> & Pick<PodTemplate['spec'], 'containers' | 'serviceAccountName'>): PodTemplate {
  return {
    metadata: { labels, creationTimestamp: null },
    spec: {
      restartPolicy: 'Always', schedulerName: 'default-scheduler', dnsPolicy: 'ClusterFirst', enableServiceLinks: true,
      terminationGracePeriodSeconds: 30, securityContext: {}, ...spec,
    },
  };
}

const grpcProbe = (delay: number): JsonObject => ({
  exec: { command: ['/app/grpc-health-probe', '-addr=:50051', '-connect-timeout=5s', '-rpc-timeout=5s'] },
  initialDelaySeconds: delay, periodSeconds: 10, timeoutSeconds: 10, successThreshold: 1, failureThreshold: 3,
});

export const AWS_NODE = template({ 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node' }, {
  serviceAccountName: 'aws-node', hostNetwork: true, priorityClassName: 'system-node-critical', tolerations: tolerateAll, affinity: linuxNodes,
  terminationGracePeriodSeconds: 10,
  initContainers: [container({
    name: 'aws-vpc-cni-init', image: `${ECR}/amazon-k8s-cni-init:v1.18.3-eksbuild.1`,
    env: [env('DISABLE_TCP_EARLY_DEMUX', 'false'), env('ENABLE_IPv6', 'false')],
    resources: { requests: { cpu: '25m' } }, securityContext: { privileged: true }, volumeMounts: [mount('cni-bin-dir', '/host/opt/cni/bin')],
  })],
  containers: [
    container({
      name: 'aws-node', image: `${ECR}/amazon-k8s-cni:v1.18.3-eksbuild.1`,
      ports: [{ containerPort: 61678, name: 'metrics', protocol: 'TCP' }],
      env: [
        env('ADDITIONAL_ENI_TAGS', '{}'), env('AWS_VPC_CNI_NODE_PORT_SUPPORT', 'true'), env('AWS_VPC_ENI_MTU', '9001'),
        env('AWS_VPC_K8S_CNI_EXTERNALSNAT', 'false'), env('AWS_VPC_K8S_CNI_LOGLEVEL', 'DEBUG'), env('AWS_VPC_K8S_CNI_LOG_FILE', '/host/var/log/aws-routed-eni/ipamd.log'),
        env('AWS_VPC_K8S_CNI_VETHPREFIX', 'eni'), env('AWS_VPC_K8S_PLUGIN_LOG_FILE', '/var/log/aws-routed-eni/plugin.log'), env('AWS_VPC_K8S_PLUGIN_LOG_LEVEL', 'DEBUG'),
        env('ENABLE_IPv4', 'true'), env('ENABLE_IPv6', 'false'), env('ENABLE_POD_ENI', 'false'), env('ENABLE_PREFIX_DELEGATION', 'false'),
        env('NETWORK_POLICY_ENFORCING_MODE', 'standard'), env('VPC_CNI_VERSION', 'v1.18.3'), env('WARM_ENI_TARGET', '1'),
        fieldEnv('MY_NODE_NAME', 'spec.nodeName'), fieldEnv('MY_POD_NAME', 'metadata.name'),
      ],
      readinessProbe: grpcProbe(1), livenessProbe: grpcProbe(60),
      resources: { requests: { cpu: '25m' } },
      securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
      volumeMounts: [mount('cni-bin-dir', '/host/opt/cni/bin'), mount('cni-net-dir', '/host/etc/cni/net.d'), mount('log-dir', '/host/var/log/aws-routed-eni'), mount('run-dir', '/var/run/aws-node'), mount('xtables-lock', '/run/xtables.lock')],
    }),
    container({
      name: 'aws-eks-nodeagent', image: `${ECR}/amazon/aws-network-policy-agent:v1.1.2-eksbuild.1`,
      args: ['--enable-ipv6=false', '--enable-network-policy=false', '--enable-cloudwatch-logs=false', '--enable-policy-event-logs=false', '--log-file=/var/log/aws-routed-eni/network-policy-agent.log', '--metrics-bind-addr=:8162', '--health-probe-bind-addr=:8163', '--conntrack-cache-cleanup-period=300'],
      env: [fieldEnv('MY_NODE_NAME', 'spec.nodeName')], resources: { requests: { cpu: '25m' } },
      securityContext: { capabilities: { add: ['NET_ADMIN'] }, privileged: true },
      volumeMounts: [mount('bpf-pin-path', '/sys/fs/bpf'), mount('log-dir', '/var/log/aws-routed-eni'), mount('run-dir', '/var/run/aws-node')],
    }),
  ],
  volumes: [hostPath('bpf-pin-path', '/sys/fs/bpf'), hostPath('cni-bin-dir', '/opt/cni/bin'), hostPath('cni-net-dir', '/etc/cni/net.d'), hostPath('log-dir', '/var/log/aws-routed-eni', 'DirectoryOrCreate'), hostPath('run-dir', '/var/run/aws-node', 'DirectoryOrCreate'), hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate')],
});

export const MULTUS = template({ app: 'multus', name: 'multus', tier: 'node' }, {
  serviceAccountName: 'multus', hostNetwork: true, tolerations: tolerateAll, terminationGracePeriodSeconds: 10,
  initContainers: [container({
    name: 'install-multus-binary', image: MULTUS_IMAGE, command: ['/install_multus'], args: ['--type', 'thin'],
    securityContext: { privileged: true }, terminationMessagePolicy: 'FallbackToLogsOnError', volumeMounts: [mount('cnibin', '/host/opt/cni/bin', false)],
  })],
  containers: [container({
    name: 'kube-multus', image: MULTUS_IMAGE, command: ['/thin_entrypoint'],
    args: ['--multus-conf-file=auto', '--multus-autoconfig-dir=/host/etc/cni/net.d', '--cni-conf-dir=/host/etc/cni/net.d'],
    securityContext: { privileged: true }, terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts: [mount('cni', '/host/etc/cni/net.d'), mount('cnibin', '/host/opt/cni/bin')],
  })],
  volumes: [hostPath('cni', '/etc/cni/net.d'), hostPath('cnibin', '/opt/cni/bin')],
});

export const KUBE_PROXY = template({ 'k8s-app': 'kube-proxy' }, {
  serviceAccountName: 'kube-proxy', hostNetwork: true, priorityClassName: 'system-node-critical', tolerations: tolerateAll, affinity: linuxNodes,
  containers: [container({
    name: 'kube-proxy', image: `${ECR}/eks/kube-proxy:v1.30.3-minimal-eksbuild.5`,
    command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'],
    env: [fieldEnv('NODE_NAME', 'spec.nodeName')], resources: { requests: { cpu: '100m' } }, securityContext: { privileged: true },
    volumeMounts: [mount('varlog', '/var/log'), mount('xtables-lock', '/run/xtables.lock'), mount('lib-modules', '/lib/modules', true), mount('kubeconfig', '/var/lib/kube-proxy/'), mount('config', '/var/lib/kube-proxy-config/')],
  })],
  volumes: [hostPath('varlog', '/var/log'), hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'), hostPath('lib-modules', '/lib/modules'), { name: 'kubeconfig', configMap: { name: 'kube-proxy', defaultMode: 420 } }, { name: 'config', configMap: { name: 'kube-proxy-config', defaultMode: 420 } }],
});

/** Not on the host network: on a node without working CNI it is stuck like any workload. */
export const EBS_CSI_NODE = template({ app: 'ebs-csi-node', 'app.kubernetes.io/component': 'csi-driver', 'app.kubernetes.io/managed-by': 'EKS', 'app.kubernetes.io/name': 'aws-ebs-csi-driver', 'app.kubernetes.io/version': '1.35.0' }, {
  serviceAccountName: 'ebs-csi-node-sa', priorityClassName: 'system-node-critical', tolerations: tolerateAll, affinity: linuxNodes,
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  containers: [
    container({ name: 'ebs-plugin', image: `${ECR}/eks/aws-ebs-csi-driver:v1.35.0`, args: ['node', '--endpoint=$(CSI_ENDPOINT)', '--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/', '--logging-format=text', '--v=2'], env: [env('CSI_ENDPOINT', 'unix:/csi/csi.sock'), fieldEnv('CSI_NODE_NAME', 'spec.nodeName')], ports: [{ containerPort: 9808, name: 'healthz', protocol: 'TCP' }], resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } }, securityContext: { privileged: true, readOnlyRootFilesystem: true } }),
    container({ name: 'node-driver-registrar', image: `${ECR}/eks/csi-node-driver-registrar:v2.12.0-eks-1-31-4`, args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--v=2'], resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } } }),
    container({ name: 'liveness-probe', image: `${ECR}/eks/livenessprobe:v2.14.0-eks-1-31-4`, args: ['--csi-address=/csi/csi.sock'], resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } } }),
  ],
});

/** The snapshot agent runs on the host network so it can still publish while pod networking is down. */
export const CNI_HEALTH_AGENT = template({ 'app.kubernetes.io/name': 'cni-health-agent', 'app.kubernetes.io/part-of': 'cni-health' }, {
  serviceAccountName: 'cni-health-agent', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', tolerations: tolerateAll, priorityClassName: 'system-node-critical',
  containers: [container({
    name: 'agent', image: 'ghcr.io/cni-health/agent:0.1.0', args: ['--conf-dir=/host/etc/cni/net.d', '--bin-dir=/host/opt/cni/bin', '--namespace=cni-health'],
    env: [fieldEnv('NODE_NAME', 'spec.nodeName')], resources: { requests: { cpu: '20m', memory: '48Mi' }, limits: { cpu: '20m', memory: '48Mi' } },
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    volumeMounts: [mount('cni-net-dir', '/host/etc/cni/net.d', true), mount('cni-bin-dir', '/host/opt/cni/bin', true)],
  })],
  volumes: [hostPath('cni-net-dir', '/etc/cni/net.d'), hostPath('cni-bin-dir', '/opt/cni/bin')],
});

/**
 * The data-plane prober runs on the pod network on purpose: it probes what
 * pods see, and on a node whose CNI cannot give it a sandbox it is stuck like
 * any workload, which the dashboard reports as such.
 */
export const CNI_HEALTH_PROBER = template({ 'app.kubernetes.io/name': 'cni-health-prober', 'app.kubernetes.io/part-of': 'cni-health' }, {
  serviceAccountName: 'cni-health-prober', tolerations: tolerateAll, priorityClassName: 'system-node-critical',
  containers: [container({
    name: 'prober', image: 'ghcr.io/cni-health/agent:0.1.0', command: ['/nodejs/bin/node', '/app/prober.mjs'],
    env: [fieldEnv('NODE_NAME', 'spec.nodeName'), fieldEnv('POD_IP', 'status.podIP')], ports: [{ containerPort: 9809, name: 'probe', protocol: 'TCP' }],
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '50m', memory: '48Mi' } },
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 65532 },
  })],
});

/**
 * Workloads that ask Multus for a secondary network (k8s.v1.cni.cncf.io/networks,
 * short form `name@interface`, the pod's namespace implied): recommendations
 * reads its feature store over a dedicated VLAN.
 */
export const SECONDARY_NETWORKS: Readonly<Record<string, string>> = { recommendations: 'feature-store-vlan@net1' };

export function deploymentTemplate(d: DeploymentPlan, hash: string): PodTemplate {
  const networks = SECONDARY_NETWORKS[d.name];
  const t = template({ app: d.name, 'app.kubernetes.io/name': d.name, 'pod-template-hash': hash }, {
    serviceAccountName: d.name === 'coredns' ? 'coredns' : 'default',
    ...(d.name === 'coredns' ? { priorityClassName: 'system-cluster-critical', dnsPolicy: 'Default' } : {}),
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    containers: [container({
      name: d.name, image: d.image, ports: [{ containerPort: d.port, name: d.port === 53 ? 'dns' : 'http', protocol: d.port === 53 ? 'UDP' : 'TCP' }],
      resources: { requests: { ...d.requests }, ...(d.limits ? { limits: { ...d.limits } } : {}) },
      readinessProbe: { httpGet: { path: d.port === 53 ? '/ready' : '/healthz', port: d.port === 53 ? 8181 : d.port, scheme: d.port === 8443 ? 'HTTPS' : 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    })],
  });
  if (networks) t.metadata.annotations = { 'k8s.v1.cni.cncf.io/networks': networks };
  return t;
}

export interface DaemonSetPlan {
  namespace: string;
  name: string;
  template: PodTemplate;
  selector: Record<string, string>;
  labels: Record<string, string>;
}

export const DAEMONSETS: DaemonSetPlan[] = [
  { namespace: 'kube-system', name: 'aws-node', template: AWS_NODE, selector: { 'k8s-app': 'aws-node' }, labels: { 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'aws-node', 'app.kubernetes.io/version': 'v1.18.3', 'k8s-app': 'aws-node' } },
  { namespace: 'kube-system', name: 'kube-multus-ds', template: MULTUS, selector: { name: 'multus' }, labels: { app: 'multus', name: 'multus', tier: 'node' } },
  { namespace: 'kube-system', name: 'kube-proxy', template: KUBE_PROXY, selector: { 'k8s-app': 'kube-proxy' }, labels: { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' } },
  { namespace: 'kube-system', name: 'ebs-csi-node', template: EBS_CSI_NODE, selector: { app: 'ebs-csi-node', 'app.kubernetes.io/name': 'aws-ebs-csi-driver' }, labels: { app: 'ebs-csi-node', 'app.kubernetes.io/component': 'csi-driver', 'app.kubernetes.io/managed-by': 'EKS', 'app.kubernetes.io/name': 'aws-ebs-csi-driver', 'app.kubernetes.io/version': '1.35.0' } },
  { namespace: 'cni-health', name: 'cni-health-prober', template: CNI_HEALTH_PROBER, selector: { 'app.kubernetes.io/name': 'cni-health-prober' }, labels: { 'app.kubernetes.io/name': 'cni-health-prober', 'app.kubernetes.io/part-of': 'cni-health' } },
  { namespace: 'cni-health', name: 'cni-health-agent', template: CNI_HEALTH_AGENT, selector: { 'app.kubernetes.io/name': 'cni-health-agent' }, labels: { 'app.kubernetes.io/name': 'cni-health-agent', 'app.kubernetes.io/part-of': 'cni-health' } },
];

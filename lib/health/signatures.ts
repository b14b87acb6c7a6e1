/**
 * Catalogue of pod-sandbox and kubelet network failure messages, mapped to
 * their cause. Each entry is tested against messages as users reported them
 * publicly (signatures.test.ts keeps the link beside each case). Order
 * matters: the first match wins, so specific signatures come before generic
 * ones (e.g. Multus's own errors before a delegate's).
 */

export interface SandboxSignature {
  id: string;
  pattern: RegExp;
  /** The CNI that emits it, when specific to one. */
  cni?: string;
  cause: string;
  /** The config rule that confirms (or rules out) this cause from the node's files. */
  relatedRule: string;
  remediations: string[];
}

export const SIGNATURES: readonly SandboxSignature[] = [
  {
    id: 'multus-ifname-exists',
    pattern: /validateIfName: interface name \S* ?already exists/i,
    cni: 'multus',
    cause: 'The interface was created twice in the pod: a self-nested 00-multus.conf runs the primary CNI again inside itself (or two networks use the same interface name).',
    relatedRule: 'multus-nested-delegates',
    remediations: ['repair-node-cni-config'],
  },
  {
    id: 'multus-readiness-indicator',
    pattern: /(still waiting for (the )?readinessindicatorfile|PollImmediate error waiting for ReadinessIndicatorFile)/i,
    cni: 'multus',
    cause: 'Multus waits for the primary CNI\'s readiness indicator file, which does not exist: the primary CNI is not running or has not written its config.',
    relatedRule: 'multus-readiness-indicator-missing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'multus-api-unauthorized',
    pattern: /Multus: \[[^\]]*\]: error (getting|waiting for) pod: (Unauthorized|.*forbidden)/i,
    cni: 'multus',
    cause: 'Multus cannot read the pod from the API server: its kubeconfig token expired or was revoked (e.g. Multus uninstalled, service account recreated).',
    relatedRule: 'multus-kubeconfig-missing',
    remediations: ['restart-multus-pod'],
  },
  {
    id: 'multus-api-unreachable',
    pattern: /Multus: \[[^\]]*\]: error (getting|waiting for) pod: .*(connection refused|i\/o timeout|no such host|context deadline exceeded|TLS handshake timeout|x509)/i,
    cni: 'multus',
    cause: 'Multus cannot reach (or trust) the API server from the node to read the pod: service network not up yet, proxy, or a kubeconfig with the wrong CA.',
    relatedRule: 'multus-kubeconfig-missing',
    remediations: ['restart-multus-pod'],
  },
  {
    id: 'multus-daemon-unreachable',
    pattern: /CmdAdd \(shim\): failed to send CNI request: .*multus\.sock: connect: (connection refused|no such file or directory)/i,
    cni: 'multus',
    cause: 'The Multus thick shim cannot reach the multus daemon on the node: the Multus pod is not running (crashed, OOMKilled, evicted).',
    relatedRule: 'multus-pod-unhealthy',
    remediations: ['restart-multus-pod', 'multus-guaranteed-qos'],
  },
  {
    id: 'multus-no-default-network',
    pattern: /(GetNetworkDelegates|GetCNIConfig)[\s\S]{0,400}?No networks found in/i,
    cni: 'multus',
    cause: 'Multus found no config for the cluster (default) network in its config directory: the primary CNI has not written its config.',
    relatedRule: 'multus-primary-missing',
    remediations: ['restart-primary-cni-pod', 'multus-wait-for-primary-cni'],
  },
  {
    id: 'cni-plugin-not-found',
    pattern: /failed to find plugin "[^"]+" in path/i,
    cause: 'A plugin named in the config has no binary in the CNI bin directory (not installed yet, wrong bin_dir, or removed).',
    relatedRule: 'cni-plugin-binary-missing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'cni-incompatible-version',
    pattern: /incompatible CNI versions/i,
    cause: 'The config\'s cniVersion is one the plugin binary does not support (config newer than the plugin, or a runtime that rewrote it).',
    relatedRule: 'cni-version-unsupported',
    remediations: [],
  },
  {
    id: 'cni-not-initialized',
    pattern: /(cni config uninitiali[sz]ed|cni plugin not initiali[sz]ed|NetworkPluginNotReady|No networks found in \/|no network config found in)/i,
    cause: 'The container runtime has no loadable CNI config: the directory is empty or its first config does not load.',
    relatedRule: 'cni-config-missing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'aws-ip-exhausted',
    pattern: /add cmd: failed to assign an IP address to container/i,
    cni: 'aws-vpc-cni',
    cause: 'ipamd has no free secondary IP (or prefix) on the node\'s ENIs: the subnet is exhausted or the instance reached its ENI/IP limit.',
    relatedRule: 'ipam-exhausted',
    remediations: [],
  },
  {
    // ipamd's own log line when EC2 refuses more addresses (aws/amazon-vpc-cni-k8s#1585, #1773, cilium/cilium#31016).
    id: 'aws-subnet-exhausted',
    pattern: /(InsufficientCidrBlocks|InsufficientFreeAddressesInSubnet|There aren't sufficient free Ipv4 addresses or prefixes)/i,
    cni: 'aws-vpc-cni',
    cause: 'EC2 refused ipamd more addresses: the node\'s subnet has no free IPs, or (prefix delegation) no free contiguous /28.',
    relatedRule: 'ipam-exhausted',
    remediations: [],
  },
  {
    // libcalico-go ipam.go: "No more free affine blocks and strict affinity enabled", "No IPs available in pools";
    // projectcalico/calico#4861 ("per host block limit"), projectcalico/cni-plugin#920 ("pools are likely exhausted").
    id: 'calico-ipam-exhausted',
    pattern: /(Assigned 0 out of \d+ requested IPv[46] addresses|No more free affine blocks|cannot allocate new block due to per host block limit|Unable to autoassign an address|No IPs available in pools)/i,
    cni: 'calico',
    cause: 'Calico IPAM could not give the pod an address: the node\'s affine blocks are full and no new block can be claimed (pool exhausted, per-host block limit, or strict affinity).',
    relatedRule: 'ipam-exhausted',
    remediations: [],
  },
  {
    // whereabouts pkg/allocate: AssignmentError.Error(); k8snetworkplumbingwg/whereabouts#291, #546.
    id: 'whereabouts-exhausted',
    pattern: /Could not allocate IP in range/i,
    cni: 'whereabouts',
    cause: 'Whereabouts found no free address in the secondary network\'s range: the range is too small, or reservations of deleted pods were never released.',
    relatedRule: 'ipam-exhausted',
    remediations: [],
  },
  {
    id: 'aws-ipamd-unreachable',
    pattern: /Error received from AddNetwork gRPC call.*(127\.0\.0\.1:50051|connection refused)|dial tcp 127\.0\.0\.1:50051: connect: connection refused/i,
    cni: 'aws-vpc-cni',
    cause: 'The aws-cni plugin cannot reach ipamd (aws-node) on the node: aws-node is not running or still starting.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'ip-range-exhausted',
    pattern: /(no IP addresses available in (range|network)|postIpamFailure\s+range is full|range is full|no more free ips)/i,
    cause: 'The node\'s pod IP range is used up, often by addresses leaked from pods that were not torn down cleanly.',
    relatedRule: 'ipam-exhausted',
    remediations: [],
  },
  {
    id: 'calico-node-not-running',
    pattern: /stat \/var\/lib\/calico\/nodename: no such file or directory/i,
    cni: 'calico',
    cause: 'calico-node has not started on this node (it writes /var/lib/calico/nodename), or the path is not mounted.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'calico-unauthorized',
    pattern: /error getting ClusterInformation: connection is unauthorized/i,
    cni: 'calico',
    cause: 'The Calico CNI plugin\'s token (calico-kubeconfig) expired or is invalid; calico-node refreshes it when it runs.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'cilium-agent-unreachable',
    pattern: /(unable to connect to Cilium (agent|daemon)|cilium\.sock: connect: (no such file or directory|connection refused))/i,
    cni: 'cilium',
    cause: 'The cilium-cni plugin cannot reach cilium-agent on the node: the agent is not running or still starting.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'flannel-subnet-env-missing',
    pattern: /(loadFlannelSubnetEnv failed: )?open \/run\/flannel\/subnet\.env: no such file or directory/i,
    cni: 'flannel',
    cause: 'flanneld has not written /run/flannel/subnet.env on this node: kube-flannel is not running here, or a stale flannel config is being used by a cluster that runs another CNI.',
    relatedRule: 'effective-config-unexpected',
    remediations: ['restart-primary-cni-pod', 'remove-leftover-cni-config'],
  },
  {
    id: 'ovn-pod-annotation-timeout',
    pattern: /failed to get pod annotation: timed out waiting for (annotations|the condition)/i,
    cni: 'ovn-kubernetes',
    cause: 'ovnkube-node waited for the pod\'s network annotation from the OVN-Kubernetes control plane, which did not set it (control plane down or slow).',
    relatedRule: 'pod-sandbox-failing',
    remediations: [],
  },
  {
    id: 'antrea-agent-unreachable',
    pattern: /\/var\/run\/antrea\/cni\.sock: connect: (no such file or directory|connection refused)/i,
    cni: 'antrea',
    cause: 'The antrea CNI plugin cannot reach antrea-agent on the node: the agent is not running or still starting.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'weave-unreachable',
    pattern: /unable to allocate IP address: .*127\.0\.0\.1:6784.*connection refused/i,
    cni: 'weave',
    cause: 'The weave-net plugin cannot reach the weave router on the node: weave-net is not running.',
    relatedRule: 'pod-sandbox-failing',
    remediations: ['restart-primary-cni-pod'],
  },
  {
    id: 'multus-delegate-failed',
    pattern: /(error adding container to network "[^"]*"|Multus: error in invoke Delegate add|DelegateAdd: )/i,
    cni: 'multus',
    cause: 'Multus ran a delegate (primary or secondary network) and that plugin failed; the delegate\'s own error follows in the message.',
    relatedRule: 'pod-sandbox-failing',
    remediations: [],
  },
];

/** Kubelet reasons whose messages are matched. */
export const NETWORK_EVENT_REASONS: ReadonlySet<string> = new Set(['FailedCreatePodSandBox', 'NetworkNotReady', 'FailedKillPod']);

/** The first signature a message matches. Bounded: messages are capped before matching. */
export function matchSignature(message: string): SandboxSignature | undefined {
  const text = message.length > 4096 ? message.slice(0, 4096) : message;
  return SIGNATURES.find((s) => s.pattern.test(text));
}

/** Whether a free-form line (e.g. from an offline events.txt) is about pod network setup at all. */
export function isNetworkFailureMessage(message: string): boolean {
  return matchSignature(message) !== undefined
    || /FailedCreatePodSandBox|failed to (setup|set up) network for sandbox|NetworkPlugin cni failed|network is not ready/i.test(message.slice(0, 4096));
}

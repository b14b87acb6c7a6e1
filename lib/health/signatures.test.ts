import { describe, expect, it } from 'vitest';
import { isNetworkFailureMessage, matchSignature, SIGNATURES } from './signatures';

/** Messages as reported publicly (sandbox ids and pod names as in the reports); the link is the source. */
const CASES: Array<{ signature: string; source: string; message: string }> = [
  {
    signature: 'multus-ifname-exists',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1089',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "ea96f1ebb91e1864c90b25f6fc32d5057fd3ef0e61f21b37058c21f721c51ddd": plugin type="multus" name="multus-cni-network" failed (add): [default/samplepod-left/7ae40ded-d051-40f9-ada1-91395c68a08e:nad-host]: error adding container to network "nad-host": DelegateAdd: cannot set "host-device" interface name to "net1": validateIfName: interface name net1 already exists',
  },
  {
    signature: 'multus-ifname-exists',
    source: 'https://github.com/containernetworking/plugins/issues/934',
    message: 'DelegateAdd: cannot set "" interface name to "br0": validateIfName: interface name br0 already exists',
  },
  {
    signature: 'multus-api-unauthorized',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1094',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "bc5e100744cc3e7524cb98ba0e056cb81bad97b85a8c9441602bf92ef4edfff5": Multus: [default/preferred-nodeaffinity-deploy-8599b9d4c8-5czz6/a47656c9-a43f-4f78-b337-fde316150fa9]: error getting pod: Unauthorized',
  },
  {
    signature: 'multus-api-unauthorized',
    source: 'https://github.com/kubernetes-sigs/kubespray/issues/12002',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "43ef99777d521f90deb9b133f141d3580739f1281e8d73b7143d6f91b508f275": plugin type="multus" name="multus-cni-network" failed (add): Multus: [cluster1/test-multus-multicast-receiver-w6xlk/510909da-42cf-4ae3-ae24-53d0b0232bef]: error waiting for pod: Unauthorized',
  },
  {
    signature: 'multus-api-unreachable',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/943',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "bc59dc1e752fde7284d4852bfe9956044721095150a0d36de2d2bb7e632e2a9b": plugin type="multus" name="multus-cni-network" failed (add): Multus: [default/nginx-macvlan/19241d18-e0f9-4ae3-9db6-dba1cf7c256d]: error getting pod: Get "https://[10.96.0.1]:443/api/v1/namespaces/default/pods/nginx-macvlan?timeout=1m0s": dial tcp 10.96.0.1:443: i/o timeout',
  },
  {
    signature: 'multus-api-unreachable',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/743',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "60a7cbd94184581492ab1b6c85c6d61d8d4480252d6b59b942b6bf64da4adf75": Multus: [drone/drone-5c955bf8fd-lg5gg]: error getting pod: Get https://[10.53.0.1]:443/api/v1/namespaces/drone/pods/drone-5c955bf8fd-lg5gg?timeout=1m0s: x509: certificate signed by unknown authority',
  },
  {
    signature: 'multus-daemon-unreachable',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1165',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "6c4a6506c729250579fb62102b7044b98d809835fcf0c3fd7b78eb0c952f73f3": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): failed to send CNI request: Post "http://dummy/cni": dial unix /run/multus/multus.sock: connect: connection refused',
  },
  {
    signature: 'multus-no-default-network',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/1072',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "11ce5f00d56f731f8eada3b7cef6e743f8873ddae8e91527d1d400cd457c1eff": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400: \'&{...} ERRORED: error configuring pod [default/alpine-whsll] networking: Multus: [default/alpine-whsll/9ca09698-bfdb-4b2c-b26a-dbbf6618f787]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: GetCNIConfig: err in GetCNIConfigFromFile: No networks found in /host/etc/cni/net.d',
  },
  {
    signature: 'multus-readiness-indicator',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/pull/633',
    message: 'Multus: [default/web-0/1c2d]: have you checked that your default network is ready? still waiting for readinessindicatorfile @ /var/run/multus/cni/net.d/10-ovn-kubernetes.conf. pollimmediate error: timed out waiting for the condition',
  },
  {
    signature: 'cni-plugin-not-found',
    source: 'https://github.com/cilium/cilium/issues/23870',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "4e4719cbaa7e05ccee9b41be37f362c67df85c6eb9d0c2c4e20a5ed3321382aa": plugin type="cilium-cni" name="cilium" failed (add): failed to find plugin "cilium-cni" in path [/opt/kube/bin]',
  },
  {
    signature: 'cni-plugin-not-found',
    source: 'https://github.com/rancher/rke2/issues/7981',
    message: '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "e9ba9aaa20c718f83f414472baaaefcc33413fd19b3e4968683e0251042cfae0": plugin type="loopback" failed (add): failed to find plugin "loopback" in path [/opt/cni/bin]',
  },
  {
    signature: 'cni-incompatible-version',
    source: 'https://github.com/networkop/meshnet-cni/issues/40',
    message: '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9268d95fc10da9222135c3d889ed602708463680572730e05415213e48e706c3": plugin type="meshnet" name="meshnet" failed (add): incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"]',
  },
  {
    signature: 'cni-not-initialized',
    source: 'https://github.com/mmumshad/kubernetes-the-hard-way/issues/119',
    message: 'Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
  },
  {
    signature: 'cni-not-initialized',
    source: 'https://github.com/cri-o/cri-o/issues/1523',
    message: 'RunPodSandbox from runtime service failed: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_kube-controller-manager-kata_kube-system_94ed0fa540fbf10c0225d82de5e61561_0(35e354e982ccd726a45da51ac613ff9c27e90e75cb97edc04d843788aa614d82): cni config uninitialized',
  },
  {
    signature: 'aws-ip-exhausted',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1791',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "ebb530230479f5cbbb6c2cbebadd117a09f954112064bb2ea7e7db3a7ae0a6ce" network for pod "cityfarm-development-7997fb8976-gtgxp": networkPlugin cni failed to set up pod "cityfarm-development-7997fb8976-gtgxp_default" network: add cmd: failed to assign an IP address to container',
  },
  {
    signature: 'aws-ip-exhausted',
    source: 'https://github.com/aws/karpenter-provider-aws/issues/3989',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "2585244756197a04982514cc97947f5b7f702492df9776871fa3d7d3b3cba718": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
  },
  {
    signature: 'aws-subnet-exhausted',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1836',
    message: '{"level":"error","ts":"2022-02-01T00:15:06.311Z","caller":"ipamd/ipamd.go:1001","msg":"Failed to allocate a private IP/Prefix addresses on ENI eni-0d735700aade4ab83: InsufficientCidrBlocks: The specified subnet does not have enough free cidr blocks to satisfy the request.\\n\\tstatus code: 400, request id: fd5f3b54-8d8f-4f9d-9df6-3de916f965c3"}',
  },
  {
    signature: 'calico-ipam-exhausted',
    source: 'https://github.com/projectcalico/calico/issues/4861',
    message: 'networkPlugin cni failed to set up pod "default1" network: cannot allocate new block due to per host block limit',
  },
  {
    signature: 'whereabouts-exhausted',
    source: 'https://github.com/k8snetworkplumbingwg/whereabouts/issues/291',
    message: 'plugin type="multus" name="multus-cni-network" failed (add): [default/asdasd-1:whereaboutsexample]: error adding container to network "whereaboutsexample": Error at storage engine: Could not allocate IP in range: ip: 10.128.165.32 / - 10.128.165.34 / range: net.IPNet{IP:net.IP{0xa, 0x80, 0xa5, 0x0}, Mask:net.IPMask{0xff, 0xff, 0xff, 0x0}}',
  },
  {
    signature: 'aws-ipamd-unreachable',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1590',
    message: 'Error received from AddNetwork gRPC call for container b85a01e25479f7c87024a621ed5d05c56780c37886fe47e841f58e6a7b0da527: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:50051: connect: connection refused"',
  },
  {
    signature: 'ip-range-exhausted',
    source: 'https://github.com/canonical/microk8s/issues/1147',
    message: '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9a1b3fd9596e428093232c054a1ac7fac47a57c87f5c46dd80dde72e5bbea132": failed to allocate for range 0: no IP addresses available in range set: 10.1.56.1-10.1.56.254',
  },
  {
    signature: 'ip-range-exhausted',
    source: 'https://github.com/cilium/cilium/issues/10627',
    message: 'networkPlugin cni failed to set up pod "pod-to-a-allowed-cnp-5899c44899-lmsr8_default" network: unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure  range is full',
  },
  {
    signature: 'calico-node-not-running',
    source: 'https://github.com/kubernetes/kubernetes/issues/62451',
    message: 'Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "kube-dns-86f4d74b45-kgjbk_kube-system" network: stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/',
  },
  {
    signature: 'calico-unauthorized',
    source: 'https://github.com/projectcalico/calico/issues/8379',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "d9f4c91394d548cca1b189e665fd0532f158bb5bb4407153aa48e1af40afe2f0": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
  },
  {
    signature: 'cilium-agent-unreachable',
    source: 'https://github.com/cilium/cilium/issues/40345',
    message: 'rpc error: code = Unknown desc = failed to setup network for sandbox "eda8bab9e1914ec43190de3df221354a5a9db9b2385bddc2afe02b271d11668b": plugin type="cilium-cni" failed (add): unable to connect to Cilium agent: failed to create cilium agent client after 30.000000 seconds timeout: Get "http://localhost/v1/config": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory',
  },
  {
    signature: 'flannel-subnet-env-missing',
    source: 'https://github.com/flannel-io/flannel/issues/2253',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c05350cf5717b9bcf92a63ffafb7a3d27bd5ad1880de39272e72aa1661e637e": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory',
  },
  {
    signature: 'flannel-subnet-env-missing',
    source: 'https://github.com/kubernetes/website/issues/10377',
    message: 'Failed create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "99e30671c80ab8fe5cedd54fb4edd2ce99ebc45ed120e912d2c7e51f2cab350a" network for pod "node1-6777d4468-d6tvq": NetworkPlugin cni failed to set up pod "node1-6777d4468-d6tvq_default" network: open /run/flannel/subnet.env: no such file or directory',
  },
  {
    signature: 'ovn-pod-annotation-timeout',
    source: 'https://github.com/ovn-kubernetes/ovn-kubernetes/issues/3859',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "c9a97fe6dcc3e0418177fe6e489a74078618ede4c28ec017dee0db1a586ac72d": plugin type="multus" name="multus-cni-network" failed (add): [steve/virt-launcher-vm-client-d6zgg/4ff77701-99f9-4fab-b2e1-2680610f353b:l2-network]: error adding container to network "l2-network": CNI request failed with status 400: \'[steve/virt-launcher-vm-client-d6zgg c9a97fe6dcc3e0418177fe6e489a74078618ede4c28ec017dee0db1a586ac72d network l2-network NAD steve/l2-network] failed to get pod annotation: timed out waiting for annotations: context deadline exceeded',
  },
  {
    signature: 'ovn-pod-annotation-timeout',
    source: 'https://github.com/ovn-kubernetes/ovn-kubernetes/pull/1523',
    message: 'network: [default/web:ovn-kubernetes]: error adding container to network "ovn-kubernetes": CNI request failed with status 400: [default/web] failed to get pod annotation: timed out waiting for the condition',
  },
  {
    signature: 'antrea-agent-unreachable',
    source: 'https://github.com/kubernetes/kubernetes/issues/107127',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3d86404cbfedf687310a59c6ff4f6607263be0add828e0cb6da456512845c67b": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/antrea/cni.sock: connect: no such file or directory"',
  },
  {
    signature: 'weave-unreachable',
    source: 'https://github.com/weaveworks/weave/issues/3998',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "713ed7fc025a5dac1ebd36fb05fe22c1201539d5c734f5373cf512f7d22369ff": plugin type="weave-net" name="weave" failed (add): unable to allocate IP address: Post "http://127.0.0.1:6784/ip/713ed7fc025a5dac1ebd36fb05fe22c1201539d5c734f5373cf512f7d22369ff": dial tcp 127.0.0.1:6784: connect: connection refused',
  },
  {
    signature: 'weave-unreachable',
    source: 'https://github.com/nre-learning/antidote-selfmedicate/issues/71',
    message: 'NetworkPlugin cni failed to set up pod "aweb-7977f6bf4-wp5vz_default" network: Multus: Err in tearing down failed plugins: Multus: error in invoke Delegate add - "weave-net": unable to allocate IP address: Post http://127.0.0.1:6784/ip/70145f85a2ee037987f91a1125678d4467e5bdcc17e4fa0c175ca25419a3ea2b: dial tcp 127.0.0.1:6784: connect: connection refused',
  },
  {
    signature: 'multus-delegate-failed',
    source: 'https://github.com/k8snetworkplumbingwg/multus-cni/issues/581',
    message: 'networkPlugin cni failed to set up pod "samplepod_kube-system" network: [kube-system/samplepod:macvlan-conf]: error adding container to network "macvlan-conf": Link not found',
  },
];

describe('sandbox failure signatures', () => {
  it.each(CASES)('$signature matches the message reported in $source', ({ signature, message }) => {
    expect(matchSignature(message)?.id).toBe(signature);
    expect(isNetworkFailureMessage(message)).toBe(true);
  });

  it('has a tested, real message for every signature in the catalogue', () => {
    const tested = new Set(CASES.map((c) => c.signature));
    expect(SIGNATURES.filter((s) => !tested.has(s.id)).map((s) => s.id)).toEqual([]);
  });

  it('has unique ids and a cause and related rule for each', () => {
    expect(new Set(SIGNATURES.map((s) => s.id)).size).toBe(SIGNATURES.length);
    for (const s of SIGNATURES) expect(s.cause.length * s.relatedRule.length).toBeGreaterThan(0);
  });

  it('leaves unrelated kubelet messages alone', () => {
    for (const m of ['Successfully assigned shop/web-1 to ip-10-0-1-17', 'Back-off pulling image "nginx:latest"', 'Readiness probe failed: HTTP probe failed with statuscode: 503']) {
      expect(matchSignature(m)).toBeUndefined();
      expect(isNetworkFailureMessage(m)).toBe(false);
    }
  });

  it('stays fast on a huge message', () => {
    const huge = `${'x'.repeat(1_000_000)} failed to find plugin "a" in path`;
    expect(matchSignature(huge)).toBeUndefined();
  });
});

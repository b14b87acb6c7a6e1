import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '@/lib/health/offline';
import { diagnoseFleet } from '@/lib/health/diagnose';
import { aFile, aNode, aSandboxFailure, aSnapshot, aStuckPod, AWS_CONFLIST, T0 } from '@/lib/testing/models';
import { ipamOf, type IpamKind } from './ipam';

/** Sandbox failures as reported publicly, verbatim; the link is the source. */
const CASES: Array<{ ipam: IpamKind; source: string; message: string }> = [
  {
    ipam: 'aws-vpc-cni',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/2842',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "661d66f608b5b568c7d4e2e3eb9a2f8b158e3b7dac1ab787542452c00bffb1b5": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
  },
  {
    ipam: 'aws-vpc-cni',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1836',
    message: '{"level":"error","ts":"2022-02-01T00:15:06.311Z","caller":"ipamd/ipamd.go:1001","msg":"Failed to allocate a private IP/Prefix addresses on ENI eni-0d735700aade4ab83: InsufficientCidrBlocks: The specified subnet does not have enough free cidr blocks to satisfy the request.\\n\\tstatus code: 400, request id: fd5f3b54-8d8f-4f9d-9df6-3de916f965c3"}',
  },
  {
    ipam: 'calico-ipam',
    source: 'https://github.com/projectcalico/calico/issues/4861',
    message: 'networkPlugin cni failed to set up pod "default1" network: cannot allocate new block due to per host block limit',
  },
  {
    ipam: 'calico-ipam',
    source: 'https://github.com/projectcalico/calico/blob/master/libcalico-go/lib/ipam/ipam.go',
    message: 'Failed to create pod sandbox: plugin type="calico" failed (add): failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled',
  },
  {
    ipam: 'calico-ipam',
    source: 'https://github.com/projectcalico/cni-plugin/issues/920',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container network for pod: networkPlugin cni failed to set up pod network: Unable to autoassign an address - pools are likely exhausted.',
  },
  {
    ipam: 'host-local',
    source: 'https://github.com/kubernetes/test-infra/issues/13039',
    message: '(combined from similar events): Failed create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "42bf93c90d996c112f711d9bddbd40fbb03e0a5a8eeccee5f38a98c4a494ca90": failed to allocate for range 0: no IP addresses available in range set: 10.60.28.1-10.60.28.254',
  },
  {
    ipam: 'host-local',
    source: 'https://github.com/cloudnativelabs/kube-router/issues/383',
    message: 'NetworkPlugin cni failed to set up pod \\"datadog-agent-4dw8f_default\\" network: failed to allocate for range 0: no IP addresses available in range set: 172.22.5.1-172.22.5.254',
  },
  {
    ipam: 'host-local',
    source: 'https://github.com/containernetworking/cni/issues/417',
    message: 'no IP addresses available in network: [networkname]',
  },
  {
    ipam: 'cilium-ipam',
    source: 'https://github.com/cilium/cilium/issues/10627',
    message: 'networkPlugin cni failed to set up pod "pod-to-a-allowed-cnp-5899c44899-lmsr8_default" network: unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure  range is full',
  },
  {
    ipam: 'whereabouts',
    source: 'https://github.com/k8snetworkplumbingwg/whereabouts/issues/291',
    message: 'rpc error: code = Unknown desc = failed to setup network for sandbox "a8d579efef9622a4f30486ff435fae4006022cb2c54941ba0a0bccda2385c6a9": plugin type="multus" name="multus-cni-network" failed (add): [default/asdasd-1:whereaboutsexample]: error adding container to network "whereaboutsexample": Error at storage engine: Could not allocate IP in range: ip: 10.128.165.32 / - 10.128.165.34 / range: net.IPNet{IP:net.IP{0xa, 0x80, 0xa5, 0x0}, Mask:net.IPMask{0xff, 0xff, 0xff, 0x0}}',
  },
];

/** Failures that are not about address exhaustion: the IPAM rule stays quiet. */
const NOT_IPAM = [
  // https://github.com/projectcalico/calico/issues/5093: an address conflict, not exhaustion.
  'networkPlugin cni failed to set up pod "nginx-app-58bf799966-vdpdh_default" network: [default/nginx-app-58bf799966-vdpdh/:k8s-pod-network]: error adding container to network "k8s-pod-network": error getting IP from IPAM: resource already exists: 10.233.110.22',
  // https://github.com/aws/amazon-vpc-cni-k8s/issues/1590: ipamd down, not out of addresses.
  'Error received from AddNetwork gRPC call for container b85a01e25479f7c87024a621ed5d05c56780c37886fe47e841f58e6a7b0da527: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:50051: connect: connection refused"',
];

describe('ipam-exhausted', () => {
  it.each(CASES.map((c) => [c.ipam, c.source, c] as const))('%s (%s): the message names its IPAM', (_k, _s, c) => {
    expect(ipamOf(c.message)).toBe(c.ipam);
  });

  it.each(NOT_IPAM.map((m) => [m.slice(0, 60), m] as const))('not exhaustion: %s', (_l, m) => {
    expect(ipamOf(m)).toBeUndefined();
  });

  it('counts the pods failing per IPAM on a live node, with their messages', () => {
    const node = aNode('ip-10-0-1-7');
    const pods = [aStuckPod('web-1', node.name, -30), aStuckPod('web-2', node.name, -20), aStuckPod('db-1', node.name, -10)];
    const events = [
      aSandboxFailure(pods[0]!, { message: CASES[0]!.message }),
      aSandboxFailure(pods[1]!, { message: CASES[0]!.message }),
      aSandboxFailure(pods[2]!, { message: CASES.find((c) => c.ipam === 'whereabouts')!.message }),
    ];
    const [d] = diagnoseFleet({ nodes: [node], pods, events, snapshots: [aSnapshot(node.name, [aFile('10-aws.conflist', AWS_CONFLIST)])], now: T0 });
    const ipam = d!.findings.filter((f) => f.ruleId === 'ipam-exhausted');
    expect(ipam.map((f) => f.title)).toEqual([
      'AWS VPC CNI (ipamd) is out of addresses on this node: 2 pods cannot start',
      'Whereabouts (secondary network) is out of addresses on this node: 1 pod cannot start',
    ]);
    expect(ipam[0]!.evidence[0]).toEqual({ pod: 'shop/web-1', message: CASES[0]!.message, signature: 'aws-ip-exhausted' });
    expect(ipam[0]!.explanation).toContain('Manual steps: (1)');
    expect(d!.verdict).toBe('broken');
  });

  it('reads offline event lines: host-local leak names the reservation directory', () => {
    const files = [aFile('10-flannel.conflist', { name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] })];
    const report = analyzeBundle([{ name: 'k3s-1', confDir: '/etc/cni/net.d', files, messages: [CASES[5]!.message] }], T0);
    const f = report.nodes[0]!.findings.find((x) => x.ruleId === 'ipam-exhausted')!;
    expect(f.title).toBe('host-local IPAM is out of addresses on this node: 1 sandbox failure cannot start');
    expect(f.explanation).toContain('/var/lib/cni/networks/');
  });

  it('stays quiet on a healthy node and on failures that are not exhaustion', () => {
    const node = aNode('ip-10-0-1-8');
    const stuck = aStuckPod('web-3', node.name, -30);
    const [quiet] = diagnoseFleet({ nodes: [node], pods: [stuck], events: [aSandboxFailure(stuck, { message: NOT_IPAM[1]! })], snapshots: [aSnapshot(node.name, [aFile('10-aws.conflist', AWS_CONFLIST)])], now: T0 });
    expect(quiet!.findings.map((f) => f.ruleId)).not.toContain('ipam-exhausted');
    const [healthy] = diagnoseFleet({ nodes: [node], pods: [], events: [], snapshots: [aSnapshot(node.name, [aFile('10-aws.conflist', AWS_CONFLIST)])], now: T0 });
    expect(healthy!.verdict).toBe('healthy');
  });
});

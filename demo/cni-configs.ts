/**
 * The files in /etc/cni/net.d of an EKS node running Multus (thin plugin) in
 * front of the AWS VPC CNI, healthy and broken.
 *
 * - `10-aws.conflist` is aws-node's template (amazon-vpc-cni-k8s misc/10-aws.conflist)
 *   with its placeholders filled in, so it keeps the template's layout.
 * - `00-multus.conf` is what Multus generates with `--multus-conf-file=auto`:
 *   the first config it finds, parsed and embedded as the single delegate,
 *   with the delegate's capabilities lifted up. Go's json.Marshal writes it on
 *   one line. When the first config Multus finds is its own earlier
 *   00-multus.conf (it sorts before 10-aws.conflist), the delegate is a whole
 *   Multus config: the self-nesting of the incident.
 */

export const CONF_DIR = '/etc/cni/net.d';
export const BIN_DIR = '/opt/cni/bin';
export const AWS_CONFLIST = '10-aws.conflist';
export const MULTUS_CONF = '00-multus.conf';
export const MULTUS_KUBECONFIG = '/etc/cni/net.d/multus.d/multus.kubeconfig';

/** aws-vpc-cni-init copies its plugins, Multus's init container adds `multus`, the rest ship with the AMI. */
export const CNI_BINARIES = [
  'aws-cni', 'aws-cni-support.sh', 'bandwidth', 'bridge', 'dhcp', 'dummy', 'egress-cni', 'firewall', 'host-device',
  'host-local', 'ipvlan', 'loopback', 'macvlan', 'multus', 'portmap', 'ptp', 'sbr', 'static', 'tap', 'tuning', 'vlan', 'vrf',
];

export function awsConflist(nodeIP: string): string {
  return `{
  "cniVersion": "0.4.0",
  "name": "aws-cni",
  "disableCheck": true,
  "plugins": [
    {
      "name": "aws-cni",
      "type": "aws-cni",
      "vethPrefix": "eni",
      "mtu": "9001",
      "podSGEnforcingMode": "strict",
      "pluginLogFile": "/var/log/aws-routed-eni/plugin.log",
      "pluginLogLevel": "DEBUG",
      "capabilities": {"io.kubernetes.cri.pod-annotations": true}
    },
    {
      "name": "egress-cni",
      "type": "egress-cni",
      "mtu": "9001",
      "enabled": "false",
      "randomizeSNAT": "prng",
      "nodeIP": "${nodeIP}",
      "ipam": {
         "type": "host-local",
         "ranges": [[{"subnet": "fd00::ac:00/118"}]],
         "routes": [{"dst": "::/0"}],
         "dataDir": "/run/cni/v4pd/egress-v6-ipam"
      },
      "pluginLogFile": "/var/log/aws-routed-eni/egress-v6-plugin.log",
      "pluginLogLevel": "DEBUG"
    },
    {
      "type": "portmap",
      "capabilities": {"portMappings": true},
      "snat": true
    }
  ]
}
`;
}

type Json = Record<string, unknown>;

/** Capabilities Multus advertises: the union of the delegate's (and its plugins') capabilities. */
function capabilitiesOf(delegate: Json): Record<string, boolean> {
  const caps: Record<string, boolean> = {};
  const collect = (c: unknown): void => {
    if (c && typeof c === 'object') for (const [k, v] of Object.entries(c)) if (v === true) caps[k] = true;
  };
  collect(delegate.capabilities);
  if (Array.isArray(delegate.plugins)) for (const p of delegate.plugins as Json[]) collect(p.capabilities);
  return Object.fromEntries(Object.entries(caps).sort(([a], [b]) => a.localeCompare(b)));
}

/** Multus's generated config wrapping `delegateText` (the content of the first config file it found). */
export function multusConfWrapping(delegateText: string): string {
  const delegate = JSON.parse(delegateText) as Json;
  return `${JSON.stringify({
    cniVersion: typeof delegate.cniVersion === 'string' ? delegate.cniVersion : '0.4.0',
    name: 'multus-cni-network',
    type: 'multus',
    capabilities: capabilitiesOf(delegate),
    kubeconfig: MULTUS_KUBECONFIG,
    delegates: [delegate],
  })}\n`;
}

/** The healthy pair: Multus wrapping the AWS VPC CNI conflist. */
export function healthyFiles(nodeIP: string): { name: string; content: string }[] {
  const aws = awsConflist(nodeIP);
  return [
    { name: MULTUS_CONF, content: multusConfWrapping(aws) },
    { name: AWS_CONFLIST, content: aws },
  ];
}

/** Multus restarted and found its own stale 00-multus.conf first: it wraps itself once more. */
export function selfNestedMultus(existingMultusConf: string): string {
  return multusConfWrapping(existingMultusConf);
}

/** How many Multus configs are stacked in a 00-multus.conf (1 is healthy). */
export function multusDepth(content: string): number {
  let depth = 0;
  let cur: unknown = JSON.parse(content);
  while (cur && typeof cur === 'object' && (cur as Json).type === 'multus') {
    depth++;
    const delegates = (cur as Json).delegates;
    cur = Array.isArray(delegates) ? delegates[0] : undefined;
  }
  return depth;
}

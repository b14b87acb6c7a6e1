/**
 * Namespaces and the ConfigMaps every EKS cluster has, so that label
 * selectors have something to exclude and `kubectl get cm -A` looks familiar.
 */
import { DAY, sha256Hex } from '../builders/meta';
import { buildConfigMap, buildNamespace } from '../builders/workload';
import type { ConfigMapObject, NamespaceObject } from '../types';

export const NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'cni-health', 'shop', 'payments', 'search'] as const;

export function namespaces(now: number): NamespaceObject[] {
  return NAMESPACES.map((ns, i) => buildNamespace(ns, now - (i < 4 ? 23 * DAY + 3_600_000 : 21 * DAY), ns === 'shop' || ns === 'payments' ? { team: ns } : {}));
}

/** A certificate-shaped blob: the content is never parsed, only its shape matters. */
function fakeCertificate(seed: string): string {
  let body = '';
  for (let i = 0; body.length < 1024; i++) body += Buffer.from(sha256Hex(`${seed}:${i}`), 'hex').toString('base64');
  const lines = body.slice(0, 1024).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const COREFILE = `.:53 {
    errors
    health {
        lameduck 5s
      }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;

const AWS_AUTH = `- groups:
  - system:bootstrappers
  - system:nodes
  rolearn: arn:aws:iam::123456789012:role/eks-general-v3-node-role
  username: system:node:{{EC2PrivateDNSName}}
- groups:
  - system:bootstrappers
  - system:nodes
  rolearn: arn:aws:iam::123456789012:role/eks-general-spot-v3-node-role
  username: system:node:{{EC2PrivateDNSName}}
`;

const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  acceptContentTypes: ""
  burst: 10
  contentType: application/vnd.kubernetes.protobuf
  kubeconfig: /var/lib/kube-proxy/kubeconfig
  qps: 5
clusterCIDR: ""
conntrack:
  maxPerCore: 32768
  min: 131072
  tcpCloseWaitTimeout: 1h0m0s
  tcpEstablishedTimeout: 24h0m0s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: "iptables"
`;

export function clusterConfigMaps(now: number): ConfigMapObject[] {
  const created = now - 23 * DAY;
  const ca = fakeCertificate('cluster-ca');
  const rootCAs = NAMESPACES.map((ns, i) => buildConfigMap({
    name: 'kube-root-ca.crt', namespace: ns, createdAt: created + i * 1000,
    annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' },
    data: { 'ca.crt': ca },
  }));
  return [
    ...rootCAs,
    buildConfigMap({ name: 'aws-auth', namespace: 'kube-system', createdAt: created, manager: 'eks', data: { mapRoles: AWS_AUTH } }),
    buildConfigMap({ name: 'coredns', namespace: 'kube-system', createdAt: created, manager: 'eks', labels: { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' }, data: { Corefile: COREFILE } }),
    buildConfigMap({ name: 'kube-proxy-config', namespace: 'kube-system', createdAt: created, manager: 'eks', labels: { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' }, data: { config: KUBE_PROXY_CONFIG } }),
    buildConfigMap({ name: 'amazon-vpc-cni', namespace: 'kube-system', createdAt: created, manager: 'eks', labels: { 'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node', 'app.kubernetes.io/version': 'v1.18.3' }, data: { 'branch-eni-cooldown': '60', 'enable-network-policy-controller': 'false', 'enable-windows-ipam': 'false', 'enable-windows-prefix-delegation': 'false', 'minimum-ip-target': '3', 'warm-ip-target': '1', 'warm-prefix-target': '0' } }),
    buildConfigMap({ name: 'extension-apiserver-authentication', namespace: 'kube-system', createdAt: created, manager: 'kube-apiserver', data: { 'client-ca-file': ca, 'requestheader-allowed-names': '["front-proxy-client"]', 'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]', 'requestheader-group-headers': '["X-Remote-Group"]', 'requestheader-username-headers': '["X-Remote-User"]' } }),
    buildConfigMap({ name: 'checkout-config', namespace: 'shop', createdAt: now - 9 * DAY, manager: 'argocd-controller', labels: { app: 'checkout', 'app.kubernetes.io/instance': 'shop' }, data: { 'application.yaml': 'payments:\n  endpoint: https://payments-api.payments.svc.cluster.local:8443\n  timeoutMs: 2500\ncart:\n  endpoint: http://cart.shop.svc.cluster.local:8080\n' } }),
    buildConfigMap({ name: 'payments-api-config', namespace: 'payments', createdAt: now - 12 * DAY, manager: 'argocd-controller', labels: { app: 'payments-api', 'app.kubernetes.io/instance': 'payments' }, data: { LOG_LEVEL: 'info', PSP_REGION: 'eu', RETRY_BUDGET: '3' } }),
  ];
}

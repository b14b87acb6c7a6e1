/**
 * Credentials never leave the node: the agent publishes a kubeconfig's
 * token as its JWT claims only (probe `token`), and a file in the config
 * directory that holds credentials (Calico's calico-kubeconfig) with them
 * replaced. Token shape as in https://github.com/spidernet-io/spiderpool/issues/2182
 * (a Multus kubeconfig whose token had expired); the claims here are made up.
 */
import { describe, expect, it } from 'vitest';
import { agentHarness, MULTUS, PRIMARY, sha, snapshotWhen } from './test-support';

const h = agentHarness();

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const SIGNATURE = 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk';
const jwt = (claims: object): string => `${b64({ alg: 'RS256', kid: 'j9t-pe5VPsZ7' })}.${b64(claims)}.${SIGNATURE}`;
const kubeconfig = (token: string, user = 'multus'): string => `# Kubeconfig file for Multus CNI plugin.
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://[10.249.0.1]:443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
users:
- name: ${user}
  user:
    token: "${token}"
contexts:
- name: ${user}-context
  context:
    cluster: local
    user: ${user}
current-context: ${user}-context
`;

describe('the agent and credentials', () => {
  it('publishes the Multus kubeconfig token\'s exp, iat and aud, never the token; redacts a kubeconfig in the directory', async () => {
    const multusToken = jwt({ aud: ['https://kubernetes.default.svc.cluster.local'], exp: 1691733798, iat: 1691730198, iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:kube-system:multus' });
    const calicoToken = jwt({ aud: ['https://kubernetes.default.svc'], exp: 1893456000, iat: 1893369600, sub: 'system:serviceaccount:kube-system:calico-cni-plugin' });
    const calicoKubeconfig = kubeconfig(calicoToken, 'calico');
    const { node } = await h.setup({ '00-multus.conf': MULTUS, '10-aws.conflist': PRIMARY, 'multus.d/multus.kubeconfig': kubeconfig(multusToken), 'calico-kubeconfig': calicoKubeconfig });
    const { doc, cm } = await snapshotWhen(h.cluster, node, h.streams, () => true);
    expect(doc.probes).toEqual([{ path: '/etc/cni/net.d/multus.d/multus.kubeconfig', exists: true, token: { exp: 1691733798, iat: 1691730198, aud: ['https://kubernetes.default.svc.cluster.local'] } }]);
    const published = JSON.stringify(cm);
    for (const secret of [multusToken, calicoToken, multusToken.split('.')[1]!, calicoToken.split('.')[1]!, SIGNATURE]) expect(published).not.toContain(secret);
    const calico = doc.files.find((f) => f.name === 'calico-kubeconfig')!;
    expect(calico).toMatchObject({ redacted: true, sha256: sha(calicoKubeconfig), size: Buffer.byteLength(calicoKubeconfig) });
    expect(calico.content).toContain('token: "REDACTED"');
    expect(doc.files.find((f) => f.name === '10-aws.conflist')).not.toHaveProperty('redacted');
  });
});

import { describe, expect, it } from 'vitest';
import { jwtClaims, kubeconfigTokenClaims, redactCredentials } from './token-claims';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown): string => `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;

describe('token claims', () => {
  it('keeps exp, iat and aud (bounded) and nothing else', () => {
    expect(jwtClaims(jwt({ exp: 1691733798, iat: 1691730198, aud: 'api', sub: 'system:serviceaccount:kube-system:multus', 'kubernetes.io': { pod: { name: 'x' } } }))).toEqual({ exp: 1691733798, iat: 1691730198, aud: ['api'] });
    expect(jwtClaims(jwt({ aud: Array.from({ length: 10 }, () => 'a'.repeat(300)) }))!.aud).toEqual(Array.from({ length: 4 }, () => 'a'.repeat(256)));
  });

  it('ignores what is not a JWT with usable claims', () => {
    for (const t of ['', 'abc', 'a.b.c', `${b64({})}.%%%.x`, `${b64({})}.${b64([1])}.x`, `${b64({})}.${Buffer.from('not json').toString('base64url')}.x`]) expect(jwtClaims(t), t).toBeUndefined();
    expect(jwtClaims(jwt({ exp: 'soon', iat: -5 }))).toEqual({});
    expect(kubeconfigTokenClaims('users:\n- name: x\n  user:\n    client-certificate-data: LS0t\n')).toBeUndefined();
    expect(kubeconfigTokenClaims(`token: ${jwt({ exp: 5 })}\n${' '.repeat(70_000)}`)).toBeUndefined();
  });

  it('redacts tokens, keys and passwords in kubeconfigs and JSON configs, and leaves ordinary configs alone', () => {
    const yaml = `users:\n- name: calico\n  user:\n    token: ${jwt({ exp: 1 })}\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==\n    password: hunter2\n`;
    const r = redactCredentials(yaml);
    expect(r.redacted).toBe(true);
    expect(r.text).toBe('users:\n- name: calico\n  user:\n    token: REDACTED\n    client-key-data: "REDACTED"\n    password: "REDACTED"\n');
    // Calico before v3 put the token in its CNI config (policy.k8s_auth_token).
    const json = '{"name":"k8s-pod-network","type":"calico","policy":{"type":"k8s","k8s_api_root":"https://10.96.0.1:443","k8s_auth_token":"abc.def"}}';
    const j = redactCredentials(json);
    expect(JSON.parse(j.text).policy.k8s_auth_token).toBe('REDACTED');
    const plain = '{"cniVersion":"0.3.1","name":"cbr0","plugins":[{"type":"flannel","delegate":{"hairpinMode":true}},{"type":"portmap","capabilities":{"portMappings":true}}],"kubeconfig":"/etc/cni/net.d/multus.d/multus.kubeconfig"}';
    expect(redactCredentials(plain)).toEqual({ text: plain, redacted: false });
    expect(redactCredentials(r.text)).toEqual({ text: r.text, redacted: false });
  });
});

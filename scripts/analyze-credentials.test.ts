/**
 * `npm run analyze` on kubeconfigs in a bundle: the token's expiry is judged,
 * the token never printed. Token shape as in https://github.com/spidernet-io/spiderpool/issues/2182.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const EXPIRED = `${b64({ alg: 'RS256' })}.${b64({ aud: ['https://kubernetes.default.svc.cluster.local'], exp: 1691733798, iat: 1691730198, sub: 'system:serviceaccount:kube-system:multus' })}.c2ln`;
const LASTING = `${b64({ alg: 'RS256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 300 * 86_400, iat: Math.floor(Date.now() / 1000) - 65 * 86_400 })}.c2ln`;
const FLANNEL = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] });
const MULTUS = JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(FLANNEL)] });
const kubeconfig = (token: string): string => `apiVersion: v1\nkind: Config\nusers:\n- name: multus\n  user:\n    token: "${token}"\n`;

let bundle: string;

beforeAll(async () => {
  bundle = await mkdtemp(join(tmpdir(), 'analyze-tokens-'));
  for (const [node, token] of [['expired', EXPIRED], ['lasting', LASTING]] as const) {
    await mkdir(join(bundle, node, 'multus.d'), { recursive: true });
    await writeFile(join(bundle, node, '00-multus.conf'), MULTUS);
    await writeFile(join(bundle, node, '10-flannel.conflist'), FLANNEL);
    await writeFile(join(bundle, node, 'multus.d', 'multus.kubeconfig'), kubeconfig(token));
  }
});

afterAll(async () => {
  await rm(bundle, { recursive: true, force: true });
});

describe('npm run analyze and kubeconfig tokens', () => {
  it('breaks the node whose Multus token expired, not the other, and never prints a token', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/analyze.ts', bundle, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { nodes: Array<{ node: string; verdict: string; findings: Array<{ ruleId: string }> }> };
    const by = new Map(report.nodes.map((n) => [n.node, n]));
    expect(by.get('expired')!.verdict).toBe('broken');
    expect(by.get('expired')!.findings.map((f) => f.ruleId)).toContain('cni-kubeconfig-token-expired');
    expect(by.get('lasting')!.verdict).toBe('healthy');
    for (const t of [EXPIRED, LASTING]) expect(r.stdout).not.toContain(t.split('.')[1]);
    // A cold tsx start of the CLI takes seconds on a loaded machine; this is a budget for the run, not an assertion on speed.
  }, 60_000);
});

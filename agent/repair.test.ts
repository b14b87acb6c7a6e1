/**
 * Repair requests (docs/repair-protocol.md) performed by the real agent on a
 * temp directory, through the demo cluster's API: the nested file is kept in
 * the backup directory and replaced in place by its un-nested content, and
 * the status says Succeeded; a request whose sha256s are not the file on disk
 * and what the agent derives from it is Rejected and changes nothing; so is
 * a v1alpha1 (move-aside) request; an agent without repair enabled answers
 * Rejected with the reason instead of leaving the dashboard waiting.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unnestMultusConfig } from '../lib/cni/unnest';
import { REPAIR_BACKUP_DIR, repairRequestConfigMap, REPAIR_STATUS_KEY, unnestRequest, type RepairRequestInput, type RepairStatus } from '../lib/remediation/protocol';
import { call, observe } from '../demo/test-support';
import type { ConfigMapObject } from '../demo/types';
import { agentHarness, MULTUS, NESTED_MULTUS, PRIMARY, sha, snapshotWhen, type Fixture } from './test-support';

const h = agentHarness();
const { streams } = h;

async function brokenNode(repair: boolean, multus = NESTED_MULTUS): Promise<{ node: string; d: Fixture }> {
  const { node, d } = await h.setup({ '00-multus.conf': multus, '10-aws.conflist': PRIMARY }, { repair });
  await snapshotWhen(h.cluster, node, streams, () => true);
  return { node, d };
}

function requestFor(node: string, previewed: string, over: Partial<RepairRequestInput> = {}): RepairRequestInput {
  const r = unnestRequest({ node, content: previewed, requestedBy: 'admin', requestedAt: new Date().toISOString(), reason: 'multus-nested-delegates' }, sha);
  if (!r.ok) throw new Error(r.reason);
  return { ...r.request, ...over };
}

async function requestRepair(node: string, request: unknown): Promise<string> {
  const cm = repairRequestConfigMap(requestFor(node, NESTED_MULTUS), { suffix: Math.random().toString(36).slice(2, 8), sha256Hex: sha });
  cm.data['request.json'] = JSON.stringify(request);
  const res = await call<ConfigMapObject>(h.cluster, 'POST', '/api/v1/namespaces/cni-health/configmaps', cm);
  expect(res.status).toBe(201);
  return res.body.metadata.name;
}

async function statusOf(name: string): Promise<RepairStatus> {
  const w = await observe<ConfigMapObject>(h.cluster, `/api/v1/namespaces/cni-health/configmaps?fieldSelector=metadata.name%3D${name}`, streams);
  const cms = await w.until((m) => [...m.values()].some((x) => x.data[REPAIR_STATUS_KEY] !== undefined));
  return JSON.parse([...cms.values()][0]?.data[REPAIR_STATUS_KEY] ?? '{}') as RepairStatus;
}

describe('repair requests', () => {
  it('keeps the nested file as a backup, replaces it in place with its un-nested content, republishes, and reports Succeeded', async () => {
    const { node, d } = await brokenNode(true);
    const unnested = unnestMultusConfig(NESTED_MULTUS);
    if (!unnested.ok) throw new Error(unnested.reason);
    const st = await statusOf(await requestRepair(node, requestFor(node, NESTED_MULTUS)));
    expect(st).toMatchObject({
      phase: 'Succeeded', agent: { node, version: '0.1.0' },
      replaced: { file: '00-multus.conf', sha256: sha(NESTED_MULTUS), resultSha256: sha(unnested.content), backup: expect.stringMatching(/^\/etc\/cni\/net\.d\/\.cni-health-backup\/00-multus\.conf\.\d{8}T\d{6}Z$/) },
    });
    expect(st.message).toContain('un-nested /etc/cni/net.d/00-multus.conf in place (2 Multus levels to 1)');
    // No temporary file left behind, and never a moment without 00-multus.conf: it was renamed over.
    expect((await readdir(d.confDir)).sort()).toEqual([REPAIR_BACKUP_DIR, '00-multus.conf', '10-aws.conflist']);
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(unnested.content);
    expect(JSON.parse(unnested.content)).toEqual(JSON.parse(MULTUS));
    const backup = join(d.confDir, REPAIR_BACKUP_DIR, (st.replaced?.backup ?? '').split('/').at(-1) ?? '');
    expect(sha(await readFile(backup))).toBe(sha(NESTED_MULTUS));
    // The snapshot was republished before the status was written: no wait needed for it.
    const { doc } = await snapshotWhen(h.cluster, node, streams, () => true);
    expect(doc.files.map((f) => [f.name, f.sha256])).toEqual([['00-multus.conf', sha(unnested.content)], ['10-aws.conflist', sha(PRIMARY)]]);
    expect(doc.revision).toBe(2);
  });

  it('rejects a request whose sha256 is not the file on disk, or whose result is not what the agent derives, and keeps the file', async () => {
    const { node, d } = await brokenNode(true);
    const st = await statusOf(await requestRepair(node, requestFor(node, NESTED_MULTUS, { expectedSha256: sha('what the user did not see') })));
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/^00-multus\.conf changed since the preview/) });
    expect(st.replaced).toBeUndefined();
    // The request cannot choose the content: a result hash other than the agent's own derivation is refused.
    const other = await statusOf(await requestRepair(node, requestFor(node, NESTED_MULTUS, { expectedResultSha256: sha('{"type":"multus","delegates":[{"type":"evil"}]}\n') })));
    expect(other).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/is not the one previewed/) });
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(NESTED_MULTUS);
    expect(await readdir(d.confDir)).not.toContain(REPAIR_BACKUP_DIR);
  });

  it('refuses a file that is not self-nested, and a v1alpha1 (move-aside) request, changing nothing', async () => {
    const { node, d } = await brokenNode(true, MULTUS);
    const healthy = await statusOf(await requestRepair(node, { ...requestFor(node, NESTED_MULTUS), expectedSha256: sha(MULTUS) }));
    expect(healthy).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/cannot be un-nested: the file is not self-nested/) });
    const legacy = {
      apiVersion: 'cni-health.io/v1alpha1', kind: 'CNIRepairRequest', node, action: 'remove-generated-config', file: '00-multus.conf',
      expectedSha256: sha(MULTUS), requestedBy: 'admin', requestedAt: new Date().toISOString(), reason: 'multus-nested-delegates',
    };
    const st = await statusOf(await requestRepair(node, legacy));
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/^cni-health\.io\/v1alpha1 requests .* are no longer performed/) });
    expect((await readdir(d.confDir)).sort()).toEqual(['00-multus.conf', '10-aws.conflist']);
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(MULTUS);
  });

  it('answers Rejected with the reason when repair is not enabled on the agent', async () => {
    const { node, d } = await brokenNode(false);
    const st = await statusOf(await requestRepair(node, requestFor(node, NESTED_MULTUS)));
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringContaining(`repair is off on ${node}: not enabled`) });
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(NESTED_MULTUS);
  });
});

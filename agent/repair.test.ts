/**
 * Repair requests (docs/repair-protocol.md) performed by the real agent on a
 * temp directory, through the demo cluster's API: the file is renamed into
 * the backup directory and the status says Succeeded; a request whose sha256
 * is not the file on disk is Rejected and changes nothing; an agent without
 * repair enabled answers Rejected with the reason instead of leaving the
 * dashboard waiting.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPAIR_BACKUP_DIR, repairRequestConfigMap, REPAIR_STATUS_KEY, type RepairStatus } from '../lib/remediation/protocol';
import { call, observe } from '../demo/test-support';
import type { ConfigMapObject } from '../demo/types';
import { agentHarness, NESTED_MULTUS, PRIMARY, sha, snapshotWhen, type Fixture } from './test-support';

const h = agentHarness();
const { streams } = h;

async function brokenNode(repair: boolean): Promise<{ node: string; d: Fixture }> {
  const { node, d } = await h.setup({ '00-multus.conf': NESTED_MULTUS, '10-aws.conflist': PRIMARY }, { repair });
  await snapshotWhen(h.cluster, node, streams, () => true);
  return { node, d };
}

async function requestRepair(node: string, expectedSha256: string): Promise<string> {
  const cm = repairRequestConfigMap({
    apiVersion: 'cni-health.io/v1alpha1', kind: 'CNIRepairRequest', node, action: 'remove-generated-config', file: '00-multus.conf',
    expectedSha256, requestedBy: 'admin', requestedAt: new Date().toISOString(), reason: 'multus-nested-delegates',
  }, { suffix: Math.random().toString(36).slice(2, 8), sha256Hex: sha });
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
  it('moves the previewed file into the backup directory, republishes, and reports Succeeded', async () => {
    const { node, d } = await brokenNode(true);
    const name = await requestRepair(node, sha(NESTED_MULTUS));
    const st = await statusOf(name);
    expect(st).toMatchObject({
      phase: 'Succeeded', agent: { node, version: '0.1.0' },
      removed: { file: '00-multus.conf', sha256: sha(NESTED_MULTUS), backup: expect.stringMatching(/^\/etc\/cni\/net\.d\/\.cni-health-backup\/00-multus\.conf\.\d{8}T\d{6}Z$/) },
    });
    expect(st.message).toContain(`restart the Multus pod on ${node}`);
    expect((await readdir(d.confDir)).sort()).toEqual([REPAIR_BACKUP_DIR, '10-aws.conflist']);
    const backup = join(d.confDir, REPAIR_BACKUP_DIR, (st.removed?.backup ?? '').split('/').at(-1) ?? '');
    expect(sha(await readFile(backup))).toBe(sha(NESTED_MULTUS));
    // The snapshot was republished before the status was written: no wait needed for it.
    const { doc } = await snapshotWhen(h.cluster, node, streams, () => true);
    expect(doc.files.map((f) => f.name)).toEqual(['10-aws.conflist']);
    expect(doc.revision).toBe(2);
  });

  it('rejects a request whose sha256 is not the file on disk, and keeps the file', async () => {
    const { node, d } = await brokenNode(true);
    const st = await statusOf(await requestRepair(node, sha('what the user did not see')));
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/^00-multus\.conf changed since the preview/) });
    expect(st.removed).toBeUndefined();
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(NESTED_MULTUS);
  });

  it('answers Rejected with the reason when repair is not enabled on the agent', async () => {
    const { node, d } = await brokenNode(false);
    const st = await statusOf(await requestRepair(node, sha(NESTED_MULTUS)));
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringContaining(`repair is off on ${node}: not enabled`) });
    expect(await readFile(join(d.confDir, '00-multus.conf'), 'utf8')).toBe(NESTED_MULTUS);
  });
});

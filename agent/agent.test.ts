/**
 * The agent against a temp directory and the demo cluster's API over HTTP:
 * what it publishes first, how a change in the directory becomes a new
 * revision, how history rotates, what a heartbeat does and does not change,
 * a conflicting write retried, and the size budget with huge files.
 */
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, SNAPSHOT_FILE_CAP, SNAPSHOT_LABEL, SNAPSHOT_MAX_BYTES, SNAPSHOT_NODE_ANNOTATION } from '../lib/cni/snapshot';
import { digestOf } from '../demo/snapshots';
import { call } from '../demo/test-support';
import type { ConfigMapObject } from '../demo/types';
import { agentConfig, agentHarness, freshNode, MULTUS, PRIMARY, sha, snapshotWhen, startAgent, tempNodeDirs } from './test-support';

const h = agentHarness();
const { streams, agents, dirs } = h;
const setup = h.setup;

describe('the snapshot agent', () => {
  it('publishes the directory as it is: files, hashes, binaries, probes, revision 1, labelled and annotated', async () => {
    const { node } = await setup({ '00-multus.conf': MULTUS, '10-aws.conflist': PRIMARY, 'multus.d/multus.kubeconfig': 'apiVersion: v1\n', '10-calico.conflist.cilium_bak': '{}' });
    const { doc, cm } = await snapshotWhen(h.cluster, node, streams, () => true);
    expect(cm.metadata.labels?.[SNAPSHOT_LABEL]).toBe('v1alpha1');
    expect(cm.metadata.annotations?.[SNAPSHOT_NODE_ANNOTATION]).toBe(node);
    expect(Object.keys(cm.data)).toEqual([SNAPSHOT_DATA_KEY]);
    expect(doc).toMatchObject({ node, confDir: '/etc/cni/net.d', binDir: '/opt/cni/bin', revision: 1, history: [], truncated: false, binaries: ['aws-cni', 'loopback', 'multus', 'portmap'] });
    // Sub-directories are not files; what the configs need from them is probed, under its host path.
    expect(doc.files.map((f) => f.name)).toEqual(['00-multus.conf', '10-aws.conflist', '10-calico.conflist.cilium_bak']);
    expect(doc.files[1]).toMatchObject({ size: Buffer.byteLength(PRIMARY), sha256: sha(PRIMARY), content: PRIMARY, truncated: false });
    expect(doc.probes).toEqual([{ path: '/etc/cni/net.d/multus.d/multus.kubeconfig', exists: true }]);
    // The digest is the one the format defines (and the demo computes), so nodes group by it.
    expect(doc.digest).toBe(digestOf(doc.files));
    expect(doc.observedAt).toBeDefined();
  });

  it('publishes a new revision when a file changes, with the previous one in the history', async () => {
    const { node, d } = await setup({ '10-aws.conflist': PRIMARY });
    const first = await snapshotWhen(h.cluster, node, streams, () => true);
    await d.write('00-multus.conf', MULTUS);
    const { doc } = await snapshotWhen(h.cluster, node, streams, (s) => s.revision === 2);
    expect(doc.files.map((f) => f.name)).toEqual(['00-multus.conf', '10-aws.conflist']);
    expect(doc.history).toEqual([{ revision: 1, observedAt: first.doc.observedAt, digest: first.doc.digest, files: [{ name: '10-aws.conflist', sha256: sha(PRIMARY), size: Buffer.byteLength(PRIMARY), content: PRIMARY }] }]);
    expect(Date.parse(doc.observedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.doc.observedAt ?? ''));
  });

  it('keeps only the last N revisions, newest first', async () => {
    const { node, d } = await setup({ '10-aws.conflist': PRIMARY }, { historyDepth: 3 });
    await snapshotWhen(h.cluster, node, streams, () => true);
    for (let i = 2; i <= 6; i++) {
      await d.write('20-extra.conf', `{"n":${i}}`);
      await snapshotWhen(h.cluster, node, streams, (s) => s.revision === i);
    }
    const { doc } = await snapshotWhen(h.cluster, node, streams, (s) => s.revision === 6);
    expect(doc.history.map((h) => h.revision)).toEqual([5, 4, 3]);
    expect(doc.history[0]?.files.find((f) => f.name === '20-extra.conf')?.content).toBe('{"n":5}');
  });

  it('refreshes collectedAt as a heartbeat without making a new revision', async () => {
    const { node } = await setup({ '10-aws.conflist': PRIMARY }, { heartbeatMs: 150 });
    const first = await snapshotWhen(h.cluster, node, streams, () => true);
    const { doc } = await snapshotWhen(h.cluster, node, streams, (s) => s.collectedAt !== first.doc.collectedAt);
    expect(Date.parse(doc.collectedAt)).toBeGreaterThan(Date.parse(first.doc.collectedAt));
    expect({ revision: doc.revision, digest: doc.digest, observedAt: doc.observedAt, history: doc.history }).toEqual({ revision: 1, digest: first.doc.digest, observedAt: first.doc.observedAt, history: [] });
  });

  it('retries a write that conflicts with a change made behind its back, keeping that change', async () => {
    const { node, d, agent } = await setup({ '10-aws.conflist': PRIMARY });
    const { cm } = await snapshotWhen(h.cluster, node, streams, () => true);
    // Someone else updates the object: the agent's remembered resourceVersion is now stale.
    const touched = await call<ConfigMapObject>(h.cluster, 'PUT', `/api/v1/namespaces/cni-health/configmaps/${cm.metadata.name}`,
      { ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, 'example.com/touched': 'yes' } } });
    expect(touched.status).toBe(200);
    await d.write('00-multus.conf', MULTUS);
    const after = await snapshotWhen(h.cluster, node, streams, (s) => s.revision === 2);
    expect(agent.publisher.stats.conflicts).toBe(1);
    expect(after.cm.metadata.annotations?.['example.com/touched']).toBe('yes');
    expect(after.cm.metadata.resourceVersion).not.toBe(touched.body.metadata.resourceVersion);
  });

  it('resumes the revision numbering after a restart instead of starting again at 1', async () => {
    const { node, d, agent } = await setup({ '10-aws.conflist': PRIMARY });
    await d.write('00-multus.conf', MULTUS);
    const before = await snapshotWhen(h.cluster, node, streams, (s) => s.revision === 2);
    await agent.stop();
    await rm(join(d.confDir, '00-multus.conf'));
    await startAgent(h.cluster, agentConfig(node, d), agents);
    const { doc } = await snapshotWhen(h.cluster, node, streams, (s) => s.revision === 3);
    expect(doc.history.map((h) => [h.revision, h.digest])).toEqual([[2, before.doc.digest], [1, before.doc.history[0]?.digest]]);
    expect(doc.digest).toBe(before.doc.history[0]?.digest);
  });

  it('reports a symlink out of the directory without following it', async () => {
    const d = await tempNodeDirs({ '10-aws.conflist': PRIMARY });
    dirs.push(d);
    await writeFile(join(d.root, 'secret.conf'), '{"secret":true}');
    await symlink(join(d.root, 'secret.conf'), join(d.confDir, '05-link.conf'));
    await symlink('10-aws.conflist', join(d.confDir, '06-inside.conflist'));
    const node = freshNode();
    await startAgent(h.cluster, agentConfig(node, d), agents);
    const { doc } = await snapshotWhen(h.cluster, node, streams, () => true);
    const out = doc.files.find((f) => f.name === '05-link.conf');
    expect(out?.content).toBeUndefined();
    expect(out?.error).toMatch(/^symlink to .*secret\.conf, outside \/etc\/cni\/net\.d: not followed$/);
    expect(doc.files.find((f) => f.name === '06-inside.conflist')).toMatchObject({ sha256: sha(PRIMARY), content: PRIMARY });
  });

  it('caps huge files and stays under the ConfigMap limit, saying what it dropped', async () => {
    const big = (ch: string): string => `{"pad":"${ch.repeat(300 * 1024)}"}`;
    const { node } = await setup({ '10-aws.conflist': PRIMARY, '20-a.conf': big('a'), '21-b.conf': big('b'), '22-c.conf': big('c'), '23-d.conf': big('d') });
    const { doc, cm } = await snapshotWhen(h.cluster, node, streams, () => true);
    expect(Buffer.byteLength(cm.data[SNAPSHOT_DATA_KEY] ?? '')).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    expect(doc.truncated).toBe(true);
    for (const name of ['20-a.conf', '21-b.conf', '22-c.conf', '23-d.conf']) {
      const f = doc.files.find((x) => x.name === name);
      // Size and hash always describe the whole file; content is cut at the cap (or dropped for the budget).
      expect(f).toMatchObject({ size: Buffer.byteLength(big(name[3] ?? '')), sha256: sha(big(name[3] ?? '')), truncated: true });
      expect(Buffer.byteLength(f?.content ?? '')).toBeLessThanOrEqual(SNAPSHOT_FILE_CAP);
    }
    expect(doc.files.filter((f) => f.content === '').length).toBeGreaterThan(0);
    expect(doc.files.find((f) => f.name === '10-aws.conflist')).toMatchObject({ content: PRIMARY, truncated: false });
  });
});

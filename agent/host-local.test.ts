/** The agent publishes host-local's reservation counts (never the files' contents) when given the directory. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentHarness, PRIMARY, snapshotWhen } from './test-support';

const h = agentHarness();

describe('the agent and host-local reservations', () => {
  it('publishes per-network counts under the host path, and nothing without AGENT_IPAM_DIR', async () => {
    const ipam = await mkdtemp(join(tmpdir(), 'agent-ipam-'));
    try {
      await mkdir(join(ipam, 'cbr0'));
      for (let i = 2; i <= 40; i++) await writeFile(join(ipam, 'cbr0', `10.42.0.${i}`), `container-${i}-id\neth0`);
      await writeFile(join(ipam, 'cbr0', 'last_reserved_ip.0'), '10.42.0.40');
      const { node } = await h.setup({ '10-aws.conflist': PRIMARY }, { ipamDir: ipam });
      const { doc, cm } = await snapshotWhen(h.cluster, node, h.streams, () => true);
      expect(doc.hostLocal).toEqual({ dir: '/var/lib/cni/networks', networks: [{ name: 'cbr0', v4: 39, v6: 0 }] });
      expect(JSON.stringify(cm)).not.toContain('container-2-id');
      const plain = await h.setup({ '10-aws.conflist': PRIMARY });
      const other = await snapshotWhen(h.cluster, plain.node, h.streams, () => true);
      expect(other.doc.hostLocal).toBeUndefined();
    } finally {
      await rm(ipam, { recursive: true, force: true });
    }
  });
});

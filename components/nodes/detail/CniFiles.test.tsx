import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '@/lib/cni/snapshot';
import { SNAPSHOT_READ_MAX_BYTES } from '@/lib/cni/limits';
import { diagnoseCluster } from '@/lib/health/diagnose';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { T0, aFile, aNode, aSnapshot, at } from '@/lib/testing/models';
import { toNodeDetailView } from '@/lib/views/node-detail';
import { CniFiles } from './CniFiles';

/** Valid JSON that pretty-prints to megabytes: `depth` nested arrays around `zeros` zeros (under the parser's limits). */
const amplifier = (depth: number, zeros: number): string => `${'['.repeat(depth)}${new Array(zeros).fill(0).join(',')}${']'.repeat(depth)}`;

function hostileModel(files: ReturnType<typeof aFile>[]): SnapshotModel {
  const doc = JSON.stringify(aSnapshot('n1', files, { collectedAt: at(-1) }).snapshot);
  expect(Buffer.byteLength(doc)).toBeLessThanOrEqual(SNAPSHOT_READ_MAX_BYTES); // a ConfigMap a real cluster accepts
  const parsed = parseSnapshot(doc);
  if (!parsed.ok) throw new Error(parsed.error);
  // Named and annotated as the agent publishes it: only such a snapshot speaks for n1 (lib/cni/snapshot-binding.ts).
  return { namespace: 'cni-health', configMapName: 'cni-snapshot-n1', resourceVersion: '1', node: 'n1', annotatedNode: 'n1', snapshot: parsed.snapshot };
}

function pageOf(model: SnapshotModel): { json: string; html: string } {
  const d = diagnoseCluster({ nodes: [aNode('n1')], pods: [], events: [], snapshots: [model], now: T0 }).nodes[0]!;
  const view = toNodeDetailView(d, T0, []);
  return { json: JSON.stringify(view), html: renderToString(<CniFiles snapshot={view.snapshot} now={at(0)} />) };
}

describe('node page of a hostile snapshot', () => {
  it('stays small for a valid ≤ 1 MiB ConfigMap whose files pretty-print to tens of megabytes', () => {
    // Each file: 200 levels, 19,000 values; JSON.stringify(v, null, 2) of one is about 8 MB.
    const files = ['10-a.conflist', '20-b.conflist', '30-c.conflist', '40-d.conf'].map((name) => aFile(name, amplifier(200, 19_000)));
    files.push(aFile('50-big.conf', `{"type":"bridge","pad":"${'x'.repeat(300_000)}"}`));
    const { json, html } = pageOf(hostileModel(files));
    // The view's text is within RENDER_VIEW_MAX_CHARS (1 MiB) plus per-file metadata.
    expect(json.length).toBeLessThan(1.5 * 1024 * 1024);
    // Long files are drawn virtually: the server renders no line of them.
    expect(html.length).toBeLessThan(64 * 1024);
    expect(html).toContain('data-testid="file-too-large"');
    expect(html).toContain('data-testid="file-cut"');
  });

  it('shows a hostile file name with its bidi and zero-width characters made visible, in text and aria-label', () => {
    const name = '10-\u202eevil\u2066.conf\u200b\u001b[2J';
    const { html } = pageOf(hostileModel([aFile(name, { cniVersion: '0.4.0', name: 'x\u2028y', type: 'bridge' })]));
    // Only the machine-readable data-file attribute (what tests and scripts select on) keeps the name as it is.
    expect(html.replace(/ data-file="[^"]*"/g, '')).not.toMatch(/[\u202e\u2066\u200b\u001b\u2028]/);
    expect(html).toContain('10-⟨U+202E⟩evil⟨U+2066⟩.conf⟨U+200B⟩⟨U+001B⟩[2J');
    expect(html).toContain('aria-label="10-⟨U+202E⟩evil⟨U+2066⟩.conf⟨U+200B⟩⟨U+001B⟩[2J"');
  });
});

/**
 * Preview records shared by replicas: either reads what the other saved,
 * and of two executions marking one used with different keys exactly one
 * wins (the update carries the resourceVersion read).
 */
import { describe, expect, it } from 'vitest';
import { memoryRecords } from '@/lib/k8s/records';
import { loadPreview, markPreviewUsed, previewObjectName, savePreview, sweepPreviews } from './previews';

describe('preview records', () => {
  it('are read by the other replica, used by one execution only, and swept an hour after they expire', async () => {
    const records = memoryRecords();
    await savePreview(records, 'p1', { user: 'alice', planHash: 'h' }, 5_000);
    expect(previewObjectName('p1')).toMatch(/^cni-health-preview-[0-9a-f]{64}$/);
    const [onA, onB] = [await loadPreview<{ user: string }>(records, 'p1'), await loadPreview<{ user: string }>(records, 'p1')];
    expect(onA?.value.user).toBe('alice');
    expect(await markPreviewUsed(records, onA!, 'key-a')).toBe('ok');
    // B read it before A marked it: its update meets a newer resourceVersion and loses.
    expect(await markPreviewUsed(records, onB!, 'key-b')).toBe('used');
    expect((await loadPreview(records, 'p1'))?.usedBy).toBe('key-a');
    // The same execution retried is still the winner.
    expect(await markPreviewUsed(records, onB!, 'key-a')).toBe('ok');
    expect(await sweepPreviews(records, 5_000 + 3_600_000 - 1, 3_600_000)).toBe(0);
    expect(await sweepPreviews(records, 5_000 + 3_600_000, 3_600_000)).toBe(1);
    expect(await loadPreview(records, 'p1')).toBeUndefined();
  });
});

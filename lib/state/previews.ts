import 'server-only';
import { createHash } from 'node:crypto';
import { RECORD_LABEL, type RecordStore, type StoredRecord } from '@/lib/k8s/records';

/**
 * Preview records as Secrets: either replica executes what the other
 * previewed. Named by the hash of the preview id (the id is what lets its
 * user execute it). Marking one used is an update with the resourceVersion
 * read, which the API server lets exactly one writer win, so two replicas
 * given the same preview with two keys run it once.
 */
export const PREVIEW = { [RECORD_LABEL]: 'preview' } as const;

export const previewObjectName = (id: string): string => `cni-health-preview-${createHash('sha256').update(id).digest('hex')}`;

export interface StoredPreview<T> { value: T; usedBy?: string; expiresAt: number; record: StoredRecord }

export async function savePreview(records: RecordStore, id: string, value: unknown, expiresAt: number): Promise<void> {
  const out = await records.create(previewObjectName(id), PREVIEW, { preview: JSON.stringify(value), expiresAt: String(expiresAt) });
  if (!out.ok) throw new Error('a preview with this id already exists');
}

export async function loadPreview<T>(records: RecordStore, id: string): Promise<StoredPreview<T> | undefined> {
  const r = await records.get(previewObjectName(id));
  if (!r || r.labels[RECORD_LABEL] !== 'preview') return undefined;
  try {
    return { value: JSON.parse(r.data.preview ?? 'null') as T, expiresAt: Number(r.data.expiresAt), ...(r.data.usedBy ? { usedBy: r.data.usedBy } : {}), record: r };
  } catch {
    return undefined;
  }
}

/** 'ok' when this call marked it used by `key`; 'used' when another execution got there first. */
export async function markPreviewUsed(records: RecordStore, p: StoredPreview<unknown>, key: string): Promise<'ok' | 'used'> {
  if (p.usedBy) return p.usedBy === key ? 'ok' : 'used';
  const out = await records.update({ ...p.record, data: { ...p.record.data, usedBy: key } });
  if (out.ok) return 'ok';
  const again = await records.get(p.record.name);
  return again?.data.usedBy === key ? 'ok' : 'used';
}

/** The leader's sweep: previews expired more than `rememberMs` ago go. */
export async function sweepPreviews(records: RecordStore, now: number, rememberMs: number): Promise<number> {
  const old = (await records.list(PREVIEW)).filter((r) => !(Number(r.data.expiresAt) + rememberMs > now));
  await Promise.all(old.map((r) => records.delete(r.name)));
  return old.length;
}

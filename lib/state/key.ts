import 'server-only';
import { randomBytes } from 'node:crypto';
import { KEY_BYTES } from '@/lib/auth/session-crypto';
import { RECORD_LABEL, type RecordStore } from '@/lib/k8s/records';

/**
 * The key sessions' tokens are sealed with: 32 random bytes in the Secret
 * `cni-health-session-key`, made by whichever replica starts first (the
 * other's create meets 409 AlreadyExists and reads it). An operator may
 * create it beforehand instead; deleting it signs everyone out.
 */
export const KEY_SECRET = 'cni-health-session-key';

export async function loadOrCreateKey(records: RecordStore): Promise<Buffer> {
  for (let i = 0; i < 3; i++) {
    const found = await records.get(KEY_SECRET);
    const key = found && Buffer.from(found.data.key ?? '', 'base64');
    if (key?.length === KEY_BYTES) return key;
    if (found) throw new Error(`the Secret ${KEY_SECRET} does not hold a ${KEY_BYTES}-byte key under "key"`);
    const created = await records.create(KEY_SECRET, { [RECORD_LABEL]: 'session-key' }, { key: randomBytes(KEY_BYTES).toString('base64') });
    if (created.ok) return Buffer.from(created.record.data.key!, 'base64');
  }
  throw new Error(`could not read or create the Secret ${KEY_SECRET}`);
}

/** Memoised, retried on the next call after a failure (the API server may be down at start). */
export function keyLoader(records: RecordStore): () => Promise<Buffer> {
  let pending: Promise<Buffer> | undefined;
  return () => {
    pending ??= loadOrCreateKey(records).catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

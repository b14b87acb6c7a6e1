/**
 * What a stored session may reveal: nothing that signs anyone in. The
 * object's name is the SHA-256 of the session id (the cookie), so reading
 * the Secrets does not give a cookie; the bearer token is sealed with
 * AES-256-GCM under a key kept in its own Secret, its name bound in as
 * additional data so a sealed token cannot be moved to another session's
 * object; the token's label is an HMAC under the same key, for ending every
 * session of a token the API server refused.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A Secret name for a session id: hashed, so the cookie is not in the cluster. */
export const sessionObjectName = (id: string): string => `cni-health-session-${sha256Hex(id)}`;

/** A label value (at most 63 characters) naming a token without revealing it. */
export const tokenLabel = (key: Buffer, token: string): string => createHmac('sha256', key).update(token).digest('hex').slice(0, 40);

export function sealToken(key: Buffer, token: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The token, or undefined when the sealed value was altered, moved to another name, or sealed under another key. */
export function openToken(key: Buffer, sealed: string, aad: string): string | undefined {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

import 'server-only';
import { z } from 'zod';
import { openToken, sealToken, sessionObjectName, sha256Hex, tokenLabel } from '@/lib/auth/session-crypto';
import type { Session, SessionPersistence, SessionUser } from '@/lib/auth/sessions';
import { RECORD_LABEL, type RecordStore } from '@/lib/k8s/records';

/**
 * Sessions as Secrets (lib/auth/session-crypto.ts says what each field
 * reveals): named by the hash of the session id, the token sealed with the
 * key `key()` gives, the user and times in the clear (they sign nobody in).
 * Labelled by a hash of the identity, to cap one person's sessions across
 * replicas, and by an HMAC of the token, to end them all on a 401.
 */
const IDENTITY_LABEL = 'cni-health.io/identity';
const TOKEN_LABEL = 'cni-health.io/token';
const SESSION = { [RECORD_LABEL]: 'session' };

const userSchema = z.object({ username: z.string().max(1024), uid: z.string().max(1024).optional(), groups: z.array(z.string().max(1024)).max(1000) });

const identityOf = (u: SessionUser): string => sha256Hex(u.uid ? `uid:${u.uid}` : `user:${u.username}`).slice(0, 40);

export function sessionPersistence(records: RecordStore, key: () => Promise<Buffer>): SessionPersistence {
  const decode = async (id: string, data: Record<string, string>, name: string): Promise<Session | undefined> => {
    const user = userSchema.safeParse(JSON.parse(data.user ?? 'null'));
    const createdAt = Number(data.createdAt);
    const expiresAt = Number(data.expiresAt);
    if (!user.success || !Number.isFinite(createdAt) || !Number.isFinite(expiresAt) || !data.token) return undefined;
    const token = openToken(await key(), data.token, name);
    return token === undefined ? undefined : { id, token, user: user.data, createdAt, expiresAt };
  };
  return {
    async save(s) {
      const name = sessionObjectName(s.id);
      const k = await key();
      const labels = { ...SESSION, [IDENTITY_LABEL]: identityOf(s.user), [TOKEN_LABEL]: tokenLabel(k, s.token) };
      const data = { token: sealToken(k, s.token, name), user: JSON.stringify(s.user), createdAt: String(s.createdAt), expiresAt: String(s.expiresAt) };
      const out = await records.create(name, labels, data);
      // 256 random bits: a taken name is not a collision but a bug; never overwrite someone's session.
      if (!out.ok) throw new Error('a session with this id already exists');
    },
    async load(id) {
      const name = sessionObjectName(id);
      const r = await records.get(name);
      if (!r || r.labels[RECORD_LABEL] !== 'session') return undefined;
      try {
        return await decode(id, r.data, name);
      } catch {
        return undefined;
      }
    },
    async remove(id) {
      await records.delete(sessionObjectName(id));
    },
    async removeToken(token) {
      const found = await records.list({ ...SESSION, [TOKEN_LABEL]: tokenLabel(await key(), token) });
      await Promise.all(found.map((r) => records.delete(r.name)));
    },
    async trimIdentity(user, keep, now) {
      const mine = (await records.list({ ...SESSION, [IDENTITY_LABEL]: identityOf(user) }))
        .map((r) => ({ name: r.name, createdAt: Number(r.data.createdAt) || 0, expiresAt: Number(r.data.expiresAt) || 0 }))
        .sort((a, b) => a.createdAt - b.createdAt);
      const live = mine.filter((r) => r.expiresAt > now);
      const drop = [...mine.filter((r) => r.expiresAt <= now), ...live.slice(0, Math.max(0, live.length - keep))];
      await Promise.all(drop.map((r) => records.delete(r.name)));
    },
  };
}

/** The leader's sweep: sessions past their expiry are deleted (each replica also refuses them on read). */
export async function sweepSessions(records: RecordStore, now: number): Promise<number> {
  const expired = (await records.list(SESSION)).filter((r) => !(Number(r.data.expiresAt) > now));
  await Promise.all(expired.map((r) => records.delete(r.name)));
  return expired.length;
}

/**
 * A stored session by its object name (the hash of its id, never the id,
 * which is a bearer credential): how another replica acts for a user whose
 * work it took over (lib/remediation/actor.ts). Undefined once signed out
 * or expired.
 */
export async function loadSessionByName(records: RecordStore, key: () => Promise<Buffer>, name: string, now: number): Promise<{ token: string; user: SessionUser } | undefined> {
  const r = await records.get(name);
  if (!r || r.labels[RECORD_LABEL] !== 'session' || !(Number(r.data.expiresAt) > now) || !r.data.token) return undefined;
  const user = userSchema.safeParse(JSON.parse(r.data.user ?? 'null'));
  const token = openToken(await key(), r.data.token, name);
  return user.success && token !== undefined ? { token, user: user.data } : undefined;
}


/**
 * Token-mode sessions: the browser gets a random 256-bit id in an HttpOnly
 * cookie and never sees the bearer token again. One store per process on
 * globalThis, shared by the custom server (which gates pages) and the route
 * handlers (which act with the token). With a persistence attached
 * (lib/state/sessions.ts: a Secret per session in the dashboard's
 * namespace, the token encrypted) sessions outlive a restart and are shared
 * by replicas; this map is then a cache, re-checked against the cluster
 * at most every RECHECK_MS, so a sign-out on one replica ends the session on
 * the others within that time. Without one (docs/install.md: no writable
 * namespace) they live in this process only. Sessions end at their expiry,
 * on sign-out, or when the API server answers 401 to their token.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'cni-health-session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;
/** Browsers one person may be signed in from at once; the next sign-in ends their oldest. */
export const MAX_SESSIONS_PER_IDENTITY = 10;

export interface SessionUser { username: string; uid?: string; groups: string[] }

export interface Session {
  id: string;
  token: string;
  user: SessionUser;
  createdAt: number;
  expiresAt: number;
}

/** The API server's answer names the person: the uid when it gives one (it is stable across renames), else the username. */
const sameIdentity = (a: SessionUser, b: SessionUser): boolean => (a.uid && b.uid ? a.uid === b.uid : a.username === b.username);

/** How stale a replica's cached view of a stored session may be. */
export const RECHECK_MS = 5_000;

/** Where sessions are kept beyond this process (lib/state/sessions.ts). Every method may throw when the cluster is unreachable. */
export interface SessionPersistence {
  save(s: Session): Promise<void>;
  load(id: string): Promise<Session | undefined>;
  remove(id: string): Promise<void>;
  removeToken(token: string): Promise<void>;
  /** Ends this identity's oldest sessions so that at most `keep` remain. */
  trimIdentity(user: SessionUser, keep: number, now: number): Promise<void>;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly checkedAt = new Map<string, number>();
  private persist: SessionPersistence | undefined;

  constructor(
    private readonly newId: () => string = () => randomBytes(32).toString('base64url'),
    private readonly limits: { total: number; perIdentity: number } = { total: MAX_SESSIONS, perIdentity: MAX_SESSIONS_PER_IDENTITY },
  ) {}

  /**
   * A new session, or undefined when the store is full of other people's
   * live sessions. Signing in again past the per-identity cap ends that
   * identity's oldest session; it never ends anyone else's, so one person
   * (or one stolen token) signing in over and over cannot sign others out.
   */
  create(token: string, user: SessionUser, now: number, ttlMs = SESSION_TTL_MS): Session | undefined {
    const mine = [...this.sessions.values()].filter((s) => s.expiresAt > now && sameIdentity(s.user, user));
    for (const old of mine.slice(0, Math.max(0, mine.length - this.limits.perIdentity + 1))) this.sessions.delete(old.id);
    if (this.sessions.size >= this.limits.total) this.sweep(now);
    if (this.sessions.size >= this.limits.total) return undefined;
    const session: Session = { id: this.newId(), token, user, createdAt: now, expiresAt: now + ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  attach(persist: SessionPersistence | undefined): void {
    this.persist = persist;
  }

  persistent(): boolean {
    return this.persist !== undefined;
  }

  /** Signs in: the session is stored (when a persistence is attached) before it is handed out. Throws when it cannot be stored. */
  async open(token: string, user: SessionUser, now: number, ttlMs = SESSION_TTL_MS): Promise<Session | undefined> {
    if (this.persist) await this.persist.trimIdentity(user, this.limits.perIdentity - 1, now);
    const s = this.create(token, user, now, ttlMs);
    if (!s || !this.persist) return s;
    try {
      await this.persist.save(s);
    } catch (e) {
      this.sessions.delete(s.id);
      throw e;
    }
    this.checkedAt.set(s.id, now);
    return s;
  }

  /**
   * Brings this replica's view of one session up to date before `get`: a
   * session another replica opened appears, one ended elsewhere goes. With
   * the cluster unreachable, what this replica already knew stands.
   */
  async refresh(id: string | undefined, now: number): Promise<void> {
    if (!id || !this.persist) return;
    const at = this.checkedAt.get(id);
    if (at !== undefined && now - at < RECHECK_MS && this.sessions.has(id)) return;
    let loaded: Session | undefined;
    try {
      loaded = await this.persist.load(id);
    } catch {
      return;
    }
    if (loaded && loaded.expiresAt > now) {
      const cached = this.sessions.get(id);
      // Keep the cached object while it is the same session: its client (lib/k8s/user.ts) is keyed on it.
      if (!cached || cached.token !== loaded.token || cached.expiresAt !== loaded.expiresAt) this.sessions.set(id, loaded);
      this.checkedAt.set(id, now);
    } else {
      this.sessions.delete(id);
      this.checkedAt.delete(id);
    }
  }

  get(id: string | undefined, now: number): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (s && s.expiresAt <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  /** Ends a session here and in the cluster; resolves once it is gone there too. */
  async end(id: string): Promise<void> {
    this.sessions.delete(id);
    this.checkedAt.delete(id);
    await this.persist?.remove(id);
  }

  /** Every session of a token: a 401 for one means the token is dead for all of them. */
  endToken(token: string): void {
    for (const [id, s] of this.sessions) if (s.token === token) this.sessions.delete(id);
    this.persist?.removeToken(token).catch(() => undefined);
  }

  size(): number {
    return this.sessions.size;
  }

  private sweep(now: number): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

const KEY = Symbol.for('cni-health.sessions');
type Global = typeof globalThis & { [KEY]?: SessionStore };

export function getSessionStore(): SessionStore {
  const g = globalThis as Global;
  g[KEY] ??= new SessionStore();
  return g[KEY];
}

/**
 * Secure even on http://localhost: browsers treat loopback as a secure
 * context and keep the cookie; anywhere else the dashboard must be served
 * over HTTPS (docs/security.md), and a Secure cookie makes sure of it.
 */
export function sessionCookie(id: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/** The session id from a Cookie header, if it is shaped like one of ours. */
export function sessionIdFromCookieHeader(header: string | undefined | null): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}

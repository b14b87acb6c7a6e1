import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie, sessionIdFromCookieHeader, SessionStore } from './sessions';

const alice = { username: 'alice', groups: ['ops'] };

describe('SessionStore', () => {
  it('creates 256-bit ids and forgets a session at its expiry', () => {
    const store = new SessionStore();
    const s = store.create('tok', alice, 1_000, 60_000);
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.get(s.id, 60_999)?.user.username).toBe('alice');
    expect(store.get(s.id, 61_000)).toBeUndefined();
    expect(store.size()).toBe(0);
    expect(store.get(undefined, 0)).toBeUndefined();
  });

  it('ends one session on sign-out, and every session of a token the API server refused', () => {
    const store = new SessionStore();
    const a = store.create('tok', alice, 0);
    const b = store.create('tok', alice, 0);
    const c = store.create('other', alice, 0);
    store.end(a.id);
    expect(store.get(a.id, 1)).toBeUndefined();
    store.endToken('tok');
    expect(store.get(b.id, 1)).toBeUndefined();
    expect(store.get(c.id, 1)).toBeDefined();
  });
});

describe('session cookie', () => {
  it('is HttpOnly, Secure, SameSite=Strict on the whole site', () => {
    const c = sessionCookie('abc', 3_600_000);
    expect(c).toBe(`${SESSION_COOKIE}=abc; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=3600`);
    expect(clearedSessionCookie()).toContain('Max-Age=0');
  });

  it('reads only a well-formed id back', () => {
    const id = 'a'.repeat(43);
    expect(sessionIdFromCookieHeader(`x=1; ${SESSION_COOKIE}=${id}`)).toBe(id);
    expect(sessionIdFromCookieHeader(`${SESSION_COOKIE}=../../etc`)).toBeUndefined();
    expect(sessionIdFromCookieHeader(undefined)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie, sessionIdFromCookieHeader, SessionStore } from './sessions';

const alice = { username: 'alice', groups: ['ops'] };

describe('SessionStore', () => {
  it('creates 256-bit ids and forgets a session at its expiry', () => {
    const store = new SessionStore();
    const s = store.create('tok', alice, 1_000, 60_000)!;
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.get(s.id, 60_999)?.user.username).toBe('alice');
    expect(store.get(s.id, 61_000)).toBeUndefined();
    expect(store.size()).toBe(0);
    expect(store.get(undefined, 0)).toBeUndefined();
  });

  it('ends one session on sign-out, and every session of a token the API server refused', () => {
    const store = new SessionStore();
    const a = store.create('tok', alice, 0)!;
    const b = store.create('tok', alice, 0)!;
    const c = store.create('other', alice, 0)!;
    store.end(a.id);
    expect(store.get(a.id, 1)).toBeUndefined();
    store.endToken('tok');
    expect(store.get(b.id, 1)).toBeUndefined();
    expect(store.get(c.id, 1)).toBeDefined();
  });
});

describe('session caps', () => {
  const bob = { username: 'bob', groups: [] };
  const limits = { total: 6, perIdentity: 3 };

  it('ends the oldest session of the same identity past its cap, never another identity\'s', () => {
    const store = new SessionStore(undefined, limits);
    const b = store.create('b', bob, 0)!;
    const mine = [1, 2, 3, 4, 5].map((t) => store.create(`a${t}`, alice, t)!);
    expect(mine.map((s) => store.get(s.id, 10) !== undefined)).toEqual([false, false, true, true, true]);
    expect(store.get(b.id, 10)?.user.username).toBe('bob');
  });

  it('tells one identity from another by uid when the API server gives one', () => {
    const store = new SessionStore(undefined, { total: 6, perIdentity: 1 });
    const a = store.create('a', { username: 'same', uid: '1', groups: [] }, 0)!;
    const b = store.create('b', { username: 'same', uid: '2', groups: [] }, 1)!;
    expect(store.get(a.id, 2)).toBeDefined();
    expect(store.get(b.id, 2)).toBeDefined();
  });

  it('refuses a new session when full of other people\'s live ones, and makes room from expired ones', () => {
    const store = new SessionStore(undefined, { total: 2, perIdentity: 2 });
    const a = store.create('a', alice, 0, 100)!;
    const b = store.create('b', bob, 0, 1_000)!;
    expect(store.create('c', { username: 'carol', groups: [] }, 50)).toBeUndefined();
    expect(store.get(a.id, 50)).toBeDefined();
    expect(store.get(b.id, 50)).toBeDefined();
    expect(store.create('c', { username: 'carol', groups: [] }, 200)).toBeDefined();
    expect(store.get(b.id, 200)).toBeDefined();
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

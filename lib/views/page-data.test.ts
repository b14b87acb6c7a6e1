/**
 * The page decision: a page's reader runs only after the routes' own access
 * decision allowed it; a refusal carries the reason and who asked, bounded.
 */
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { AccessDecision } from './access';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';

const decision = vi.hoisted(() => ({ next: undefined as unknown, tokenMode: true }));
vi.mock('./access', () => ({ decideAccess: vi.fn(async () => decision.next), signInEnabled: () => decision.tokenMode }));

const { pageData } = await import('./page-data');

const headers = { get: (): string | null => null };
const cache = { marker: 'the cache' } as unknown as ClusterCache;
const user = (name: string): UserContext => ({ identity: { user: name, source: 'proxy', mode: 'proxy' }, mayMutate: true } as unknown as UserContext);

describe('pageData', () => {
  let read: Mock<(c: ClusterCache, now: number) => string>;
  beforeEach(() => {
    read = vi.fn((_c: ClusterCache, _now: number) => 'view');
  });

  it('reads the cache only when the decision allows it', async () => {
    decision.next = { ok: true, cache, user: user('alice') } satisfies AccessDecision;
    expect(await pageData(headers, read)).toEqual({ ok: true, data: 'view' });
    expect(read).toHaveBeenCalledWith(cache, expect.any(Number));
  });

  it('refuses without reading: the reason and who is signed in, bounded', async () => {
    const long = `mallory${'x'.repeat(5_000)}`;
    decision.next = { ok: false, code: 'forbidden', error: `${long} may not list nodes`, user: user(long) } satisfies AccessDecision;
    const result = await pageData(headers, read);
    expect(read).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    if (result.ok || result.signIn) throw new Error('expected a denial');
    expect(result.denial.user!.length).toBeLessThanOrEqual(513);
    expect(result.denial.reason.length).toBeLessThanOrEqual(513);
    expect(result.denial).toMatchObject({ mode: 'proxy' });
    expect(result.denial.user!.startsWith('mallory')).toBe(true);
  });

  it('sends someone with no user, or a token the API server refused, to sign in; a failed check is a denial', async () => {
    decision.next = { ok: false, code: 'unauthenticated', error: 'sign in first' } satisfies AccessDecision;
    expect(await pageData(headers, read)).toEqual({ ok: false, signIn: true });
    decision.next = { ok: false, code: 'unavailable', error: 'could not check your permissions: timeout', user: user('bob') } satisfies AccessDecision;
    expect(await pageData(headers, read)).toMatchObject({ ok: false, signIn: false, denial: { reason: 'could not check your permissions: timeout', user: 'bob' } });
    expect(read).not.toHaveBeenCalled();
  });

  it('in proxy mode there is no sign-in page: a user the proxy named unreadably gets the reason', async () => {
    decision.tokenMode = false;
    decision.next = { ok: false, code: 'unauthenticated', error: 'the proxy named a user the dashboard cannot read' } satisfies AccessDecision;
    expect(await pageData(headers, read)).toEqual({ ok: false, signIn: false, denial: { reason: 'the proxy named a user the dashboard cannot read' } });
    decision.tokenMode = true;
  });

  it('with no cluster configured there is nothing to read: the page explains itself', async () => {
    decision.next = { ok: false, code: 'unconfigured', error: 'no kubeconfig' } satisfies AccessDecision;
    expect(await pageData(headers, read)).toEqual({ ok: true, data: undefined });
    expect(read).not.toHaveBeenCalled();
  });
});

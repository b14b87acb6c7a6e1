/**
 * Sessions shared by two replicas through stored records, on a fake clock:
 * one opened on A is honoured by B, one ended on A is refused by B within
 * RECHECK_MS, one person's cap holds across replicas. Then against the demo
 * cluster: no stored object holds a token (or its base64) in the clear.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '@/demo/test-support';
import { sessionObjectName } from '@/lib/auth/session-crypto';
import { RECHECK_MS, SessionStore } from '@/lib/auth/sessions';
import { memoryRecords, secretRecords, type RecordStore } from '@/lib/k8s/records';
import { keyLoader } from './key';
import { sessionPersistence } from './sessions';

const alice = { username: 'alice', uid: 'u-1', groups: ['ops'] };
const key = randomBytes(32);

function replicas(records: RecordStore, limits = { total: 100, perIdentity: 10 }): [SessionStore, SessionStore] {
  const make = (): SessionStore => {
    const s = new SessionStore(undefined, limits);
    s.attach(sessionPersistence(records, async () => key));
    return s;
  };
  return [make(), make()];
}

describe('sessions shared by replicas', () => {
  it('are honoured by the other replica, and ended there within RECHECK_MS of a sign-out', async () => {
    const [a, b] = replicas(memoryRecords());
    const s = (await a.open('tok-1', alice, 1_000))!;
    expect(b.get(s.id, 1_000)).toBeUndefined();
    await b.refresh(s.id, 1_000);
    expect(b.get(s.id, 1_000)).toMatchObject({ token: 'tok-1', user: alice });
    await a.end(s.id);
    // B re-reads a session it knows only once RECHECK_MS has passed.
    await b.refresh(s.id, 1_000 + RECHECK_MS - 1);
    expect(b.get(s.id, 1_000 + RECHECK_MS - 1)).toBeDefined();
    await b.refresh(s.id, 1_000 + RECHECK_MS);
    expect(b.get(s.id, 1_000 + RECHECK_MS)).toBeUndefined();
  });

  it('outlive the replica that opened them, and still end at their expiry', async () => {
    const records = memoryRecords();
    const [a] = replicas(records);
    const s = (await a.open('tok-2', alice, 0, 60_000))!;
    const [restarted] = replicas(records);
    await restarted.refresh(s.id, 59_999);
    expect(restarted.get(s.id, 59_999)?.token).toBe('tok-2');
    const [late] = replicas(records);
    await late.refresh(s.id, 60_000);
    expect(late.get(s.id, 60_000)).toBeUndefined();
  });

  it('cap one identity across replicas (the oldest goes), and end every session of a token the API server refused', async () => {
    const records = memoryRecords();
    const [a, b] = replicas(records, { total: 100, perIdentity: 2 });
    const first = (await a.open('t', alice, 1))!;
    const second = (await b.open('t', alice, 2))!;
    const third = (await a.open('other', alice, 3))!;
    const [c] = replicas(records);
    for (const s of [first, second, third]) await c.refresh(s.id, 4);
    expect([first, second, third].map((s) => c.get(s.id, 4) !== undefined)).toEqual([false, true, true]);
    b.endToken('t');
    await expect.poll(async () => (await records.get(sessionObjectName(second.id))) === undefined).toBe(true);
    expect(await records.get(sessionObjectName(third.id))).toBeDefined();
  });

  it('refuse a sealed token moved to another session\'s record, or sealed under another key', async () => {
    const records = memoryRecords();
    const [a] = replicas(records);
    const s1 = (await a.open('tok-a', alice, 0))!;
    const s2 = (await a.open('tok-b', alice, 0))!;
    const r1 = (await records.get(sessionObjectName(s1.id)))!;
    const r2 = (await records.get(sessionObjectName(s2.id)))!;
    await records.update({ ...r2, data: { ...r2.data, token: r1.data.token! } });
    const [b] = replicas(records);
    await b.refresh(s2.id, 1);
    expect(b.get(s2.id, 1)).toBeUndefined();
    const other = new SessionStore();
    other.attach(sessionPersistence(records, async () => randomBytes(32)));
    await other.refresh(s1.id, 1);
    expect(other.get(s1.id, 1)).toBeUndefined();
  });
});

describe('sessions in the demo cluster', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ tickMs: 3_600_000 });
  });
  afterAll(async () => {
    await c.cleanup();
  });

  it('store no token, cookie or key-sealed value that reveals either: the Secrets hold hashes and ciphertext only', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(c.demoModeKubeconfigPath);
    const records = secretRecords(kc, 'cni-health');
    const store = new SessionStore();
    store.attach(sessionPersistence(records, keyLoader(records)));
    const token = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(48).toString('base64url')}.sig`;
    const s = (await store.open(token, { username: 'system:serviceaccount:ops:bob', groups: [] }, Date.now()))!;

    const res = await fetch(`${c.url}/api/v1/namespaces/cni-health/secrets`, { headers: { authorization: `Bearer ${c.token}` } });
    const stored = await res.text();
    expect(res.status).toBe(200);
    const items = (JSON.parse(stored) as { items: { metadata: { name: string }; data: Record<string, string> }[] }).items;
    expect(items.map((i) => i.metadata.name)).toContain(sessionObjectName(s.id));
    const decoded = items.flatMap((i) => Object.values(i.data).map((v) => Buffer.from(v, 'base64').toString('latin1'))).join('\n');
    for (const secret of [token, s.id]) {
      expect(stored).not.toContain(secret);
      expect(decoded).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('base64').slice(0, 40));
    }
    // And it reads back, on a fresh store, to the same token.
    const fresh = new SessionStore();
    fresh.attach(sessionPersistence(records, keyLoader(records)));
    await fresh.refresh(s.id, Date.now());
    expect(fresh.get(s.id, Date.now())?.token).toBe(token);
  });
});

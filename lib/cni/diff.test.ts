import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, aFile, multusConf } from '@/lib/testing/models';
import { diffConfigSets, diffJson } from './diff';
import { configFingerprint, normaliseString } from './fingerprint';
import { readConfigEntry } from './files';

describe('diffConfigSets', () => {
  it('shows a nested Multus delegate as one inserted subtree', () => {
    const healthy = [aFile('00-multus.conf', multusConf(AWS_CONFLIST)), aFile('10-aws.conflist', AWS_CONFLIST)];
    const nested = [aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST))), aFile('10-aws.conflist', AWS_CONFLIST)];
    const [multus, aws] = diffConfigSets(healthy, nested, { labels: ['ok', 'bad'] });
    expect(aws!.status).toBe('unchanged');
    expect(multus!.status).toBe('changed');
    const added = multus!.changes.filter((c) => c.op === 'add');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ path: '$.delegates[0]', after: { type: 'multus' } });
    expect(multus!.changes.every((c) => c.path === '$.delegates[0]')).toBe(true);
    expect(multus!.unified).toContain('+++ bad/00-multus.conf');
  });

  it('matches plugins by type and name, so a changed field is one leaf', () => {
    const b = { ...AWS_CONFLIST, plugins: [AWS_CONFLIST.plugins[0], { ...AWS_CONFLIST.plugins[1], enabled: 'true' }, AWS_CONFLIST.plugins[2]] };
    expect(diffJson(JSON.parse(JSON.stringify(AWS_CONFLIST)), JSON.parse(JSON.stringify(b)))).toEqual([{ op: 'change', path: '$.plugins[1].enabled', before: 'false', after: 'true' }]);
  });

  it('reports added and removed files and falls back to a text diff for non-JSON', () => {
    const d = diffConfigSets([aFile('10-a.conf', 'not json')], [aFile('10-a.conf', 'still not'), aFile('20-b.conf', { type: 'bridge' })]);
    expect(d.map((x) => [x.file, x.status, x.json])).toEqual([['10-a.conf', 'changed', false], ['20-b.conf', 'added', true]]);
  });

  it('never throws on arbitrary content and never pollutes prototypes', () => {
    fc.assert(fc.property(fc.string(), fc.jsonValue(), (s, v) => {
      diffConfigSets([aFile('a.conf', s)], [aFile('a.conf', JSON.stringify(v))]);
    }), { numRuns: 200 });
    diffConfigSets([aFile('a.conf', '{"__proto__": {"x": 1}}')], [aFile('a.conf', '{"__proto__": {"x": 2}}')]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('configFingerprint', () => {
  const conf = (ip: string, node: string): string => JSON.stringify({ cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }, { type: 'egress-cni', nodeIP: ip, note: `on ${node} eni-0a1b2c3d4e5f60718 ${ip}/32 mac 0a:1b:2c:3d:4e:5f` }] });

  it('ignores node names, IPs, CIDRs, MACs and ENI ids', () => {
    const a = configFingerprint([aFile('10-aws.conflist', conf('10.0.1.17', 'ip-10-0-1-17.eu-west-1.compute.internal'))], 'ip-10-0-1-17.eu-west-1.compute.internal');
    const b = configFingerprint([aFile('10-aws.conflist', conf('10.0.44.9', 'ip-10-0-44-9.eu-west-1.compute.internal'))], 'ip-10-0-44-9.eu-west-1.compute.internal');
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('changes when a setting, a file name or the file set changes', () => {
    const base = configFingerprint([aFile('10-aws.conflist', AWS_CONFLIST)]).fingerprint;
    expect(configFingerprint([aFile('10-aws.conflist', { ...AWS_CONFLIST, cniVersion: '1.0.0' })]).fingerprint).not.toBe(base);
    expect(configFingerprint([aFile('11-aws.conflist', AWS_CONFLIST)]).fingerprint).not.toBe(base);
    expect(configFingerprint([aFile('10-aws.conflist', AWS_CONFLIST), aFile('05-x.conf', { type: 'bridge' })]).fingerprint).not.toBe(base);
  });

  it('does not depend on key order or whitespace', () => {
    const reordered = Object.fromEntries(Object.entries(AWS_CONFLIST).reverse());
    expect(Object.keys(reordered)[0]).toBe('plugins');
    expect(configFingerprint([aFile('10-aws.conflist', JSON.stringify(reordered))]).fingerprint).toBe(configFingerprint([aFile('10-aws.conflist', AWS_CONFLIST)]).fingerprint);
  });

  it('normalises IPv6 and hashes', () => {
    expect(normaliseString('fd00::ac:00/118 and 2001:db8::1 and 0123456789abcdef0123')).toBe('<ip6> and <ip6> and <hash>');
  });
});

describe('readConfigEntry on any bytes', () => {
  it('always answers, never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('a.conf', 'b.conflist', 'c.json'), (content, name) => {
      const e = readConfigEntry(aFile(name, content));
      expect(typeof e.load.ok).toBe('boolean');
    }), { numRuns: 300 });
  });
});

import { describe, expect, it } from 'vitest';
import { aFile } from '@/lib/testing/models';
import { configFiles, effectiveConfig } from './files';

describe('effectiveConfig', () => {
  it('takes .conf, .conflist and .json in byte order and ignores the rest', () => {
    const files = [aFile('10-aws.conflist', {}), aFile('00-multus.conf', {}), aFile('README', 'x'), aFile('05-x.json', {}), aFile('01-old.conf.bak', {})];
    expect(configFiles(files).map((f) => f.name)).toEqual(['00-multus.conf', '05-x.json', '10-aws.conflist']);
  });

  it('skips a file that does not parse, as the runtime does', () => {
    const files = [aFile('00-broken.conf', '{"type": '), aFile('10-aws.conflist', { name: 'aws-cni', plugins: [] })];
    const eff = effectiveConfig(files);
    expect(eff?.file).toBe('10-aws.conflist');
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(effectiveConfig([aFile('00-a.conf', '\uFEFF{"type":"bridge"}')])?.ok).toBe(true);
  });
});

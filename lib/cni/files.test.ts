import { describe, expect, it } from 'vitest';
import { aFile } from '@/lib/testing/models';
import { configFiles, effectiveConfig, loadConfigDir, readConfigEntry } from './files';

const AWS = { cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }] };

describe('effectiveConfig', () => {
  it('takes .conf, .conflist and .json in byte order and ignores the rest', () => {
    const files = [aFile('10-aws.conflist', {}), aFile('00-multus.conf', {}), aFile('README', 'x'), aFile('05-x.json', {}), aFile('01-old.conf.bak', {}), aFile('05-cilium.conflist.cilium_bak', {})];
    expect(configFiles(files).map((f) => f.name)).toEqual(['00-multus.conf', '05-x.json', '10-aws.conflist']);
  });

  it('sorts by bytes as Go does: upper case before lower case', () => {
    expect(configFiles([aFile('a.conf', {}), aFile('B.conf', {})]).map((f) => f.name)).toEqual(['B.conf', 'a.conf']);
  });

  it('skips a file that does not parse, as CRI-O does, and still records why', () => {
    const dir = loadConfigDir([aFile('00-broken.conf', '{"type": '), aFile('10-aws.conflist', AWS)]);
    expect(dir.effective?.name).toBe('10-aws.conflist');
    expect(dir.effectiveIndex).toBe(1);
    expect(dir.entries[0]!.load).toMatchObject({ ok: false, reason: 'invalid-json', line: 1, column: 10 });
  });

  it('rejects a UTF-8 byte-order mark like Go\'s decoder, but still reads the content', () => {
    const entry = readConfigEntry(aFile('00-a.conf', '\uFEFF{"type":"bridge"}'));
    expect(entry.load).toMatchObject({ ok: false, reason: 'invalid-json' });
    expect(entry.json?.type).toBe('bridge');
    expect(effectiveConfig([aFile('00-a.conf', '\uFEFF{"type":"bridge"}')])).toBeUndefined();
  });

  it.each([
    ['a conflist without plugins', '10-x.conflist', { cniVersion: '0.4.0', name: 'x', plugins: [] }, 'no-plugins'],
    ['a conflist without a plugins key', '10-x.conflist', { cniVersion: '0.4.0', name: 'x' }, 'no-plugins'],
    ['a conflist without a name', '10-x.conflist', { cniVersion: '0.4.0', plugins: [{ type: 'bridge' }] }, 'invalid-field'],
    ['a plugin without a type', '10-x.conflist', { name: 'x', plugins: [{ name: 'p' }] }, 'no-type'],
    ['a conflist saved as .conf', '10-x.conf', { name: 'x', plugins: [{ type: 'bridge' }] }, 'no-type'],
    ['a non-string cniVersion', '10-x.conf', { cniVersion: 1, type: 'bridge' }, 'invalid-field'],
    ['capabilities that are not booleans', '10-x.conf', { type: 'bridge', capabilities: { portMappings: 'true' } }, 'invalid-field'],
    ['a JSON array', '10-x.conf', [1, 2], 'not-object'],
  ])('refuses %s', (_label, name, content, reason) => {
    expect(readConfigEntry(aFile(name, content)).load).toMatchObject({ ok: false, reason });
  });

  it('accepts a config libcni accepts', () => {
    expect(readConfigEntry(aFile('10-aws.conflist', AWS)).load).toEqual({ ok: true });
  });

  it('says so when the content was cut at the collection cap', () => {
    const file = { ...aFile('10-big.conflist', '{"name": "x", "plugins": ['), truncated: true, size: 10_000_000 };
    expect(readConfigEntry(file).load).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('reports an unreadable file rather than guessing', () => {
    expect(readConfigEntry({ name: '10-x.conf', size: 3, truncated: false, error: 'EACCES' }).load).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});

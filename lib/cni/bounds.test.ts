import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aFile, aSnapshot } from '@/lib/testing/models';
import { MAX_SNAPSHOT_FILES, utf8Length } from './bounds';
import { readConfigEntry } from './files';
import { FILE_READ_MAX_BYTES, SNAPSHOT_READ_MAX_BYTES } from './limits';
import { parseSnapshot, type Snapshot } from './snapshot';

const docOf = (over: Partial<Snapshot> = {}): Snapshot => ({ ...aSnapshot('n1', [aFile('10-a.conf', { type: 'bridge' })]).snapshot!, ...over });

describe('parseSnapshot bounds', () => {
  it('refuses a document larger than a ConfigMap can hold, counted in UTF-8 bytes', () => {
    const pad = 'é'.repeat(SNAPSHOT_READ_MAX_BYTES / 2); // 2 bytes each: over the limit in bytes, under it in characters
    const r = parseSnapshot(JSON.stringify(docOf({ confDir: pad })));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/over 1048576 bytes/);
  });

  it('withholds a file content over the read limit, keeping its name, size and hash', () => {
    const big = aFile('00-big.conflist', `{"a":"${'x'.repeat(FILE_READ_MAX_BYTES)}"}`);
    const r = parseSnapshot(JSON.stringify(docOf({ files: [big, aFile('10-a.conf', { type: 'bridge' })] })));
    if (!r.ok) throw new Error(r.error);
    const [file, small] = r.snapshot.files;
    expect(file).toMatchObject({ name: '00-big.conflist', size: big.size, sha256: big.sha256, withheld: FILE_READ_MAX_BYTES + 8 });
    expect(file!.content).toBeUndefined();
    expect(small!.content).toBeDefined();
    expect(readConfigEntry(file!).load).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('drops what a producer claims the consumer withheld, and caps the file list', () => {
    const files = Array.from({ length: MAX_SNAPSHOT_FILES + 5 }, (_, i) => ({ ...aFile(`${String(i).padStart(4, '0')}.conf`, '{}'), withheld: 7 }));
    const r = parseSnapshot(JSON.stringify({ ...docOf({ files }), filesOmitted: 0 }));
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.files).toHaveLength(MAX_SNAPSHOT_FILES);
    expect(r.snapshot.files.every((f) => f.withheld === undefined && f.content === '{}')).toBe(true);
    expect(r.snapshot.filesOmitted).toBe(5);
  });

  it('counts UTF-8 bytes as TextEncoder does', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }), { numRuns: 500 });
  });

  it('never throws, and what it keeps is within the read limits', () => {
    const content = fc.oneof(fc.string({ maxLength: 200 }), fc.constant('y'.repeat(FILE_READ_MAX_BYTES + 1)), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)));
    const doc = fc.array(content, { maxLength: 4 }).map((contents) => JSON.stringify(docOf({ files: contents.map((c, i) => aFile(`${i}.conf`, c)) })));
    fc.assert(fc.property(fc.oneof(doc, fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
      const r = parseSnapshot(text);
      if (!r.ok) return;
      for (const f of r.snapshot.files) expect(utf8Length(f.content ?? '')).toBeLessThanOrEqual(FILE_READ_MAX_BYTES);
    }), { numRuns: 100 });
  });
});

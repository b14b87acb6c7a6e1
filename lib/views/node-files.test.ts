import { describe, expect, it } from 'vitest';
import type { FindingView } from '@/lib/api/views';
import { AWS_CONFLIST, aFile, aSnapshot, multusConf, nestedSnapshot, at } from '@/lib/testing/models';
import { fileViews, revisionChanges, revisionViews } from './node-files';

const nestedFinding: FindingView = {
  ruleId: 'multus-nested-delegates',
  severity: 'error',
  title: 'nested',
  explanation: '',
  evidence: [{ file: '00-multus.conf', jsonPath: '$.delegates[0]' }, { file: '00-multus.conf', jsonPath: '$.delegates[9]' }],
  remediations: [],
};

describe('fileViews', () => {
  it('pretty-prints JSON, marks the file the runtime uses and highlights the evidence path', () => {
    const snap = nestedSnapshot('n1').snapshot!;
    // Generated configs are one long line on disk; the view re-indents them.
    const oneLine = snap.files.map((f) => (f.name === '00-multus.conf' ? aFile(f.name, JSON.stringify(JSON.parse(f.content!))) : f));
    const { files, effectiveFile } = fileViews({ ...snap, files: oneLine }, [nestedFinding]);
    expect(effectiveFile).toBe('00-multus.conf');
    expect(files.map((f) => [f.name, f.role])).toEqual([['00-multus.conf', 'effective'], ['10-aws.conflist', 'shadowed']]);
    const multus = files[0]!;
    expect(multus.format).toBe('json');
    expect(multus.text).toBe(JSON.stringify(JSON.parse(oneLine[0]!.content!), null, 2));
    expect(multus.highlights).toHaveLength(1);
    const h = multus.highlights[0]!;
    expect(h).toMatchObject({ path: '$.delegates[0]', ruleIds: ['multus-nested-delegates'] });
    const lines = multus.text!.split('\n');
    expect(lines[h.start - 1]).toBe('    {');
    expect(lines.slice(h.start - 1, h.end).join('\n')).toContain('"name": "multus-cni-network"');
    expect(multus.unresolved).toEqual(['$.delegates[9]']);
    expect(files[1]!.highlights).toEqual([]);
  });

  it('shows invalid JSON as collected, with the error and its line highlighted', () => {
    const bad = aFile('05-bad.conf', '{\n  "type": "bridge",\n  "name": oops\n}');
    const { files, effectiveFile } = fileViews(aSnapshot('n1', [bad, aFile('10-aws.conflist', AWS_CONFLIST), aFile('notes.txt', 'hello')]).snapshot!, []);
    expect(effectiveFile).toBe('10-aws.conflist');
    expect(files.map((f) => f.role)).toEqual(['skipped', 'effective', 'not-config']);
    const f = files[0]!;
    expect(f.format).toBe('raw');
    expect(f.text).toBe(bad.content);
    expect(f.loadError).toBeTruthy();
    expect(f.parseError?.line).toBe(3);
    expect(f.highlights).toEqual([{ path: 'line 3', start: 3, end: 3, ruleIds: ['invalid-json'] }]);
  });

  it('says when there is no content', () => {
    const unreadable = { name: '00-x.conf', size: 10, truncated: false, error: 'EACCES' };
    const [f] = fileViews(aSnapshot('n1', [unreadable]).snapshot!, [{ ...nestedFinding, evidence: [{ file: '00-x.conf', jsonPath: '$.type' }] }]).files;
    expect(f).toMatchObject({ format: 'none', readError: 'EACCES', unresolved: ['$.type'], role: 'skipped' });
    expect(f!.text).toBeUndefined();
  });
});

describe('revision history', () => {
  const a = { name: 'a', sha256: '1' };
  const b = { name: 'b', sha256: '2' };

  it('names added, removed and changed files by sha256', () => {
    expect(revisionChanges({ files: [{ name: 'a', sha256: '9' }, { name: 'c' }] }, { files: [a, b] })).toEqual([
      { name: 'a', change: 'changed' },
      { name: 'b', change: 'removed' },
      { name: 'c', change: 'added' },
    ]);
    expect(revisionChanges({ files: [a, b] }, { files: [b, a] })).toEqual([]);
  });

  it('puts the current revision first and compares each with the next older one', () => {
    const healthy = aFile('00-multus.conf', multusConf(AWS_CONFLIST));
    const nested = aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST)));
    const aws = aFile('10-aws.conflist', AWS_CONFLIST);
    const snap = aSnapshot('n1', [{ ...nested, modifiedAt: at(-40) }, { ...aws, modifiedAt: at(-500) }], {
      revision: 3,
      history: [
        { revision: 2, observedAt: at(-600), digest: 'b'.repeat(64), files: [healthy, aws] },
        { revision: 1, observedAt: at(-601), digest: 'a'.repeat(64), files: [aws] },
      ],
    }).snapshot!;
    const revs = revisionViews(snap);
    expect(revs.map((r) => [r.revision, r.current, r.oldest])).toEqual([[3, true, false], [2, false, false], [1, false, true]]);
    expect(revs[0]).toMatchObject({ observedAt: at(-40), estimated: true, changes: [{ name: '00-multus.conf', change: 'changed' }] });
    expect(revs[1]).toMatchObject({ observedAt: at(-600), estimated: false, changes: [{ name: '00-multus.conf', change: 'added' }] });
    expect(revs[2]!.changes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, aFile, aSnapshot, at, multusConf } from '@/lib/testing/models';
import { currentObservedAt, revisionFiles } from './revisions';

const nested = aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST)));
const healthy = aFile('00-multus.conf', multusConf(AWS_CONFLIST));
const aws = aFile('10-aws.conflist', AWS_CONFLIST);

function snapshot(): NonNullable<ReturnType<typeof aSnapshot>['snapshot']> {
  return aSnapshot('n1', [{ ...nested, modifiedAt: at(-40) }, { ...aws, modifiedAt: at(-900) }], {
    revision: 3,
    history: [
      { revision: 2, observedAt: at(-900), digest: 'a'.repeat(64), files: [healthy, aws].map(({ name, size, sha256, content }) => ({ name, size, sha256, content })) },
      { revision: 1, observedAt: at(-901), digest: 'b'.repeat(64), files: [{ name: '10-aws.conflist', size: aws.size, sha256: aws.sha256 }] },
    ],
  }).snapshot!;
}

describe('revisionFiles', () => {
  it('gives the current files when no revision or the current one is asked for', () => {
    for (const rev of [undefined, 3]) {
      const r = revisionFiles(snapshot(), rev);
      expect(r).toMatchObject({ ok: true, revision: 3, current: true, observedAt: at(-40) });
    }
  });

  it('gives an earlier revision from history with its content', () => {
    const r = revisionFiles(snapshot(), 2);
    expect(r).toMatchObject({ ok: true, revision: 2, current: false, observedAt: at(-900) });
    expect(r.ok && r.files.map((f) => f.content)).toEqual([healthy.content, aws.content]);
  });

  it('says when a revision is unknown or its content was dropped', () => {
    expect(revisionFiles(snapshot(), 1)).toEqual({ ok: false, revision: 1, reason: 'content-dropped', observedAt: at(-901) });
    expect(revisionFiles(snapshot(), 7)).toEqual({ ok: false, revision: 7, reason: 'unknown-revision' });
  });
});

describe('currentObservedAt', () => {
  it('uses the producer\'s observedAt, and guesses from file times only without it', () => {
    const files = [{ ...aFile('00-multus.conf', multusConf(AWS_CONFLIST)), modifiedAt: at(-50) }];
    expect(currentObservedAt(aSnapshot('n', files, { observedAt: at(-40) }).snapshot!)).toBe(at(-40));
    expect(currentObservedAt(aSnapshot('n', files).snapshot!)).toBe(at(-50));
  });
});

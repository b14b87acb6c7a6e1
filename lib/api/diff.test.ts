import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffHref, diffKey, parseDiffState, serialiseDiffState, type DiffState } from './diff';
import { queryKeys } from './queries';

const parse = (qs: string): ReturnType<typeof parseDiffState> => parseDiffState(new URLSearchParams(qs));

describe('diff state in the URL', () => {
  it('reads nodes, pinned revisions, the switch and the view', () => {
    expect(parse('base=ip-10-0-1-17&baseRev=2&target=ip-10-0-4-201&targetRev=3&ignore=0&view=text')).toEqual({
      ok: true,
      state: { base: 'ip-10-0-1-17', baseRev: 2, target: 'ip-10-0-4-201', targetRev: 3, ignore: false, mode: 'text' },
    });
    expect(parse('target=n1')).toEqual({ ok: true, state: { target: 'n1', ignore: true, mode: 'side' } });
  });

  it('says what is wrong with bad input', () => {
    expect(parse('target=Not_A_Node')).toMatchObject({ ok: false, error: expect.stringContaining('target: node name must be a DNS-1123 subdomain') });
    expect(parse('target=n1&baseRev=-1')).toMatchObject({ ok: false, error: expect.stringContaining('baseRev') });
    expect(parse('target=n1&targetRev=1e3')).toMatchObject({ ok: false, error: expect.stringContaining('targetRev') });
    expect(parse('target=n1&view=tree')).toMatchObject({ ok: false, error: expect.stringContaining('view') });
    expect(parse('target=n1&ignore=yes')).toMatchObject({ ok: false, error: expect.stringContaining('ignore') });
  });

  it('writes a short, stable link', () => {
    expect(diffHref({ target: 'b', base: 'a', baseRev: 0, targetRev: 3, ignore: true, mode: 'side' })).toBe('/diff?base=a&baseRev=0&target=b&targetRev=3');
    expect(diffHref({ ignore: true, mode: 'side' })).toBe('/diff');
  });

  it('round-trips every valid state', () => {
    const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
    const rev = fc.option(fc.nat({ max: 999_999 }), { nil: undefined });
    const state = fc.record({ base: fc.option(name, { nil: undefined }), target: fc.option(name, { nil: undefined }), baseRev: rev, targetRev: rev, ignore: fc.boolean(), mode: fc.constantFrom('side' as const, 'text' as const) });
    fc.assert(fc.property(state, (s: DiffState) => {
      const back = parse(serialiseDiffState(s));
      const defined = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
      expect(back).toEqual({ ok: true, state: defined });
    }));
  });

  it('keys queries under the live stream prefix, without the view mode', () => {
    const s: DiffState = { target: 'n1', ignore: true, mode: 'side' };
    expect(diffKey(s).slice(0, queryKeys.all.length)).toEqual([...queryKeys.all]);
    expect(diffKey({ ...s, mode: 'text' })).toEqual(diffKey(s));
  });
});

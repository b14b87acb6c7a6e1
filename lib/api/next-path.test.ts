import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './next-path';

const ORIGIN = 'https://dash.example:8443';

/** What the browser does with the answer: resolve it against the page's URL. */
const landsOn = (path: string): URL => new URL(path, `${ORIGIN}/signin?next=x`);

describe('sameOriginPath', () => {
  it('keeps a path on this dashboard, with its query and fragment', () => {
    expect(sameOriginPath('/nodes/a?x=1#f', ORIGIN)).toBe('/nodes/a?x=1#f');
    expect(sameOriginPath('/diff?target=b&base=a', ORIGIN)).toBe('/diff?target=b&base=a');
    expect(sameOriginPath(`${ORIGIN}/pods`, ORIGIN)).toBe('/pods');
    // Same scheme, no slashes: a relative reference, as the browser reads it.
    expect(sameOriginPath('https:evil.example', ORIGIN)).toBe('/evil.example');
  });

  it('sends every way off the origin, and back to sign-in, to /', () => {
    const hostile = [
      '/\t/evil.example/', '/\n/evil.example/', '/\r/evil.example/', '/\t\\evil.example/',
      decodeURIComponent('/%09/evil.example/'), decodeURIComponent('/%0a/evil.example/'), decodeURIComponent('/%0d/evil.example/'), decodeURIComponent('/%09%5cevil.example/'),
      '//evil.example/', '/\\evil.example/', '\\\\evil.example/', '\\/evil.example', '/.//evil.example/',
      'https://evil.example/', 'http://dash.example:8443/', 'https://user:pw@dash.example:8443/',
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      '/signin', '/signin?next=/x', '', undefined, null,
    ];
    for (const h of hostile) expect([h, sameOriginPath(h, ORIGIN)]).toEqual([h, '/']);
  });

  it('whatever the input, the browser lands on this origin', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string({ unit: 'grapheme-ascii' }).map((s) => `/${s}`), fc.constantFrom('/', '\\', '\t', '\n', '\r', '/.', 'evil.example', '@', ':').chain((a) => fc.array(fc.constantFrom(a, '/', '\\', '\t', 'evil.example', '.', '%2f', '%5c'), { maxLength: 8 }).map((xs) => xs.join('')))), (input) => {
      const out = sameOriginPath(input, ORIGIN);
      expect(out.startsWith('/')).toBe(true);
      expect(out.startsWith('//')).toBe(false);
      expect(landsOn(out).origin).toBe(ORIGIN);
    }), { numRuns: 2_000 });
  });
});

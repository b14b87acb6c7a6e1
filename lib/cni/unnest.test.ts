import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unnestMultusConfig } from './unnest';

/** What Multus thin writes when it wraps `master` (cmd/thin_entrypoint/main.go, multusConfTemplate). */
function wrap(master: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cniVersion: master.cniVersion ?? '0.4.0', name: 'multus-cni-network', type: 'multus', ...extra, kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [master] };
}

const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['type', 'delegates', 'plugins', '__proto__'].includes(k));
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1e6, max: 1e6 }), fc.boolean(), fc.constant(null));
/** A primary CNI config: anything whose type is not Multus's, as a .conf or a .conflist. */
const primary = fc.oneof(
  fc.record({ cniVersion: fc.constantFrom('0.3.1', '0.4.0', '1.0.0'), name: fc.string({ maxLength: 10 }), type: fc.constantFrom('aws-cni', 'calico', 'cilium-cni', 'flannel', 'bridge') })
    .chain((base) => fc.dictionary(key, scalar, { maxKeys: 4 }).map((more) => ({ ...more, ...base }))),
  fc.record({ cniVersion: fc.constant('0.4.0'), name: fc.string({ maxLength: 10 }), plugins: fc.array(fc.record({ type: fc.constantFrom('aws-cni', 'portmap', 'egress-cni') }), { minLength: 1, maxLength: 3 }) }),
);
/** Options Multus adds to its own level (capabilities, log level, readiness file...). */
const options = fc.dictionary(key, scalar, { maxKeys: 3 });

function nest(p: Record<string, unknown>, levels: Array<Record<string, unknown>>): Record<string, unknown> {
  return levels.reduce<Record<string, unknown>>((inner, extra) => wrap(inner, extra), p);
}

describe('unnestMultusConfig', () => {
  it('unwraps any depth of self-nesting to the innermost Multus level, exactly', () => {
    fc.assert(fc.property(primary, fc.array(options, { minLength: 2, maxLength: 24 }), fc.constantFrom(0, 2, 4), (p, levels, indent) => {
      const innermost = wrap(p, levels[0]);
      const r = unnestMultusConfig(JSON.stringify(nest(p, levels), null, indent));
      expect(r).toEqual({ ok: true, depth: levels.length, content: `${JSON.stringify(innermost, null, 4)}\n` });
      // The result is a healthy Multus config: un-nesting it again finds nothing to do.
      expect(unnestMultusConfig(r.ok ? r.content : '')).toEqual({ ok: false, reason: expect.stringMatching(/not self-nested/) });
    }));
  });

  it('refuses a file that is not nested', () => {
    fc.assert(fc.property(primary, options, (p, o) => {
      expect(unnestMultusConfig(JSON.stringify(wrap(p, o)))).toEqual({ ok: false, reason: expect.stringMatching(/not self-nested/) });
      expect(unnestMultusConfig(JSON.stringify(p))).toEqual({ ok: false, reason: expect.stringMatching(/not a Multus thin config/) });
    }));
  });

  it('refuses anything that is not exactly the shape of Multus wrapping itself, and never returns what the file does not hold', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      const text = JSON.stringify(v);
      const r = unnestMultusConfig(text);
      if (!r.ok) return;
      // Only reachable for a genuinely nested Multus config: the result is the level `depth - 1` delegates down.
      let level = JSON.parse(text) as { delegates: unknown[] };
      for (let i = 1; i < r.depth; i++) level = level.delegates[0] as { delegates: unknown[] };
      expect(JSON.parse(r.content)).toEqual(level);
    }));
    const p = { cniVersion: '0.4.0', name: 'aws-cni', type: 'aws-cni' };
    const refused = (text: string): string => {
      const r = unnestMultusConfig(text);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(refused('{"type":"multus","delegates":[{"type":"multus"')).toMatch(/not valid JSON/);
    expect(refused('')).toMatch(/not valid JSON/);
    expect(refused(`\uFEFF${JSON.stringify(nest(p, [{}, {}]))}`)).toMatch(/byte-order mark/);
    // Multus (Go) would keep the last of two keys; a rewrite must not have to choose.
    expect(refused('{"type":"multus","delegates":[{"type":"multus","delegates":[{"type":"aws-cni"}]}],"type":"multus"}')).toMatch(/duplicate-key/);
    expect(refused(JSON.stringify(nest(p, [{}, {}])).replace('"aws-cni"}', '"aws-cni","mtu":12345678901234567890}'))).toMatch(/lossy-number/);
    // Two delegates at a nested level, or a Multus delegate beside another: not Multus's own wrapping.
    expect(refused(JSON.stringify({ ...wrap(wrap(p)), delegates: [wrap(p), p] }))).toMatch(/shape Multus's own wrapping does not produce/);
    expect(refused(JSON.stringify(wrap({ ...wrap(p), delegates: [] })))).toMatch(/has no delegates/);
    expect(refused(JSON.stringify(wrap(wrap({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'multus' }] }))))).toMatch(/does not delegate to a primary/);
    expect(refused(JSON.stringify(wrap(wrap({ type: 'multus-shim' }))))).toMatch(/does not delegate to a primary/);
    expect(refused(JSON.stringify({ cniVersion: '1.0.0', name: 'm', plugins: [wrap(wrap(p))] }))).toMatch(/not a Multus thin config/);
  });
});

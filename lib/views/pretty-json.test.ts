import { describe, expect, it } from 'vitest';
import { parseJson, type JsonValue } from '@/lib/cni/json';
import { prettyJson } from './pretty-json';

function parse(text: string): JsonValue {
  const r = parseJson(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const nested = parse(JSON.stringify({
  cniVersion: '0.3.1',
  name: 'multus-cni-network',
  type: 'multus',
  delegates: [{
    cniVersion: '0.3.1',
    name: 'multus-cni-network',
    type: 'multus',
    delegates: [{ cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }, { type: 'portmap', capabilities: { portMappings: true } }] }],
  }],
  kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig',
}));

const lineOf = (text: string, n: number): string => text.split('\n')[n - 1]!;

describe('prettyJson', () => {
  it('prints exactly what JSON.stringify(value, null, 2) prints', () => {
    for (const v of [nested, parse('[]'), parse('{}'), parse('{"a":[],"b":{},"c":null,"d":[1,"x",true]}'), parse('"s"'), parse('{"weird key":{"__proto__":1}}')]) {
      expect(prettyJson(v).text).toBe(JSON.stringify(v, null, 2));
    }
  });

  it('maps a delegate to the lines of its whole subtree', () => {
    const { text, ranges } = prettyJson(nested, ['$.delegates[0]', '$.delegates[0].delegates[0]']);
    const outer = ranges.get('$.delegates[0]')!;
    expect(lineOf(text, outer.start)).toBe('    {');
    expect(lineOf(text, outer.start + 2)).toContain('"name": "multus-cni-network"');
    expect(lineOf(text, outer.end)).toBe('    }');
    expect(lineOf(text, outer.end + 1)).toBe('  ],');
    const inner = ranges.get('$.delegates[0].delegates[0]')!;
    expect(inner.start).toBeGreaterThan(outer.start);
    expect(inner.end).toBeLessThan(outer.end);
    expect(lineOf(text, inner.start + 2)).toContain('"aws-cni"');
  });

  it('maps object keys (with their key line) and scalars to single lines', () => {
    const { text, ranges } = prettyJson(nested, ['$.kubeconfig', '$.delegates', '$.delegates[0].delegates[0].plugins[1].capabilities']);
    const kc = ranges.get('$.kubeconfig')!;
    expect(kc.start).toBe(kc.end);
    expect(lineOf(text, kc.start)).toBe('  "kubeconfig": "/etc/cni/net.d/multus.d/multus.kubeconfig"');
    const delegates = ranges.get('$.delegates')!;
    expect(lineOf(text, delegates.start)).toBe('  "delegates": [');
    const caps = ranges.get('$.delegates[0].delegates[0].plugins[1].capabilities')!;
    expect(lineOf(text, caps.start)).toContain('"capabilities": {');
    expect(caps.end - caps.start).toBe(2);
  });

  it('uses the quoted-key notation for keys that are not identifiers', () => {
    const { ranges } = prettyJson(parse('{"weird key":{"a-b":1}}'), ['$["weird key"]["a-b"]']);
    expect(ranges.get('$["weird key"]["a-b"]')).toEqual({ start: 3, end: 3 });
  });

  it('leaves out paths that are not in the value', () => {
    const { ranges } = prettyJson(nested, ['$.delegates[5]', '$.nope']);
    expect(ranges.size).toBe(0);
  });

  it('maps the root to the whole text', () => {
    const { text, ranges } = prettyJson(nested, ['$']);
    expect(ranges.get('$')).toEqual({ start: 1, end: text.split('\n').length });
  });
});

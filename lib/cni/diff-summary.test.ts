import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, multusConf } from '@/lib/testing/models';
import { diffJson } from './diff';
import { readablePath, summariseChanges, valueAt } from './diff-summary';
import type { JsonValue } from './json';

const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;
const summary = (a: unknown, b: unknown): string[] => summariseChanges(diffJson(json(a), json(b)), { base: json(a) });
const withPlugins = (plugins: unknown[]): unknown => ({ ...AWS_CONFLIST, plugins });
const [awsPlugin, egress, portmap] = AWS_CONFLIST.plugins;

describe('summariseChanges', () => {
  it('says a self-nested Multus config in one sentence, not "added and removed $.delegates[0]"', () => {
    expect(summary(multusConf(AWS_CONFLIST), multusConf(multusConf(AWS_CONFLIST)))).toEqual([
      'the whole Multus config is nested inside delegates[0] (the aws-cni that was there is now at delegates[0].delegates[0])',
    ]);
  });

  it('says a delegate wrapped into something else', () => {
    const wrapper = { type: 'meta', name: 'wrapper', delegates: [AWS_CONFLIST] };
    expect(summary(multusConf(AWS_CONFLIST), multusConf(wrapper))).toEqual([
      'delegates[0] now wraps the aws-cni that was there, which moved down to delegates[0].delegates[0]',
    ]);
  });

  it('says a changed value with both values', () => {
    expect(summary(AWS_CONFLIST, withPlugins([{ ...awsPlugin, mtu: '1500' }, egress, portmap]))).toEqual(['plugins[0].mtu changed from "9001" to "1500"']);
  });

  it('says a plugin moved, by name', () => {
    expect(summary(AWS_CONFLIST, withPlugins([portmap, awsPlugin, egress]))).toEqual(['portmap moved from plugins[2] to plugins[0]']);
  });

  it('says a plugin renamed in place and one renamed elsewhere in its list', () => {
    expect(summary(AWS_CONFLIST, withPlugins([{ ...awsPlugin, name: 'vpc' }, egress, portmap]))).toEqual(['plugins[0] (aws-cni) renamed from "aws-cni" to "vpc"']);
    expect(summary(AWS_CONFLIST, withPlugins([awsPlugin, portmap, { ...egress, name: 'egress-v4' }]))).toEqual(['egress-cni renamed from "egress-cni" to "egress-v4" (plugins[1] → plugins[2])']);
  });

  it('says added and removed plugins with their names, and a plugin replaced by another', () => {
    expect(summary(AWS_CONFLIST, withPlugins([awsPlugin, egress, portmap, { type: 'bandwidth' }]))).toEqual(['added plugins[3] (bandwidth)']);
    expect(summary(AWS_CONFLIST, withPlugins([awsPlugin, egress]))).toEqual(['removed plugins[2] (portmap)']);
    expect(summary(AWS_CONFLIST, withPlugins([{ type: 'calico', name: 'k8s-pod-network' }, egress, portmap]))).toEqual(['plugins[0] replaced: aws-cni → calico "k8s-pod-network"']);
  });

  it('bounds what it says: long values are clipped and many changes counted', () => {
    const long = 'x'.repeat(5000);
    const [s] = summary({ a: 'short' }, { a: long });
    expect(s!.length).toBeLessThan(100);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const out = summary({}, many);
    expect(out).toHaveLength(9);
    expect(out.at(-1)).toBe('and 12 more changes');
  });

  it('says which side alone has a whole file', () => {
    expect(summariseChanges([{ op: 'add', path: '$', after: {} }])).toEqual(['only the target has this file']);
    expect(summariseChanges([{ op: 'remove', path: '$', before: {} }])).toEqual(['only the base has this file']);
  });
});

describe('paths', () => {
  it('reads back the paths the diff writes, quoted keys included', () => {
    const doc = json({ a: { 'b.c': [1, { d: 'x' }] } });
    expect(valueAt(doc, '$.a["b.c"][1].d')).toBe('x');
    expect(valueAt(doc, '$.a.missing')).toBeUndefined();
    expect(valueAt(doc, '$')).toEqual(doc);
    expect(readablePath('$.delegates[0]')).toBe('delegates[0]');
    expect(readablePath('$["a b"]')).toBe('["a b"]');
  });
});

describe('hostile input', () => {
  it('pairs thousands of renamed plugins in path order and counts what it does not say', () => {
    const n = 3000;
    const a = { plugins: Array.from({ length: n }, (_, i) => ({ type: 't', name: `a${i}` })) };
    const b = { plugins: Array.from({ length: n }, (_, i) => ({ type: 't', name: `b${i}` })) };
    const changes = [
      ...a.plugins.map((p, i) => ({ op: 'remove' as const, path: `$.plugins[${i}]`, before: json(p) })),
      ...b.plugins.map((p, i) => ({ op: 'add' as const, path: `$.plugins[${i + n}]`, after: json(p) })),
    ];
    const out = summariseChanges(changes, { base: json(a) });
    expect(out[0]).toBe('t renamed from "a0" to "b0" (plugins[0] → plugins[3000])');
    expect(out.at(-1)).toBe(`and ${n - 8} more changes`);
  });
});

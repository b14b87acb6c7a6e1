import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';

const labels = { app: 'checkout', tier: 'web', 'app.kubernetes.io/name': 'checkout', replicas: '3', empty: '' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=checkout', true],
    ['app==checkout', true],
    ['app=cart', false],
    ['app!=cart', true],
    ['app!=checkout', false],
    ['missing!=x', true],
    ['app in (cart,checkout)', true],
    ['app in (cart)', false],
    ['app notin (cart)', true],
    ['app notin (checkout,cart)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=checkout,tier=web', true],
    ['app=checkout,tier=db', false],
    ['app.kubernetes.io/name=checkout', true],
    ['  app = checkout , tier in ( web , db ) ', true],
    ['empty=', true],
    ['app=', false],
    ['empty', true],
    ['replicas>2', true],
    ['replicas<2', false],
    ['app>2', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('parses requirements', () => {
    expect(parseLabelSelector('a in (x,y),!b,c!=d')).toEqual([
      { key: 'a', op: 'in', values: ['x', 'y'] },
      { key: 'b', op: 'notexists', values: [] },
      { key: 'c', op: '!=', values: ['d'] },
    ]);
  });

  it.each(['a in ()', 'a in (x', 'a b', '=x', 'a!', 'Bad_Prefix/key=v', 'a=in valid', 'a>x', `a=${'x'.repeat(64)}`, 'a=b c'])(
    'rejects %j as the API server does',
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
    },
  );

  it('treats objects without labels as having none', () => {
    expect(matchesLabels(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });
});

describe('field selectors', () => {
  const fields: Record<string, string> = { 'metadata.name': 'a,b', 'spec.nodeName': 'node-1', 'status.phase': 'Pending', reason: '' };
  const valueOf = (f: string): string => fields[f] ?? '';

  it.each([
    ['', true],
    ['spec.nodeName=node-1', true],
    ['spec.nodeName==node-1', true],
    ['spec.nodeName!=node-1', false],
    ['spec.nodeName=node-2', false],
    ['spec.nodeName=node-1,status.phase=Pending', true],
    ['spec.nodeName=node-1,status.phase!=Pending', false],
    ['metadata.name=a\\,b', true],
    ['reason=', true],
    ['reason!=', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), valueOf)).toBe(expected);
  });

  it('parses operators and escapes', () => {
    expect(parseFieldSelector('a=b,c!=d,e==f\\=g')).toEqual([
      { field: 'a', op: '=', value: 'b' },
      { field: 'c', op: '!=', value: 'd' },
      { field: 'e', op: '=', value: 'f=g' },
    ]);
  });

  it.each(['novalue', 'a=b\\x'])('rejects %j', (selector) => {
    expect(() => parseFieldSelector(selector)).toThrow(SelectorError);
  });
});

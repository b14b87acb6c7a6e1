import { describe, expect, it } from 'vitest';
import { jsonLines, markChangedLines, qosFromBody } from './json-lines';

describe('markChangedLines', () => {
  it('marks only the lines that differ, on each side', () => {
    const { before, after } = markChangedLines({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'y' } });
    expect(before.filter((l) => l.changed).map((l) => l.text.trim())).toEqual(['"c": "x"']);
    expect(after.filter((l) => l.changed).map((l) => l.text.trim())).toEqual(['"c": "y"']);
  });
  it('pairs repeated lines instead of matching them all', () => {
    const { after } = markChangedLines({ a: {} }, { a: {}, b: {} });
    expect(after.filter((l) => l.changed).map((l) => l.text.trim())).toEqual(['"a": {},', '"b": {}']);
  });
  it('shows an absent side as such', () => {
    expect(jsonLines(undefined)).toEqual(['(absent)']);
    expect(markChangedLines(undefined, { a: 1 }).before).toEqual([{ text: '(absent)', changed: true }]);
  });
});

describe('qosFromBody', () => {
  it('reads the requests of the first container', () => {
    const body = { metadata: { resourceVersion: '1' }, spec: { template: { spec: { containers: [{ name: 'kube-multus', resources: { requests: { cpu: '100m', memory: '100Mi' } } }] } } } };
    expect(qosFromBody(body)).toEqual({ cpu: '100m', memory: '100Mi' });
  });
  it('gives nothing for another shape', () => {
    expect(qosFromBody({ spec: { unschedulable: true } })).toEqual({});
    expect(qosFromBody(null)).toEqual({});
    expect(qosFromBody({ spec: { template: { spec: { containers: [{ resources: { requests: { cpu: 5 } } }] } } } })).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { describeIssue, nodeNameSchema } from './params';

describe('nodeNameSchema', () => {
  it.each(['ip-10-0-1-17.eu-west-1.compute.internal', 'a', 'node-1', `${'a'.repeat(63)}.${'b'.repeat(63)}`])('accepts %s', (name) => {
    expect(nodeNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['Node-1', 'DNS-1123'],
    ['-node', 'DNS-1123'],
    ['node..a', 'DNS-1123'],
    ['node/../etc', 'DNS-1123'],
    ['<script>', 'DNS-1123'],
    ['a'.repeat(254), '253'],
  ])('rejects %j with a clear message', (name, words) => {
    const r = nodeNameSchema.safeParse(name);
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssue(r.error)).toContain(words);
  });
});

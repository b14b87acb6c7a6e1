import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildState } from './build-freshness';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'cni-health-build-'));
  mkdirSync(join(root, '.next'));
  mkdirSync(join(root, 'lib', 'health'), { recursive: true });
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'lib', 'health', 'rules.ts'), 'export {};');
  writeFileSync(join(root, 'docs', 'a.md'), '#');
  return root;
}
const at = (root: string, path: string, seconds: number): void => utimesSync(join(root, path), seconds, seconds);

describe('buildState', () => {
  it('says there is no build when .next has no BUILD_ID', () => {
    expect(buildState(tree())).toEqual({ state: 'none' });
  });

  it('is fresh when every source is older than the build', () => {
    const root = tree();
    writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
    at(root, 'lib/health/rules.ts', 1_000);
    at(root, '.next/BUILD_ID', 2_000);
    expect(buildState(root)).toEqual({ state: 'fresh' });
  });

  it('is stale, naming the file, when a source changed after the build (a git pull)', () => {
    const root = tree();
    writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
    at(root, '.next/BUILD_ID', 2_000);
    at(root, 'lib/health/rules.ts', 3_000);
    expect(buildState(root)).toEqual({ state: 'stale', newer: 'lib/health/rules.ts' });
  });

  it('ignores files the build does not compile', () => {
    const root = tree();
    writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
    at(root, 'lib/health/rules.ts', 1_000);
    at(root, '.next/BUILD_ID', 2_000);
    at(root, 'docs/a.md', 3_000);
    expect(buildState(root)).toEqual({ state: 'fresh' });
  });
});

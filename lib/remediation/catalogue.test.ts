import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, remediationInfo } from './catalogue';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('remediation catalogue', () => {
  it('has an entry for every remediation id a rule points to', () => {
    const referenced = new Set<string>();
    for (const file of sources('lib/health')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/remediations: \[([^\]]*)\]/g)) {
        for (const id of m[1]!.matchAll(/'([a-z0-9-]+)'/g)) referenced.add(id[1]!);
      }
    }
    expect(referenced.size).toBeGreaterThan(3);
    for (const id of referenced) expect(remediationInfo(id), id).toBeDefined();
  });

  it('keys each entry by its own id and ignores prototype names', () => {
    for (const [key, info] of Object.entries(CATALOGUE)) expect(info.id).toBe(key);
    expect(remediationInfo('__proto__')).toBeUndefined();
    expect(remediationInfo('toString')).toBeUndefined();
  });
});

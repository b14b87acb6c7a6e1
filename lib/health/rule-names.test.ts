import { describe, expect, it } from 'vitest';
import { RULE_NAMES, ruleName } from './rule-names';

// The rules' source text, through Vite's glob import (a domain test does no I/O of its own).
const sources = (import.meta as unknown as { glob: (p: string[], o: object) => Record<string, string> })
  .glob(['./rules/*.ts', './daemonset.ts', '!./rules/*.test.ts'], { query: '?raw', import: 'default', eager: true });

/** Every finding id the node rules and the DaemonSet rules can emit, read from their source: literals and the `cond ? 'a' : 'b'` form. */
function emittedIds(): Set<string> {
  const ids = new Set<string>();
  for (const text of Object.values(sources)) {
    for (const line of text.split('\n')) {
      const m = /\bruleId: (.*)$/.exec(line);
      if (!m) continue;
      for (const q of m[1]!.matchAll(/'([a-z0-9-]+)'/g)) ids.add(q[1]!);
    }
  }
  return ids;
}

describe('rule names', () => {
  it('names every id a node rule emits, and nothing else', () => {
    const emitted = emittedIds();
    expect(emitted.size).toBeGreaterThan(40);
    expect([...emitted].filter((id) => !ruleName(id)).sort()).toEqual([]);
    expect(Object.keys(RULE_NAMES).filter((id) => !emitted.has(id)).sort()).toEqual([]);
  });

  it('never takes a name from the prototype chain', () => {
    expect(ruleName('constructor')).toBeUndefined();
    expect(ruleName('__proto__')).toBeUndefined();
  });
});

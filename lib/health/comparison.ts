/**
 * Which healthy node to compare a node with, when the user did not say.
 * The best reference runs the same config variant in the same pool (only
 * node-specific values differ), nearest first: same zone, then by name. When
 * the node's own variant has no healthy member (the broken config is a
 * variant of its own, as with a self-nested Multus config), the reference is
 * the largest healthy variant of its pool, else of its zone, else of the
 * cluster: what the node's config should most likely look like.
 */
import type { Verdict } from './types';

export interface Candidate {
  name: string;
  verdict: Verdict;
  zone?: string;
  pool?: string;
  /** Config variant (normalised fingerprint); absent without a snapshot. */
  variant?: string;
}

export type ChoiceReason = 'same-variant' | 'largest-variant-in-pool' | 'largest-variant-in-zone' | 'largest-variant-in-cluster';

export interface BaseChoice {
  node: string;
  reason: ChoiceReason;
  /** Healthy nodes sharing the chosen node's variant in the scope searched. */
  variantSize: number;
  /** One plain sentence naming the choice, for the page and the Markdown summary. */
  description: string;
}

const byNearness = (target: Candidate) => (a: Candidate, b: Candidate): number =>
  Number(b.zone === target.zone) - Number(a.zone === target.zone) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function largestVariant(pool: readonly Candidate[], target: Candidate): { pick: Candidate; size: number } | undefined {
  const groups = new Map<string, Candidate[]>();
  for (const c of pool) {
    const g = groups.get(c.variant!);
    if (g) g.push(c);
    else groups.set(c.variant!, [c]);
  }
  const best = [...groups.values()].sort((a, b) => b.length - a.length || (a[0]!.variant! < b[0]!.variant! ? -1 : 1))[0];
  if (!best) return undefined;
  // The nearest member: one pass, not a sort of thousands.
  const nearer = byNearness(target);
  let pick = best[0]!;
  for (const c of best) if (nearer(c, pick) < 0) pick = c;
  return { pick, size: best.length };
}

function describeChoice(pick: Candidate, reason: ChoiceReason, size: number, target: Candidate): string {
  const where = target.pool ? `pool ${target.pool}` : 'its pool';
  switch (reason) {
    case 'same-variant':
      return `compared with ${pick.name}, the nearest healthy node in ${where} with the same config variant${pick.zone && pick.zone === target.zone ? ` (same zone, ${pick.zone})` : ''}`;
    case 'largest-variant-in-pool':
      return `compared with ${pick.name}, a healthy node of the most common healthy config in ${where} (${size} node${size === 1 ? '' : 's'}); no healthy node shares ${target.name}'s config variant`;
    case 'largest-variant-in-zone':
      return `compared with ${pick.name}, a healthy node of the most common healthy config in zone ${target.zone} (${size} node${size === 1 ? '' : 's'}); ${where} has no healthy node to compare with`;
    case 'largest-variant-in-cluster':
      return `compared with ${pick.name}, a healthy node of the most common healthy config in the cluster (${size} node${size === 1 ? '' : 's'}); neither its pool nor its zone has a healthy node to compare with`;
  }
}

export function chooseBase(target: Candidate, candidates: readonly Candidate[]): BaseChoice | undefined {
  const healthy = candidates.filter((c) => c.name !== target.name && c.verdict === 'healthy' && c.variant !== undefined);
  const samePool = healthy.filter((c) => c.pool === target.pool);
  const steps: Array<[ChoiceReason, readonly Candidate[]]> = [
    ['same-variant', target.variant === undefined ? [] : samePool.filter((c) => c.variant === target.variant)],
    ['largest-variant-in-pool', samePool],
    ['largest-variant-in-zone', target.zone === undefined ? [] : healthy.filter((c) => c.zone === target.zone)],
    ['largest-variant-in-cluster', healthy],
  ];
  for (const [reason, scope] of steps) {
    const found = largestVariant(scope, target);
    if (found) return { node: found.pick.name, reason, variantSize: found.size, description: describeChoice(found.pick, reason, found.size, target) };
  }
  return undefined;
}

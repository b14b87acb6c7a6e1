/**
 * Okabe–Ito, minus the greens and oranges the verdicts use, then greys:
 * distinguishable with common colour-vision deficiencies. The values live in
 * app/globals.css (`--series-N`), one set for light and one for dark (where
 * black would vanish), so charts follow `prefers-color-scheme` like the rest.
 */
export const SERIES_COUNT = 9;

export function seriesColour(index: number): string {
  return `var(--series-${index % SERIES_COUNT})`;
}

/** Timeline markers: a config change, the pod's start and its end. */
export const TONE_COLOUR = { change: 'var(--tone-change)', start: 'var(--tone-start)', end: 'var(--tone-end)' } as const;

/** Okabe–Ito, minus the greens and oranges the verdicts use, then greys: distinguishable with common colour-vision deficiencies. */
export const SERIES_COLOURS: readonly string[] = ['#0072B2', '#CC79A7', '#E69F00', '#56B4E9', '#D55E00', '#009E73', '#F0E442', '#000000', '#8c8c8c'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

/** "14:05", 24-hour, in the viewer's time zone: axis ticks need no seconds. */
export function formatTick(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

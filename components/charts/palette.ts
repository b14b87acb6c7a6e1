/** Okabe–Ito, minus the greens and oranges the verdicts use, then greys: distinguishable with common colour-vision deficiencies. */
export const SERIES_COLOURS: readonly string[] = ['#0072B2', '#CC79A7', '#E69F00', '#56B4E9', '#D55E00', '#009E73', '#F0E442', '#000000', '#8c8c8c'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

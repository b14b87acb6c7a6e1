import type { ReactNode } from 'react';
import type { Verdict } from '@/lib/api/views';

/*
 * Each verdict has its own shape as well as its own colour, so the grid
 * reads the same to colour-blind eyes and in a greyscale screenshot.
 */
const PATHS: Record<Verdict, ReactNode> = {
  healthy: <path d="M4 8.5l2.5 2.5L12 5.5" fill="none" strokeWidth="2" />,
  degraded: <path d="M8 4v5M8 11.2v.6" fill="none" strokeWidth="2" />,
  broken: <path d="M5 5l6 6M11 5l-6 6" fill="none" strokeWidth="2" />,
  unknown: <path d="M6 6.2a2 2 0 1 1 2.6 1.9c-.5.2-.6.5-.6 1v.5M8 11.6v.4" fill="none" strokeWidth="1.6" />,
};

const LABEL: Record<Verdict, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  broken: 'Broken',
  unknown: 'Unknown',
};

export function verdictLabel(v: Verdict): string {
  return LABEL[v];
}

/** `decorative` where the verdict's name is already written beside the icon: one accessible name, not "Broken Broken". */
export function VerdictIcon({ verdict, size = 16, decorative = false }: { verdict: Verdict; size?: number; decorative?: boolean }): ReactNode {
  const frame =
    verdict === 'broken' ? <polygon points="5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5" /> :
    verdict === 'degraded' ? <polygon points="8,1 15,14.5 1,14.5" /> :
    verdict === 'unknown' ? <rect x="1.5" y="1.5" width="13" height="13" rx="2" /> :
    <circle cx="8" cy="8" r="7" />;
  return (
    <svg className={`verdict-icon v-${verdict}`} width={size} height={size} viewBox="0 0 16 16" {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': LABEL[verdict] })}>
      <g className="frame">{frame}</g>
      <g className="glyph" stroke="currentColor" strokeLinecap="round">{PATHS[verdict]}</g>
    </svg>
  );
}

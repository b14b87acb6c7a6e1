import type { ReactNode } from 'react';
import { VERDICTS, type Verdict } from '@/lib/api/views';
import { VerdictIcon, verdictLabel } from './VerdictIcon';

export function VerdictCounts({ counts, total }: { counts: Record<Verdict, number>; total: number }): ReactNode {
  return (
    <ul className="verdict-counts" aria-label="Nodes by verdict" data-testid="verdict-counts">
      <li data-testid="count-total"><strong>{total}</strong> nodes</li>
      {VERDICTS.map((v) => (
        <li key={v} className={`count v-${v}`} data-testid={`count-${v}`} data-count={counts[v]}>
          <VerdictIcon verdict={v} size={14} decorative /> <strong>{counts[v]}</strong> {verdictLabel(v).toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

import type { RecentPodView } from '@/lib/api/node-detail';

export interface RecoveryCounts {
  total: number;
  running: number;
  stuck: number;
  notRunning: number;
  gone: number;
}

export function recoveryCounts(pods: readonly RecentPodView[]): RecoveryCounts {
  const c: RecoveryCounts = { total: pods.length, running: 0, stuck: 0, notRunning: 0, gone: 0 };
  for (const p of pods) {
    if (p.state === 'running') c.running++;
    else if (p.state === 'stuck') c.stuck++;
    else if (p.state === 'gone') c.gone++;
    else c.notRunning++;
  }
  return c;
}

/** "7 of 7 pods running", then what holds the rest back; the first words are the answer an on-call looks for. */
export function recoverySentence(c: RecoveryCounts): string {
  const head = `${c.running} of ${c.total} pod${c.total === 1 ? '' : 's'} running`;
  const rest = [
    c.stuck > 0 && `${c.stuck} still stuck`,
    c.notRunning > 0 && `${c.notRunning} not running for another reason`,
    c.gone > 0 && `${c.gone} deleted (a controller may have replaced ${c.gone === 1 ? 'it' : 'them'})`,
  ].filter(Boolean);
  return rest.length ? `${head}; ${rest.join(', ')}` : head;
}

export const STATE_LABEL: Record<RecentPodView['state'], string> = { running: 'running', stuck: 'still stuck', 'not-running': 'not running', gone: 'deleted' };

import type { PodTimelineView, StuckSeriesView } from '@/lib/api/pods';
import { formatDuration } from '@/components/ui/time';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * One sentence saying what the pod timeline shows, for screen readers and
 * for anyone reading instead of looking: the trigger, then the failures.
 */
export function timelineSentence(tl: PodTimelineView): string {
  const parts: string[] = [];
  const first = tl.episodes[0];
  const change = tl.changeBeforeFailures;
  if (change && first) {
    const lead = Date.parse(first.firstSeen) - Date.parse(change.at);
    parts.push(`The node's CNI config changed to revision ${change.revision} ${formatDuration(lead)} before the first sandbox failure.`);
  } else if (first) {
    parts.push('No config change of the node is known before the first sandbox failure.');
  }
  parts.push(`${plural(tl.totalFailures, 'sandbox failure')} in ${plural(tl.episodes.length, 'event')}${first ? `, over ${formatDuration(tl.end - Date.parse(first.firstSeen))}` : ''}.`);
  parts.push(tl.endKind === 'running' ? 'Then the pod started.' : 'The pod is still not running.');
  return parts.join(' ');
}

/** The cluster chart in words: how many pods on how many nodes, and the peak. */
export function seriesSentence(chart: StuckSeriesView): string {
  if (chart.series.length === 0) return `No pod was stuck in the last ${formatDuration(chart.to - chart.from)}.`;
  const nodes = chart.series.map((s) => `${s.key} (peak ${s.peak})`).join(', ');
  return `${plural(chart.pods, 'pod')} stuck at some point in the last ${formatDuration(chart.to - chart.from)}, at most ${chart.peak} at once, ${chart.current} now. By node: ${nodes}.`;
}

/** Room for the part that names the cause: kubelet messages put it last, after the sandbox id and plugin chain. */
export const MESSAGE_TAIL = 180;

/** The end of a long event message, marked as cut; the full text is in the timeline. */
export function messageTail(message: string, max = MESSAGE_TAIL): string {
  return message.length <= max ? message : `…${message.slice(message.length - max + 1)}`;
}

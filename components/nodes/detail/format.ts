/**
 * Display helpers for the node page. Times are shown in UTC so the server
 * render and the browser agree (no hydration mismatch) and so a time pasted
 * into an incident channel means the same to everyone.
 */
import { formatDuration } from '@/components/ui/time';

/** `2026-11-03 20:47:58 UTC`; the input as is when it is not a time. */
export function formatUtc(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "12 min ago", measured against the view's own generation time, not the viewer's clock. */
export function ago(iso: string | undefined, nowIso: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  const now = Date.parse(nowIso);
  if (Number.isNaN(t) || Number.isNaN(now)) return '';
  return now >= t ? `${formatDuration(now - t)} ago` : `in ${formatDuration(t - now)}`;
}

export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : '—';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A stable element id for a file's panel, so evidence can link to it and the link survives a reload. */
export function fileAnchor(name: string): string {
  return `file-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

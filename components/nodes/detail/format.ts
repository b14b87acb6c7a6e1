/** Display helpers for the node page; times are written by components/ui/Time. */

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

/** Anchor of a finding on the node page (the first of its rule), for "Caused by" links. */
export function findingAnchor(ruleId: string): string {
  return `finding-${ruleId.replace(/[^a-z0-9-]/g, '-')}`;
}

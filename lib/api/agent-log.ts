/**
 * The primary CNI agent's log tail on the node page: its view, the query
 * it is read with (bounded whatever the request asks), and how the text is
 * cut into lines. Pure; shared by the route and the UI.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, queryKeys } from './queries';

/** Lines asked of the API server by default, and at most (`kubectl logs --tail`). */
export const LOG_TAIL_DEFAULT = 100;
export const LOG_TAIL_MAX = 500;
/** Bytes asked of the API server (limitBytes) and kept: a log line can be megabytes. */
export const LOG_LIMIT_BYTES = 64 * 1024;
/** A line longer than this is cut (and said so): the tail is for reading, not for a whole dump. */
export const LOG_LINE_CHARS = 2_000;

export const agentLogQuerySchema = z.object({
  previous: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  tailLines: z.coerce.number().int('tailLines must be an integer').min(1, 'tailLines must be at least 1').max(LOG_TAIL_MAX, `tailLines must be at most ${LOG_TAIL_MAX}`).default(LOG_TAIL_DEFAULT),
});

export type AgentLogQuery = z.infer<typeof agentLogQuerySchema>;

interface Target { pod: string; container: string; previous: boolean }

export type AgentLogView =
  | (Target & { state: 'ok'; lines: string[]; /** Lines were dropped or cut to fit the bounds. */ truncated: boolean; tailLines: number; limitBytes: number })
  /** The user's RBAC does not allow `get pods/log` there: said plainly, not an error page. */
  | (Target & { state: 'forbidden'; message: string })
  /** The API server answered, but there is no such log now (waiting to start, no previous run). */
  | (Target & { state: 'unavailable'; message: string })
  | { state: 'no-agent'; message: string };

/**
 * Lines of a log text, the last `maxLines`, each cut at LOG_LINE_CHARS.
 * `truncated` when there may be more than shown: the API server already kept
 * only the tail, so a full tail (or a full limitBytes) is as much as we know.
 */
export function logLines(text: string, maxLines: number, limitBytes = LOG_LIMIT_BYTES): { lines: string[]; truncated: boolean } {
  const all = text.split('\n');
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  let truncated = all.length >= maxLines || Buffer.byteLength(text) >= limitBytes;
  const lines = all.slice(-maxLines).map((l) => {
    const line = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (line.length <= LOG_LINE_CHARS) return line;
    truncated = true;
    return `${line.slice(0, LOG_LINE_CHARS)}… (${line.length - LOG_LINE_CHARS} more characters)`;
  });
  return { lines, truncated };
}

export function agentLogUrl(node: string, previous: boolean): string {
  return `/api/nodes/${encodeURIComponent(node)}/agent-log?${new URLSearchParams({ previous: String(previous) })}`;
}

/** Not under queryKeys.all: the live stream must not re-read logs on every cluster change; the user refreshes. */
export function agentLogQuery(node: string, previous: boolean) {
  return queryOptions({
    queryKey: ['agent-log', ...queryKeys.all, node, previous] as const,
    queryFn: ({ signal }) => fetchJson<AgentLogView>(agentLogUrl(node, previous), { signal }),
    staleTime: 30_000,
    retry: false,
  });
}

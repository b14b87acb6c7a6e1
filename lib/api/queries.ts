import { queryOptions } from '@tanstack/react-query';
import type { ErrorView, GridView } from './views';

/** Every query key in one place, so invalidation from the live stream can target them. */
export const queryKeys = {
  all: ['cni-health'] as const,
  grid: () => [...queryKeys.all, 'grid'] as const,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorView,
  ) {
    super(body.error);
    this.name = 'ApiError';
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (!res.ok) {
    let body: ErrorView = { error: `${res.status} ${res.statusText}`, code: 'internal' };
    try {
      body = (await res.json()) as ErrorView;
    } catch {
      // keep the status line
    }
    throw new ApiError(res.status, body);
  }
  return (await res.json()) as T;
}

export function gridQuery() {
  return queryOptions({
    queryKey: queryKeys.grid(),
    queryFn: ({ signal }) => fetchJson<GridView>('/api/nodes', { signal }),
    // The live stream invalidates this query; the interval is the safety net
    // when the stream is down.
    refetchInterval: 15_000,
  });
}

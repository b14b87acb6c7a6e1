import { diffResponse } from '@/lib/views/diff-response';

export const dynamic = 'force-dynamic';

/** Two nodes' CNI configs compared (lib/views/diff-response.ts); in production the server answers it before Next (lib/server/fast-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return diffResponse(request.headers, new URL(request.url));
}

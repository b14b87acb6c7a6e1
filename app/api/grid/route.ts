import { gridResponse } from '@/lib/views/grid-response';

export const dynamic = 'force-dynamic';

/** The compact grid (lib/views/grid-response.ts); in production the server answers it before Next (lib/server/fast-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return gridResponse(request.headers, new URL(request.url));
}

/**
 * The custom server's layer shape (server/pipeline.ts on the identity branch
 * declares the same): `(next) => handler`, composed in order around Next.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
export type Layer = (next: Handler) => Handler;

/**
 * meta/v1 Status: the body of every error the API server returns, and of
 * ERROR watch events. Clients (client-go, client-node) read `code` and `reason`.
 */

export type StatusReason =
  | 'NotFound' | 'BadRequest' | 'Expired' | 'Gone' | 'Unauthorized' | 'MethodNotAllowed'
  | 'NotAcceptable' | 'Timeout' | 'InternalError';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason: string; message: string; field?: string }[];
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

export function status(code: number, reason: StatusReason, message: string, details?: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Thrown by handlers; the router turns it into a Status response. */
export class ApiError extends Error {
  readonly status: Status;
  constructor(body: Status) {
    super(body.message);
    this.status = body;
  }
}

export function notFound(resource: string, name: string, group = ''): ApiError {
  const what = group ? `${resource}.${group}` : resource;
  return new ApiError(status(404, 'NotFound', `${what} "${name}" not found`, { name, ...(group ? { group } : {}), kind: resource }));
}

export function pathNotFound(): ApiError {
  return new ApiError(status(404, 'NotFound', 'the server could not find the requested resource', {}));
}

export function badRequest(message: string): ApiError {
  return new ApiError(status(400, 'BadRequest', message));
}

/** The message the watch cache uses; the number in parentheses is the oldest RV it still has. */
export function tooOldResourceVersion(requested: string, oldest: string): Status {
  return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function expiredContinue(): ApiError {
  return new ApiError(status(410, 'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
}

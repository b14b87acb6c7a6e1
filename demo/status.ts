/**
 * meta/v1 Status: the body of every error the API server returns, and of
 * ERROR watch events. Clients (client-go, client-node) read `code` and `reason`.
 */

export type StatusReason =
  | 'NotFound' | 'BadRequest' | 'Expired' | 'Gone' | 'Unauthorized' | 'MethodNotAllowed'
  | 'NotAcceptable' | 'Timeout' | 'InternalError' | 'Forbidden' | 'Conflict' | 'AlreadyExists'
  | 'Invalid' | 'TooManyRequests' | 'UnsupportedMediaType' | 'RequestEntityTooLarge';

export interface StatusCause { reason: string; message: string; field?: string }

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
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

/** `pods` or `daemonsets.apps`: how the API server names a resource in messages (GroupResource.String()). */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function conflict(resource: string, group: string, name: string, why: string): ApiError {
  return new ApiError(status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`,
    { name, ...(group ? { group } : {}), kind: resource }));
}

export const MODIFIED_CONFLICT = 'the object has been modified; please apply your changes to the latest version and try again';

export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError(status(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, ...(group ? { group } : {}), kind: resource }));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
}

/** One field error as apimachinery's field.Error renders it. */
export interface FieldError { type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueNotSupported' | 'FieldValueDuplicate'; field: string; detail: string }

const FIELD_PREFIX: Record<FieldError['type'], string> = {
  FieldValueInvalid: 'Invalid value', FieldValueRequired: 'Required value', FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long', FieldValueNotSupported: 'Unsupported value', FieldValueDuplicate: 'Duplicate value',
};

export function fieldMessage(e: FieldError): string {
  return `${FIELD_PREFIX[e.type]}: ${e.detail}`;
}

/** errors.NewInvalid: `Kind "name" is invalid: field: message` (several joined in brackets), one cause per error. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const parts = errs.map((e) => `${e.field}: ${fieldMessage(e)}`);
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError(status(422, 'Invalid', `${qualified(kind, group)} "${name}" is invalid: ${joined}`, {
    name, ...(group ? { group } : {}), kind,
    causes: errs.map((e) => ({ reason: e.type, message: fieldMessage(e), field: e.field })),
  }));
}

/** A Status with status Success, as DELETE of most kinds and evictions answer. */
export function success(code: number, details?: StatusDetails): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code };
}

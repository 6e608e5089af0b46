import {
  BadRequestError,
  ConflictError,
  type DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnavailableError,
} from '../shared/errors.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

/**
 * The one place where a kind of domain error becomes an HTTP status. Validation errors and broken
 * rules (and any kind not listed) are 422: the request was read, its values refused.
 */
export function statusOf(e: DomainError): ErrorStatus {
  if (e instanceof BadRequestError) return 400;
  if (e instanceof UnauthorizedError) return 401;
  if (e instanceof ForbiddenError) return 403;
  if (e instanceof NotFoundError) return 404;
  if (e instanceof ConflictError) return 409;
  if (e instanceof TooManyAttemptsError) return 429;
  if (e instanceof UnavailableError) return 503;
  return 422;
}

/** The API's error object, words as given (keys or English). */
export function errorBody(e: DomainError) {
  const body: { error: { code: string; message: string; fields?: Record<string, string> } } = {
    error: { code: e.code, message: e.message },
  };
  if (Object.keys(e.fields).length) body.error.fields = e.fields;
  return body;
}

/** Turn zod issues into one message per field (the first one wins). */
export function fieldsFromZod(issues: { path: PropertyKey[]; message: string }[]) {
  const fields: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join('.') || '_';
    fields[key] ??= i.message;
  }
  return fields;
}

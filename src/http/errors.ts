/** Rule violations raised by domain functions; routes map them to a status and, for forms, a field. */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 = 422,
    public readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  constructor(fields: Record<string, string>, message = 'Some values are not valid.') {
    super('invalid_input', message, 422, fields);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super('not_found', message, 404);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this.') {
    super('forbidden', message, 403);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in first.') {
    super('unauthorized', message, 401);
  }
}

export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    /** When known, how long to wait: sent as Retry-After, and as {minutes} in the message. */
    public readonly retryAfterSeconds: number | null = null,
  ) {
    super('too_many_attempts', message, 429);
  }

  /** The message's words: `{minutes}`, the wait rounded up to whole minutes. */
  get vars() {
    return { minutes: Math.ceil((this.retryAfterSeconds ?? 60) / 60) };
  }
}

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

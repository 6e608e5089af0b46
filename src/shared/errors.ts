/**
 * What a domain function refuses, by kind. No HTTP here: `src/http/errors.ts` is the one place
 * that turns each kind into a status, an API error object and, for forms, field messages.
 * `message` and the values of `fields` are i18n keys (or plain English where no key exists).
 */
export abstract class DomainError extends Error {
  constructor(
    /** Stable machine-readable code, the API's `error.code`. */
    public readonly code: string,
    message: string,
    /** Field name -> message key, for the form or the API's `error.fields`. */
    public readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The words put into `message` and the field messages (`{n}` also picks the plural form). */
  get vars(): Record<string, string | number> | undefined {
    return undefined;
  }
}

/** The request itself cannot be read (a body that is not JSON, a malformed parameter). */
export class BadRequestError extends DomainError {}

/** Values that break a rule, field by field. */
export class ValidationError extends DomainError {
  constructor(fields: Record<string, string>, message = 'Some values are not valid.') {
    super('invalid_input', message, fields);
  }
}

/** A rule of the trade refuses the action as asked (a wrong handover code, over the ceiling). */
export class RuleBrokenError extends DomainError {}

/** Nothing of that kind that this actor may see. */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found.', code = 'not_found') {
    super(code, message);
  }
}

/** Nobody is signed in, or the credentials are not right. */
export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in first.', code = 'unauthorized') {
    super(code, message);
  }
}

/** Signed in, but this actor may not do this. */
export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this.', code = 'forbidden') {
    super(code, message);
  }
}

/** The thing is no longer in the state the action needs (taken, not claimed, not pending). */
export class ConflictError extends DomainError {}

/** A service this one depends on (the address service) cannot be reached: the caller may retry. */
export class UnavailableError extends DomainError {}

/** Too many tries in a window: the caller waits, `retryAfterSeconds` when known. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    /** When known, how long to wait: sent as Retry-After, and as {minutes} in the message. */
    public readonly retryAfterSeconds: number | null = null,
    code = 'too_many_attempts',
  ) {
    super(code, message);
  }

  /** The message's words: `{minutes}`, the wait rounded up to whole minutes. */
  override get vars() {
    return { minutes: Math.ceil((this.retryAfterSeconds ?? 60) / 60) };
  }
}

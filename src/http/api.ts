import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import { fieldsFromZod } from './errors.js';

export class InvalidJsonError extends BadRequestError {
  constructor() {
    super('invalid_json', 'The request body is not valid JSON.');
  }
}

/** Parse and check a JSON body: 400 when unreadable, 422 with fields when a value breaks a rule. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new InvalidJsonError();
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidJsonError();
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(fieldsFromZod(parsed.error.issues), 'Some values are not valid.');
  return parsed.data;
}

import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ValidationError } from '../shared/errors.js';
import { weakPasswordMessages } from './messages.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's 0-4 scale: 3 is "safely unguessable" (about 10^10 guesses) against an offline attack. */
const MIN_SCORE = 3;

// Loaded and built on first use: the dictionaries take ~10 MB of heap and ranking them ~80 ms,
// which a process that sets no password need not pay. No translations: the feedback comes back as
// keys that messages.ts words in French and English.
let factory: Promise<ZxcvbnFactory> | null = null;
const estimator = () =>
  (factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-fr'),
  ]).then(
    ([{ ZxcvbnFactory }, common, french]) =>
      new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...french.dictionary },
        graphs: common.adjacencyGraphs,
      }),
  ));

/** The e-mail, its parts and the name: a password made of them is guessed first. */
function userInputs(about: { email?: string | null; name?: string | null }) {
  const inputs = new Set<string>();
  for (const v of [about.email, about.name]) {
    if (!v) continue;
    const s = v.trim().toLowerCase();
    inputs.add(s);
    inputs.add(s.split('@')[0]);
    for (const part of s.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) inputs.add(part);
  }
  return [...inputs].filter(Boolean);
}

/**
 * Why this password must not be used (a message key), or null when it may. Every place that sets a
 * password goes through here: sign-up, invitations, members added through the API, the admin set
 * from the environment, a change of password.
 */
export async function passwordWeakness(
  password: string,
  about: { email?: string | null; name?: string | null } = {},
): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return 'err.password_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'err.too_long';
  const result = (await estimator()).check(password, userInputs(about));
  if (result.score >= MIN_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  const why = warning
    ? `err.password_weak.w.${warning}`
    : `err.password_weak.s.${suggestions[0] ?? ''}`;
  return weakPasswordMessages.has(why) ? why : 'err.password_weak';
}

/** Throws a field error on `password` when the password may not be used. */
export async function assertStrongPassword(
  password: string,
  about: { email?: string | null; name?: string | null } = {},
  field = 'password',
) {
  const why = await passwordWeakness(password, about);
  if (why) throw new ValidationError({ [field]: why });
}

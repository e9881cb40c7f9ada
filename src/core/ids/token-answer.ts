import { FinesseError } from '../kernel/errors.ts';
import type { TokenAnswer } from '../session/types.ts';

/** Longest `expires_in` we believe (seconds): Genesys allows 2 days; anything beyond is a bug. */
export const MAX_EXPIRES_IN_S = 172_800;
/** Shortest: below a second nothing could be scheduled before expiry. */
export const MIN_EXPIRES_IN_S = 1;

const invalid = (why: string) =>
  new FinesseError('token-answer-invalid', `The token answer is not usable: ${why}.`);

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(`"${field}" is not a string`);
  return value;
}

/**
 * Validates a parsed `/desktop/sso/token` answer (Cisco's field names). Anything that is not a
 * JSON object with a non-empty string `token` and a sane `expires_in` is an error; the messages
 * name the field, never its value.
 */
export function toTokenAnswer(value: unknown): TokenAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('it is not a JSON object');
  }
  const body = value as Record<string, unknown>;
  if (typeof body.token !== 'string' || body.token.trim() === '') {
    throw invalid('"token" is missing or not a string');
  }
  const expiresIn =
    typeof body.expires_in === 'string' && /^\d+$/.test(body.expires_in)
      ? Number(body.expires_in)
      : body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
    throw invalid('"expires_in" is missing or not a number');
  }
  if (expiresIn < MIN_EXPIRES_IN_S || expiresIn > MAX_EXPIRES_IN_S) {
    throw invalid(
      `"expires_in" ${expiresIn} is outside ${MIN_EXPIRES_IN_S}..${MAX_EXPIRES_IN_S} s`,
    );
  }
  const refreshToken = optionalString(body.refresh_token, 'refresh_token');
  const userId = optionalString(body.user_id, 'user_id');
  if (userId.trim() === '') throw invalid('"user_id" is missing');
  const answer: TokenAnswer = {
    token: body.token,
    expiresIn,
    userId,
    realm: optionalString(body.realm, 'realm'),
    userPrincipal: optionalString(body.user_principal, 'user_principal'),
  };
  if (refreshToken !== '') answer.refreshToken = refreshToken;
  return answer;
}

/** Parses JSON text into a {@link TokenAnswer}; HTML or other text is `token-answer-invalid`. */
export function parseTokenAnswer(text: string): TokenAnswer {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) throw invalid('it is an HTML page, not JSON');
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw invalid('it is not valid JSON');
  }
  return toTokenAnswer(value);
}

/** True when a JSON or text body carries Cisco's "Invalid Token" refusal (IdS or Finesse wrapper). */
export function saysInvalidToken(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown> | null;
    if (value && typeof value === 'object') {
      return [value.error, value.errorType, value.errorMessage, value.error_description].some(
        (field) => typeof field === 'string' && /invalid[ _]token/i.test(field),
      );
    }
  } catch {
    // not JSON: fall through to the text check
  }
  return /invalid[ _]token/i.test(text) && text.length < 2000;
}

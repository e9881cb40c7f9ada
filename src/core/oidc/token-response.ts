import { FinesseError } from '../kernel/errors.ts';
import { oauthErrorCode, oauthErrorDescription } from '../oauth/oauth-errors.ts';
import { MAX_EXPIRES_IN_S, MIN_EXPIRES_IN_S } from '../ids/token-answer.ts';
import { responseText } from '../kernel/response-text.ts';

/** A validated OAuth 2.0 token endpoint answer (RFC 6749 5.1). */
export interface OAuthTokens {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
}

/** Which request the answer is for: it decides what a refusal means. */
export type TokenGrant = 'authorization_code' | 'refresh_token';

const invalid = (why: string) =>
  new FinesseError('token-answer-invalid', `The token answer is not usable: ${why}.`);

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Classifies a token endpoint answer:
 * - 2xx with a JSON object holding a Bearer `access_token` and a sane `expires_in` → tokens;
 *   an HTML page, broken JSON or missing fields → `token-answer-invalid`;
 * - 5xx (and 429) → `server-error` (transport class: keep the pair, retry);
 * - a refusal (4xx, e.g. `invalid_grant` for a reused or revoked refresh token) →
 *   `refresh-rejected` for a refresh, which the session shows as needs-sign-in and never
 *   retries; `authorization-failed` for a code exchange. The server's `error` code goes to
 *   `details.errorType`, its description (cleaned) to `details.errorMessage`, neither to
 *   `message`;
 * - a redirect → `token-answer-invalid` (token endpoints do not redirect).
 */
export async function readTokenResponse(
  response: Response,
  grant: TokenGrant,
): Promise<OAuthTokens> {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw invalid('the token endpoint redirected');
  }
  // A broken body is `network`: the pair may be rotated already.
  const text = await responseText(response);
  const status = response.status;
  if (status >= 500 || status === 429) {
    throw new FinesseError('server-error', `The token endpoint answered HTTP ${status}.`, {
      details: { status },
    });
  }
  const isHtml =
    /html/i.test(response.headers.get('content-type') ?? '') || text.trimStart().startsWith('<');
  const body = isHtml ? null : parseJsonObject(text);
  if (!response.ok) {
    const errorType = oauthErrorCode(body?.error);
    const details = {
      status,
      errorType,
      errorMessage: oauthErrorDescription(body?.error_description),
    };
    if (grant === 'refresh_token') {
      throw new FinesseError(
        'refresh-rejected',
        `The identity provider refused to renew the sign-in (${errorType}).`,
        { details },
      );
    }
    throw new FinesseError(
      'authorization-failed',
      `The identity provider refused the sign-in code (${errorType}).`,
      { details },
    );
  }
  if (isHtml) throw invalid('it is an HTML page, not JSON');
  if (!body) throw invalid('it is not a JSON object');
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw invalid('"access_token" is missing');
  }
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw invalid('"token_type" is not Bearer');
  }
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
    throw invalid('"expires_in" is missing or not a number');
  }
  if (expiresIn < MIN_EXPIRES_IN_S || expiresIn > MAX_EXPIRES_IN_S) {
    throw invalid(
      `"expires_in" ${expiresIn} is outside ${MIN_EXPIRES_IN_S}..${MAX_EXPIRES_IN_S} s`,
    );
  }
  const tokens: OAuthTokens = { access_token: body.access_token, expires_in: expiresIn };
  for (const field of ['refresh_token', 'id_token'] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '') throw invalid(`"${field}" is not a string`);
    tokens[field] = value;
  }
  return tokens;
}

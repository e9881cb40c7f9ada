import { FinesseError } from '../kernel/errors.ts';
import { oauthErrorCode } from '../oauth/oauth-errors.ts';
import { responseText } from '../kernel/response-text.ts';

/**
 * Token lifetimes a Genesys Cloud administrator can give an OAuth client (Admin → Integrations →
 * OAuth → Token Duration), in seconds: 300 to 172 800 (2 days). Genesys suggests 18 hours
 * (64 800 s) so a token outlives an agent's shift.
 */
export const GENESYS_TOKEN_LIFETIME_S = { min: 300, max: 172_800 } as const;

/** An access token from Genesys and how long it lives; no refresh token exists in a browser. */
export interface GenesysToken {
  token: string;
  expiresIn: number;
}

/** Who signed in, from `GET /api/v2/users/me`. */
export interface GenesysUser {
  userId: string;
  userPrincipal: string;
}

const invalid = (why: string) =>
  new FinesseError('token-answer-invalid', `The Genesys Cloud answer is not usable: ${why}.`);

/**
 * Reads `expires_in` (a number in the token endpoint's JSON, a string in the implicit
 * grant's fragment). The decision, for a product that must never sign agents out by surprise:
 * - missing, not a whole number, or 0 and below: `token-answer-invalid` (nothing to schedule
 *   the re-sign-in banner against);
 * - 1 to 172 800 s: taken as it is. Below the configurable minimum of 300 s can still be real
 *   (a clock-trimmed remainder), and pretending it lasts longer would let it expire unseen;
 * - above 172 800 s, which no client can be configured for: clamped to 172 800 s, so the
 *   banner comes early rather than late, and the sign-in is not refused for a server quirk.
 */
export function readExpiresIn(value: unknown): number {
  const seconds =
    typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
    throw invalid('"expires_in" is missing or not a whole number');
  }
  if (seconds < 1) throw invalid('"expires_in" says the token has already expired');
  return Math.min(seconds, GENESYS_TOKEN_LIFETIME_S.max);
}

/**
 * Validates the three fields of a Genesys token answer (token endpoint JSON or implicit
 * fragment). `token_type` may be absent, but when present it must be `bearer`.
 */
export function toGenesysToken(fields: {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}): GenesysToken {
  const token = fields.access_token;
  if (typeof token !== 'string' || token.trim() === '') {
    throw invalid('"access_token" is missing');
  }
  const type = fields.token_type;
  if (type !== undefined && type !== null && String(type).toLowerCase() !== 'bearer') {
    throw new FinesseError(
      'not-bearer',
      'Genesys Cloud issued a token that is not a bearer token.',
    );
  }
  return { token, expiresIn: readExpiresIn(fields.expires_in) };
}

/** The implicit grant's fragment parameters as a token. */
export function tokenFromParams(params: URLSearchParams): GenesysToken {
  return toGenesysToken({
    access_token: params.get('access_token') ?? undefined,
    token_type: params.get('token_type') ?? undefined,
    expires_in: params.get('expires_in') ?? undefined,
  });
}

/** The token endpoint refused the code (`invalid_grant`, `invalid_client`…). */
function tokenRefused(error: unknown, status: number): FinesseError {
  const code = oauthErrorCode(error);
  return new FinesseError(
    'authorization-failed',
    `Genesys Cloud refused to issue the token (${code}, HTTP ${status}).`,
    { details: { errorType: code, status } },
  );
}

/** Reads a JSON body; an HTML page (a proxy's or a login page) or other text is invalid. */
async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await responseText(response, what);
  const type = response.headers.get('content-type') ?? '';
  if (/html/i.test(type) || text.trimStart().startsWith('<')) {
    throw invalid(`${what} is an HTML page, not JSON`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
}

const asObject = (value: unknown, what: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
};

/** Statuses and redirects every Genesys call treats alike. */
function checkStatus(response: Response, what: string): void {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw invalid(`${what} was a redirect`);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new FinesseError(
      'server-error',
      `Genesys Cloud answered ${what} with HTTP ${response.status}.`,
      {
        details: { status: response.status },
      },
    );
  }
}

/**
 * Classifies the token endpoint's answer to the code exchange: 2xx JSON → a token; 4xx →
 * `authorization-failed` (with the OAuth `error`, e.g. `invalid_grant`); 5xx and 429 →
 * `server-error`; HTML, garbage or a redirect → `token-answer-invalid`.
 */
export async function readTokenResponse(response: Response): Promise<GenesysToken> {
  checkStatus(response, 'the token request');
  if (!response.ok) {
    const body = await readJson(response, 'the token refusal').catch(() => ({}));
    const error =
      typeof body === 'object' && body ? (body as { error?: unknown }).error : undefined;
    throw tokenRefused(error, response.status);
  }
  return toGenesysToken(asObject(await readJson(response, 'the token answer'), 'the token answer'));
}

const firstText = (...values: unknown[]) =>
  values.find((value): value is string => typeof value === 'string' && value.trim() !== '');

/**
 * Classifies `GET /api/v2/users/me`: 2xx JSON with a string `id` → the user (principal: its
 * `email`, else `username`, else `id`); 401/403 → `authorization-failed` (the new token was
 * refused); 5xx and 429 → `server-error`; anything else unusable → `token-answer-invalid`.
 */
export async function readUserResponse(response: Response): Promise<GenesysUser> {
  checkStatus(response, 'the user request');
  if (!response.ok) {
    throw new FinesseError(
      'authorization-failed',
      `Genesys Cloud refused the new token when asked who signed in (HTTP ${response.status}).`,
      { details: { status: response.status } },
    );
  }
  const user = asObject(await readJson(response, 'the user answer'), 'the user answer');
  const userId = firstText(user.id);
  if (!userId) throw invalid('the user answer has no "id"');
  return { userId, userPrincipal: firstText(user.email, user.username) ?? userId };
}

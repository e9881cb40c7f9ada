import { FinesseError } from '../kernel/errors.ts';

/**
 * An OAuth `error` code as the server sent it, if it looks like one (RFC 6749 codes are short
 * ASCII words); anything else becomes `unknown`, so no server-chosen text reaches a message.
 */
export function oauthErrorCode(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'unknown';
}

/**
 * `error_description`, made safe to show next to the code: control characters removed, cut at
 * 200 characters. It goes to `details.errorMessage` only, never into `message` or a log line.
 */
export function oauthErrorDescription(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

/** The `error=` answer of an authorization endpoint, as `authorization-failed`. */
export function authorizationFailed(params: URLSearchParams): FinesseError {
  const code = oauthErrorCode(params.get('error'));
  return new FinesseError(
    'authorization-failed',
    `The identity provider did not sign you in (${code}).`,
    {
      details: {
        errorType: code,
        errorMessage: oauthErrorDescription(params.get('error_description')),
      },
    },
  );
}

/** The answer's `state` is not the one this sign-in sent. */
export const stateMismatch = () =>
  new FinesseError(
    'state-mismatch',
    'The sign-in answer does not belong to a sign-in this browser started.',
  );

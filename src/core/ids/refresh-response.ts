import { FinesseError } from '../kernel/errors.ts';
import { parseTokenAnswer, saysInvalidToken } from './token-answer.ts';
import type { TokenAnswer } from '../session/types.ts';
import { responseText } from '../kernel/response-text.ts';

const needsInteraction = (why: string) =>
  new FinesseError(
    'refresh-needs-interaction',
    `The sign-in cannot be renewed without you: ${why}.`,
  );

/**
 * Classifies a refresh answer. Only a JSON object with a string `token` is a new pair;
 * everything else throws a typed error and the caller keeps the stored pair:
 * - opaque redirect / HTML page → `refresh-needs-interaction` (Finesse sent us to IdS or the IdP);
 * - 503 → `out-of-service` whatever the body says (Finesse in PARTIAL_SERVICE or OUT_OF_SERVICE;
 *   transport class: retry, keep the pair);
 * - 401/403/400, or any status whose body says "Invalid Token" → `refresh-rejected`;
 * - other 5xx → `server-error` (transport class: retry, keep the pair);
 * - 200 with a body that is not a valid answer → `token-answer-invalid`.
 */
export async function readRefreshResponse(response: Response): Promise<TokenAnswer> {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw needsInteraction('Finesse redirected the refresh to the identity server');
  }
  // A broken body is `network`: the pair may be rotated already.
  const text = await responseText(response);
  const contentType = response.headers.get('content-type') ?? '';
  const status = response.status;
  if (response.ok) {
    if (/html/i.test(contentType) || text.trimStart().startsWith('<')) {
      throw needsInteraction('Finesse answered with a sign-in page');
    }
    return parseTokenAnswer(text);
  }
  if (status === 503) {
    throw new FinesseError('out-of-service', 'Finesse is out of service (HTTP 503).', {
      details: { status },
    });
  }
  if (saysInvalidToken(text) || status === 401 || status === 403 || status === 400) {
    throw new FinesseError(
      'refresh-rejected',
      'The identity server refused to renew the sign-in.',
      {
        details: { status },
      },
    );
  }
  if (status >= 500) {
    throw new FinesseError('server-error', `Finesse answered the refresh with HTTP ${status}.`, {
      details: { status },
    });
  }
  throw new FinesseError('refresh-rejected', `Finesse answered the refresh with HTTP ${status}.`, {
    details: { status },
  });
}

/** Turns what `fetch` throws into `network` or `timeout`. */
export function transportError(error: unknown, timedOut: boolean): FinesseError {
  if (error instanceof FinesseError) return error;
  if (timedOut) {
    return new FinesseError('timeout', 'Finesse did not answer the refresh in time.', {
      cause: error,
    });
  }
  return new FinesseError('network', 'Finesse could not be reached.', { cause: error });
}

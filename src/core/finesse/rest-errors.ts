/**
 * How Finesse's refusals become FinesseErrors: a 503 is `out-of-service` whatever its body,
 * a 401 after the session's own retry is `signed-out`, anything else `api-error` with
 * Finesse's ErrorType/ErrorMessage. Split from `rest-client.ts`; shared by the transport and
 * the per-resource calls.
 */
import { FinesseError } from '../kernel/errors.ts';
import { readApiErrors } from './parse.ts';

/**
 * Finesse answers 503 to every request while a node is in PARTIAL_SERVICE or OUT_OF_SERVICE;
 * what the body says is not reliably documented, so the status alone decides.
 */
export const isOutOfService = (status: number): boolean => status === 503;

/**
 * The error for a refused request: Finesse's own ErrorType/ErrorMessage when it sent them.
 * A 503 is `out-of-service` whatever its body says (no body, an HTML page, any ErrorType).
 */
export function apiErrorFrom(status: number, body: string): FinesseError {
  const first = readApiErrors(body)[0];
  if (isOutOfService(status)) {
    return new FinesseError('out-of-service', 'Finesse is out of service (HTTP 503).', {
      details: first?.errorType ? { status, errorType: first.errorType } : { status },
    });
  }
  if (first && (first.errorType || first.errorMessage)) {
    const { errorType, errorMessage } = first;
    const message = errorMessage ? `${errorType}: ${errorMessage}` : errorType;
    return new FinesseError('api-error', message, {
      details: { status, errorType, errorMessage },
    });
  }
  return new FinesseError('api-error', `Finesse answered HTTP ${status}.`, { details: { status } });
}

/** A 401 after the session already refreshed and retried once: the pair is no good. */
export const signedOut = () =>
  new FinesseError('signed-out', 'Finesse refused the sign-in (HTTP 401).', {
    details: { status: 401 },
  });
